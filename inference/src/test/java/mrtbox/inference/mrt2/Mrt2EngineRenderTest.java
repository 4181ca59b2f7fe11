package mrtbox.inference.mrt2;

import org.junit.jupiter.api.Timeout;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import mrtbox.inference.engine.EngineSettings;
import mrtbox.inference.engine.OfflineRenderer;
import mrtbox.inference.model.StepControls;
import org.junit.jupiter.api.Test;

/** A played note sequence rendered through the engine's offline renderer with tiny-mrt2 (the live generator path). */
@Timeout(value = 300, unit = TimeUnit.SECONDS)   // TensorFlow: a hung session must not stall the build
class Mrt2EngineRenderTest {
    private static final int STEPS = 20;

    /** Renders STEPS frames; with {@code play}, taps 60 at step 4 (shorter than a frame) and holds 64 over steps 8..12. */
    private static List<int[]> render(Mrt2FrameModel model, boolean play, float[][] audioOut, List<int[]> condOut) throws Exception {
        NoteTracker notes = new NoteTracker();
        List<int[]> ids = new ArrayList<>();
        OfflineRenderer r = new OfflineRenderer(model,
                () -> new StepControls(new int[] {325, 98, 979, 657, 802, 453}, null, 0f, 40, 3f, notes.nextFrame(),
                        Map.of(Mrt2FrameModel.CFG_NOTES, 3.0, Mrt2FrameModel.ONSET_MODE, 1.0, Mrt2FrameModel.UNMASK_WIDTH, 127.0)),
                EngineSettings.DEFAULTS, 42L);
        r.onStep((i, t) -> {
            if (i > 0) {
                ids.add(model.lastIds());
                condOut.add(model.lastConditioning());
            }
            if (!play) return;
            if (i == 4) {
                notes.noteOn(60);
                notes.noteOff(60);
            }
            if (i == 8) notes.noteOn(64);
            if (i == 12) notes.noteOff(64);
        });
        float[] all = new float[STEPS * 1920 * 2];
        int[] at = {0};
        r.render((long) STEPS * 1920, (block, frames) -> {
            int n = Math.min(frames * 2, all.length - at[0]);
            System.arraycopy(block, 0, all, at[0], n);
            at[0] += n;
        });
        audioOut[0] = all;
        return ids;
    }

    @Test
    void playedNotesReachTheModelThroughTheEngineAndRendersAreDeterministic() throws Exception {
        try (Mrt2FrameModel model = Mrt2Models.tiny(12, true)) {
            float[][] a = new float[1][], b = new float[1][], silent = new float[1][];
            List<int[]> condA = new ArrayList<>(), condB = new ArrayList<>(), condSilent = new ArrayList<>();
            List<int[]> idsA = render(model, true, a, condA);
            List<int[]> idsB = render(model, true, b, condB);
            List<int[]> idsSilent = render(model, false, silent, condSilent);
            assertTrue(idsA.size() >= STEPS - 2, "steps rendered: " + idsA.size());
            for (int i = 0; i < idsA.size(); i++) assertArrayEquals(idsA.get(i), idsB.get(i), "greedy render is deterministic at step " + i);
            assertArrayEquals(a[0], b[0]);
            // what each step's conditioning said about pitches 60 and 64 (solo: idle = 7, unmask mode: onset 9, sustain 8)
            int p60 = Mrt2Vocab.STYLE_SLOTS + 60, p64 = Mrt2Vocab.STYLE_SLOTS + 64;
            for (int i = 0; i < condA.size(); i++) {
                int want60 = i == 4 ? 9 : 7; // the tap shorter than a frame: exactly one onset frame
                int want64 = i == 8 ? 9 : i > 8 && i < 12 ? 8 : 7;
                assertEquals(want60, condA.get(i)[p60], "pitch 60 at step " + i);
                assertEquals(want64, condA.get(i)[p64], "pitch 64 at step " + i);
                assertEquals(7, condSilent.get(i)[p60]);
                assertEquals(Mrt2Vocab.token(0) , condA.get(i)[Mrt2Vocab.STYLE_SLOTS + 10], "solo: other pitches explicitly off");
            }
            for (int i = 0; i < 4; i++) assertArrayEquals(idsSilent.get(i), idsA.get(i), "before any note the streams agree, step " + i);
            boolean sound = false;
            for (float v : a[0]) {
                assertFalse(Float.isNaN(v));
                sound |= v != 0f;
            }
            assertTrue(sound);
            assertEquals(STEPS * 1920 * 2, a[0].length);
        }
    }
}
