package mrtbox.inference.mrtv1;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import mrtbox.inference.model.StepControls;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The output guard's view of MRT v1: captured context tokens and tail come back; the chunk counter keeps counting. */
@Timeout(300)
class MrtV1RestoreTest {
    private static final StepControls CONTROLS = new StepControls(null, null, 1.1f, 40, 5.0f, null, Map.of());

    @Test
    void aRestoredStateHasTheCapturedContextAndTailAndTheNextChunkIsKeyedAnew() throws Exception {
        try (MrtV1ChunkModel m = MrtV1Models.tiny(1234L, frames -> new float[ChunkCrossfade.DECODED * ChunkCrossfade.CHANNELS])) {
            m.reset(3);
            float[] out = new float[ChunkCrossfade.EMIT * ChunkCrossfade.CHANNELS];
            m.step(CONTROLS, out);
            assertNotNull(m.lastStepTokens());
            Object saved = m.captureState();
            int[][] context = m.context();
            float[] tail = m.tail();
            m.step(CONTROLS, out);
            assertFalse(java.util.Arrays.deepEquals(context, m.context()), "a chunk moves the context");
            m.restoreState(saved);
            assertTrue(java.util.Arrays.deepEquals(context, m.context()));
            assertArrayEquals(tail, m.tail());
            assertEquals(2, m.chunkIndex(), "the chunk counter is not rolled back: the next chunk is another take");
            assertThrows(IllegalArgumentException.class, () -> m.restoreState(new Object()));
        }
    }
}
