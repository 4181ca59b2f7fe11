package mrtbox.inference.mrtv1;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import mrtbox.inference.model.StepControls;
import mrtbox.inference.weights.SafetensorsWriter;
import mrtbox.inference.weights.WeightException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * MRT v1 state files on tiny-v1 with its real (tiny) codec: a state taken at the next chunk boundary, written and read
 * back, continues sample for sample; the guard's rollback copy is the same state; damaged files are refused whole.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class MrtV1StatesTest {
    private static final int[] STYLE = {325, 98, 979, 657, 802, 453};
    private static final StepControls GREEDY = new StepControls(STYLE, null, 0f, 40, 3f, null, Map.of());
    private static final StepControls SAMPLED = new StepControls(STYLE, null, 1.1f, 40, 3f, null, Map.of());
    private static final int OUT = ChunkCrossfade.EMIT * ChunkCrossfade.CHANNELS;

    @TempDir Path dir;

    private static float[] step(MrtV1ChunkModel m, StepControls c) {
        float[] out = new float[OUT];
        m.step(c, out);
        return out;
    }

    /** Saves at a chunk boundary, plays on, restores from the file: the chunks after are the chunks that followed. */
    private void continuesExactly(StepControls controls) throws Exception {
        try (MrtV1ChunkModel m = MrtV1Models.tiny(77)) {
            m.reset(5);
            step(m, controls);
            CompletableFuture<MrtV1State> asked = m.states().atNextStep();
            assertFalse(asked.isDone(), "taken by the generation thread at its next chunk, not at once");
            float[] a = step(m, controls);
            float[] b = step(m, controls);
            MrtV1State s = asked.get(1, TimeUnit.SECONDS);
            assertEquals(1, s.chunkIndex(), "the state before the chunk that was asked for");
            Path file = dir.resolve("s.safetensors");
            m.states().write(s, file, Map.of("scene", "drop"));
            step(m, SAMPLED);
            step(m, SAMPLED);   // the music moves on
            m.restoreState(m.states().read(file));
            assertArrayEquals(a, step(m, controls), "first chunk after the restore");
            assertArrayEquals(b, step(m, controls), "second chunk after the restore");
        }
    }

    @Test
    void aStateReadFromItsFileContinuesBitExactlyUnderGreedyDecoding() throws Exception {
        continuesExactly(GREEDY);
    }

    @Test
    void aSceneRestoreReplaysTheSameTakeUnderSamplingWhileTheGuardsRollbackTakesAnother() throws Exception {
        continuesExactly(SAMPLED);
        try (MrtV1ChunkModel m = MrtV1Models.tiny(77)) {
            m.reset(5);
            step(m, SAMPLED);
            Object guardCopy = m.captureState();
            assertInstanceOf(MrtV1State.class, guardCopy, "the guard rolls back to the same context-token state scenes store");
            float[] next = step(m, SAMPLED);
            m.restoreState(guardCopy);   // the guard's path: same context, the chunk counter goes on
            assertEquals(2, m.chunkIndex());
            assertFalse(java.util.Arrays.equals(next, step(m, SAMPLED)), "another take from the restored context");
        }
    }

    @Test
    void theFileHoldsTheContextCodesTailSeedAndCounterExactly() throws Exception {
        try (MrtV1ChunkModel m = MrtV1Models.tiny(77)) {
            m.reset(9);
            step(m, SAMPLED);
            MrtV1State s = m.captureState();
            Path file = dir.resolve("x.safetensors");
            m.states().write(s, file, Map.of());
            MrtV1State back = m.states().read(file);
            assertTrue(java.util.Arrays.deepEquals(s.context(), back.context()));
            assertTrue(java.util.Arrays.deepEquals(s.ownContext(), back.ownContext()));
            assertEquals(-1, back.context()[0][0], "frames before the first chunk stay empty (-1)");
            assertArrayEquals(s.tail(), back.tail());
            assertEquals(9, back.seed());
            assertEquals(1, back.chunkIndex());
            assertEquals(4L * (2 * 250 * 16 + 3840), MrtV1States.bytes(back));
        }
    }

    @Test
    void damagedOrForeignFilesAreRefusedWhole() throws Exception {
        try (MrtV1ChunkModel m = MrtV1Models.tiny(77)) {
            m.reset(1);
            step(m, GREEDY);
            MrtV1State s = m.captureState();
            Path good = dir.resolve("good.safetensors");
            m.states().write(s, good, Map.of());

            Path bad = dir.resolve("bad.safetensors");
            float[] codes = new float[250 * 16];
            codes[17] = 1024;
            new SafetensorsWriter().metadata("format", MrtV1States.FORMAT).metadata("seed", "1").metadata("chunk_index", "1")
                    .put("context", new long[] {250, 16}, codes).put("own_context", new long[] {250, 16}, new float[250 * 16])
                    .put("tail", new long[] {1920, 2}, new float[3840]).write(bad);
            WeightException e = assertThrows(WeightException.class, () -> m.states().read(bad));
            assertTrue(e.getMessage().contains("context frame 1 level 1 holds 1024.0"), e.getMessage());

            Path mrt2 = dir.resolve("mrt2.safetensors");
            new SafetensorsWriter().metadata("format", "mrtbox-mrt2-state").put("x", new long[] {1}, new float[1]).write(mrt2);
            e = assertThrows(WeightException.class, () -> m.states().read(mrt2));
            assertTrue(e.getMessage().contains("is not an MRT v1 state"), e.getMessage());

            Path torn = dir.resolve("torn.safetensors");
            byte[] all = Files.readAllBytes(good);
            Files.write(torn, java.util.Arrays.copyOf(all, all.length - 100));
            assertThrows(java.io.IOException.class, () -> m.states().read(torn));
            assertArrayEquals(s.tail(), m.states().read(good).tail(), "the good file still reads");
        }
    }
}
