package mrtbox.inference.mrt2;

import org.junit.jupiter.api.Timeout;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import mrtbox.inference.model.ModelInfo;
import mrtbox.inference.model.NoteFrame;
import mrtbox.inference.model.StepControls;
import mrtbox.inference.weights.SafetensorsWriter;
import mrtbox.inference.weights.WeightException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 300, unit = TimeUnit.SECONDS)   // TensorFlow: a hung session must not stall the build
class Mrt2FrameModelTest {
    private static final int[] STYLE = {325, 98, 979, 657, 802, 453, 1, 2, 3, 4, 5, 6};

    private static StepControls controls(float temperature, NoteFrame notes) {
        return new StepControls(STYLE, null, temperature, 40, 3f, notes, Map.of(Mrt2FrameModel.CFG_NOTES, 2.0, Mrt2FrameModel.UNMASK_WIDTH, 2.0));
    }

    private static int[][] ids(Mrt2FrameModel m, StepControls c, int frames, float[] out) {
        int[][] ids = new int[frames][];
        for (int f = 0; f < frames; f++) {
            m.step(c, out);
            ids[f] = m.lastIds();
        }
        return ids;
    }

    @Test
    void tinyModelStreamsFramesOfStereoAudioThroughTheCodec() throws Exception {
        try (Mrt2FrameModel m = Mrt2Models.tiny(5, true)) {
            ModelInfo info = m.info();
            assertEquals(ModelInfo.Shape.FRAME, info.shape());
            assertEquals(1920, info.samplesPerStep());
            assertTrue(info.builtInNoise());
            m.reset(1);
            float[] out = new float[1920 * 2];
            m.step(controls(1f, NoteFrame.SILENT), out);
            for (float v : out) assertEquals(0f, v, "the codec's lookahead frame is silent");
            boolean sound = false;
            for (int f = 0; f < 3; f++) {
                m.step(controls(1f, NoteFrame.SILENT), out);
                for (float v : out) {
                    assertTrue(v >= -1f && v <= 1f);
                    assertEquals(v, Math.rint(v * 32768f) / 32768f, 0f, "int16 grid after the exported step's 0.5 gain");
                    sound |= v != 0f;
                }
            }
            assertTrue(sound, "the tiny model makes (noise) audio");
        }
    }

    @Test
    void stateSaveAndLoadRoundTripIsBitExactUnderGreedySampling(@TempDir Path dir) throws Exception {
        try (Mrt2FrameModel m = Mrt2Models.tiny(8, true)) {
            float[] out = new float[1920 * 2];
            NoteTracker notes = new NoteTracker();
            notes.noteOn(60);
            m.reset(3);
            ids(m, controls(0f, notes.nextFrame()), 5, out);
            Path file = dir.resolve("state.safetensors");
            m.states().save(file);
            int[][] after = ids(m, controls(0f, notes.nextFrame()), 6, out);
            // scramble the live state, then load (into the reset target) and reset: the continuation must repeat exactly
            m.reset(99);
            ids(m, controls(1f, NoteFrame.SILENT), 3, out);
            m.states().load(file);
            m.reset(3);
            assertArrayEquals(after, ids(m, controls(0f, notes.nextFrame()), 6, out));
            // reset goes back to the loaded target every time; factory reset to the empty windows
            m.reset(3);
            assertArrayEquals(after, ids(m, controls(0f, notes.nextFrame()), 6, out));
            m.resetToFactory(3);
            assertEquals(0, m.llm().frame());
            assertArrayEquals(new int[12], m.llm().previousIds());
        }
    }

    @Test
    void aBadStateFileIsRejectedBeforeAnythingChanges(@TempDir Path dir) throws Exception {
        try (Mrt2FrameModel m = Mrt2Models.tiny(8, false)) {
            Path bad = dir.resolve("bad.safetensors");
            new SafetensorsWriter().put("temporal_0/self_key", new long[] {1, 2, 4, 16}, new float[128]).write(bad);
            WeightException e = assertThrows(WeightException.class, () -> m.states().load(bad));
            assertTrue(e.getMessage().contains("temporal_0/self_key") || e.getMessage().contains("no tensor"), e.getMessage());
            Path wrongIds = dir.resolve("ids.safetensors");
            m.reset(0);
            m.states().save(wrongIds);
            // a saved state of the other batch size does not fit
            try (Mrt2FrameModel cfg = Mrt2Models.tiny(8, true)) {
                assertThrows(WeightException.class, () -> cfg.states().load(wrongIds));
            }
            assertTrue(Files.size(wrongIds) > 0);
        }
    }

    @Test
    void resetWithTheSameSeedRepeatsAndSeedRotationChangesTheStream() throws Exception {
        try (Mrt2FrameModel m = Mrt2Models.tiny(4, false)) {
            float[] out = new float[1920 * 2];
            m.reset(10);
            int[][] a = ids(m, controls(1.2f, NoteFrame.SILENT), 4, out);
            m.reset(10);
            assertArrayEquals(a, ids(m, controls(1.2f, NoteFrame.SILENT), 4, out));
            m.seedRotation(1);
            m.reset(10);
            assertNotEquals(Arrays.deepToString(a), Arrays.deepToString(ids(m, controls(1.2f, NoteFrame.SILENT), 4, out)));
        }
    }

    @Test
    void tokenPrefillForcesFramesAndSeedsTheLastAsThePreviousFrame() throws Exception {
        try (Mrt2FrameModel m = Mrt2Models.tiny(6, true)) {
            int[][] tokens = new int[5][12];
            for (int f = 0; f < 5; f++) for (int k = 0; k < 12; k++) tokens[f][k] = Mrt2Vocab.audioId(k, (f * 37 + k * 11) % 1024);
            m.reset(0);
            m.prefill().run(tokens, controls(0f, NoteFrame.SILENT));
            assertEquals(4, m.llm().frame(), "N - 1 forced steps");
            assertArrayEquals(tokens[4], m.llm().previousIds());
            float[] out = new float[1920 * 2];
            int[][] first = ids(m, controls(0f, NoteFrame.SILENT), 3, out);
            m.reset(0); // back to the prefilled checkpoint
            assertArrayEquals(first, ids(m, controls(0f, NoteFrame.SILENT), 3, out));
        }
    }

    @Test
    void silentPrefillRepeatsTheSilenceFrameWithTheStyleMasked() throws Exception {
        try (Mrt2FrameModel m = Mrt2Models.tiny(6, false)) {
            int[] silence = new int[12];
            for (int k = 0; k < 12; k++) silence[k] = Mrt2Vocab.audioId(k, 500 + k);
            m.reset(0);
            m.prefill().runSilence(silence, 8, controls(1f, NoteFrame.SILENT));
            assertEquals(7, m.llm().frame());
            assertArrayEquals(silence, m.llm().previousIds());
            for (int k = 0; k < 12; k++) assertEquals(Mrt2Vocab.MASK, m.lastConditioning()[k], "style masked during silent prefill");
            assertThrows(IllegalArgumentException.class, () -> m.prefill().runSilence(new int[12], 0, controls(1f, NoteFrame.SILENT)));
        }
    }
}
