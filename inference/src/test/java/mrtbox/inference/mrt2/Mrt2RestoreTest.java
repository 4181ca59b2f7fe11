package mrtbox.inference.mrt2;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import mrtbox.inference.model.NoteFrame;
import mrtbox.inference.model.StepControls;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The output guard's view of MRT2: a captured state comes back bit for bit, on another take; tokens per frame. */
@Timeout(120)
class Mrt2RestoreTest {
    private static final StepControls CONTROLS = new StepControls(new int[] {325, 98, 979, 657, 802, 453, 1, 2, 3, 4, 5, 6},
            null, 0f, 40, 3f, NoteFrame.SILENT, Map.of());

    @Test
    void aRestoredStateIsTheCapturedOneBitForBitAndSamplingMovesToAnotherTake() throws Exception {
        try (Mrt2FrameModel m = Mrt2Models.tiny(5, true)) {
            m.reset(1);
            float[] out = new float[1920 * 2];
            for (int f = 0; f < 6; f++) m.step(CONTROLS, out);
            assertEquals(12, m.lastStepTokens().length);
            Object saved = m.captureState();
            long seed = m.streamSeed();
            Mrt2State before = m.states().capture();
            for (int f = 0; f < 5; f++) m.step(CONTROLS, out);
            Mrt2State moved = m.states().capture();
            assertFalse(same(before, moved), "five frames change the state");
            m.restoreState(saved);
            assertTrue(same(before, m.states().capture()), "the restored state equals the captured one");
            assertEquals(seed + 1, m.streamSeed(), "another take after a rollback");
            assertThrows(IllegalArgumentException.class, () -> m.restoreState("not a state"));
        }
    }

    private static boolean same(Mrt2State a, Mrt2State b) {
        if (!a.llm().keySet().equals(b.llm().keySet())) return false;
        for (String k : a.llm().keySet()) if (!java.util.Arrays.equals(a.llm().get(k), b.llm().get(k))) return false;
        if ((a.codec() == null) != (b.codec() == null)) return false;
        if (a.codec() != null) for (String k : a.codec().keySet()) if (!java.util.Arrays.equals(a.codec().get(k), b.codec().get(k))) return false;
        return true;
    }
}
