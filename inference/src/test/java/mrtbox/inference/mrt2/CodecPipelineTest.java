package mrtbox.inference.mrt2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mrtbox.inference.model.NoteFrame;
import mrtbox.inference.model.StepControls;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipelined frame (codec of frame n beside the LLM of frame n + 1) against the sequential one on tiny-mrt2:
 * the same seeded models play sample-identical audio, the pipelined one exactly one step later, across resets,
 * state captures, state loads and prefills.
 */
@Timeout(120)
class CodecPipelineTest {
    private static final int[] STYLE = {325, 98, 979, 657, 802, 453, 1, 2, 3, 4, 5, 6};
    private static final StepControls CONTROLS = new StepControls(STYLE, null, 1.1f, 40, 3f, NoteFrame.SILENT, Map.of());
    private static final int FLOATS = Mrt2FrameModel.FRAME_SAMPLES * Mrt2FrameModel.CHANNELS;

    /** Both models' outputs, one array per step. */
    private final List<float[]> sequential = new ArrayList<>(), pipelined = new ArrayList<>();

    private void steps(Mrt2FrameModel seq, Mrt2FrameModel pipe, int n) {
        for (int i = 0; i < n; i++) {
            float[] a = new float[FLOATS], b = new float[FLOATS];
            seq.step(CONTROLS, a);
            pipe.step(CONTROLS, b);
            sequential.add(a);
            pipelined.add(b);
        }
    }

    /** Step k of the pipelined model plays step k - 1 of the sequential one; step 0 plays silence. */
    private void assertOneStepBehind() {
        assertArrayEquals(new float[FLOATS], pipelined.get(0), "the first pipelined step is silence");
        for (int k = 1; k < pipelined.size(); k++) assertArrayEquals(sequential.get(k - 1), pipelined.get(k), "step " + k);
        assertTrue(sequential.stream().anyMatch(a -> a[100] != 0f), "the model made sound");
    }

    private static Mrt2FrameModel[] pair(boolean trueCfg) throws Exception {
        Mrt2FrameModel seq = Mrt2Models.tiny(7, trueCfg), pipe = Mrt2Models.tiny(7, trueCfg);
        pipe.pipelineCodec();
        seq.reset(11);
        pipe.reset(11);
        return new Mrt2FrameModel[] {seq, pipe};
    }

    @Test
    void pipelinedAudioIsTheSequentialAudioOneStepLater() throws Exception {
        for (boolean trueCfg : new boolean[] {false, true}) {
            sequential.clear();
            pipelined.clear();
            Mrt2FrameModel[] m = pair(trueCfg);
            try (Mrt2FrameModel seq = m[0]; Mrt2FrameModel pipe = m[1]) {
                assertFalse(seq.pipelined());
                assertTrue(pipe.pipelined());
                steps(seq, pipe, 8);
                assertOneStepBehind();
            }
        }
    }

    @Test
    void resetPlaysTheFrameInFlightThenTheNewStream() throws Exception {
        Mrt2FrameModel[] m = pair(false);
        try (Mrt2FrameModel seq = m[0]; Mrt2FrameModel pipe = m[1]) {
            steps(seq, pipe, 4);
            seq.reset(12);
            pipe.reset(12);
            steps(seq, pipe, 4);
            assertOneStepBehind();
        }
    }

    @Test
    void capturedAndLoadedStatesMatchTheSequentialOnes(@TempDir Path dir) throws Exception {
        Mrt2FrameModel[] m = pair(false);
        try (Mrt2FrameModel seq = m[0]; Mrt2FrameModel pipe = m[1]) {
            steps(seq, pipe, 3);
            var seqState = seq.states().atNextStep();
            var pipeState = pipe.states().atNextStep();
            steps(seq, pipe, 2);
            Mrt2State a = seqState.get(10, TimeUnit.SECONDS), b = pipeState.get(10, TimeUnit.SECONDS);
            assertEquals(a.codec().keySet(), b.codec().keySet());
            a.codec().forEach((k, v) -> assertArrayEquals(v, b.codec().get(k), "codec state " + k));
            a.llm().forEach((k, v) -> assertArrayEquals(v, b.llm().get(k), "LLM state " + k));
            Path file = dir.resolve("s.safetensors");
            seq.states().write(a, file);
            seq.states().load(file);
            pipe.states().load(file);
            seq.reset(13);
            pipe.reset(13);
            steps(seq, pipe, 3);
            assertOneStepBehind();
        }
    }

    @Test
    void aScheduledPrefillPlaysTheFrameInFlightThenSilence() throws Exception {
        Mrt2FrameModel[] m = pair(false);
        try (Mrt2FrameModel seq = m[0]; Mrt2FrameModel pipe = m[1]) {
            steps(seq, pipe, 3);
            int[][] frames = {seq.lastIds(), seq.lastIds()};
            seq.prefill().schedule(frames);
            pipe.prefill().schedule(frames);
            steps(seq, pipe, 5);
            assertOneStepBehind();
        }
    }
}
