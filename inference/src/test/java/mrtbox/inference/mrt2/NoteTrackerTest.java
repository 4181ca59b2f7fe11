package mrtbox.inference.mrt2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import mrtbox.inference.conformance.NpyArray;
import mrtbox.inference.model.NoteFrame;
import mrtbox.inference.testutil.Golden;
import org.junit.jupiter.api.Test;

class NoteTrackerTest {
    @Test
    void aTapShorterThanAFrameYieldsExactlyOneOnsetFrame() {
        NoteTracker t = new NoteTracker();
        t.noteOn(60);
        t.noteOff(60);
        NoteFrame f = t.nextFrame();
        assertTrue(f.onset(60) && f.held(60), "the released tap still sounds for one frame as an onset");
        NoteFrame g = t.nextFrame();
        assertFalse(g.held(60) || g.onset(60), "and is gone the frame after");
        assertEquals(0, t.activeCount());
    }

    @Test
    void fastRepeatedTapsInsideOneFrameCollapseToOneEvent() {
        NoteTracker t = new NoteTracker();
        for (int i = 0; i < 5; i++) {
            t.noteOn(62);
            t.noteOff(62);
        }
        assertTrue(t.nextFrame().onset(62));
        assertFalse(t.nextFrame().held(62));
        // on, off, on inside a frame: the last on re-triggers and the note keeps sounding
        t.noteOn(62);
        t.noteOff(62);
        t.noteOn(62);
        assertTrue(t.nextFrame().onset(62));
        NoteFrame sustained = t.nextFrame();
        assertTrue(sustained.held(62) && !sustained.onset(62));
    }

    @Test
    void overlappingNotesKeepTheirOwnStates() {
        NoteTracker t = new NoteTracker();
        t.noteOn(60);
        NoteFrame a = t.nextFrame();
        t.noteOn(64); // 60 still held
        NoteFrame b = t.nextFrame();
        t.noteOff(60);
        t.noteOn(60); // re-trigger while 64 sustains
        NoteFrame c = t.nextFrame();
        t.noteOff(64);
        NoteFrame d = t.nextFrame();
        assertTrue(a.onset(60) && !a.held(64));
        assertTrue(b.held(60) && !b.onset(60) && b.onset(64));
        assertTrue(c.onset(60) && c.held(64) && !c.onset(64));
        assertTrue(d.held(60) && !d.onset(60) && !d.held(64));
        t.allOff();
        assertEquals(0, t.activeCount());
        assertThrows(IllegalArgumentException.class, () -> t.noteOn(128));
    }

    @Test
    void conditioningReproducesTheGoldenFrameScheduleFromPlayedNotes() throws Exception {
        int[][] want = NpyArray.read(Golden.caseDir("mrt2_step_a").resolve("inputs/cond_pos.npy")).intRows();
        int[] s1 = {325, 98, 979, 657, 802, 453};
        NoteTracker t = new NoteTracker();
        // the case: frames 4-7 hold 60 and 64 (onset at 4), unmask mode, width 2 (58..66 explicit off)
        NoteConditioning unmask = new NoteConditioning(NoteConditioning.OnsetMode.UNMASK, 2, false);
        for (int f = 0; f < 8; f++) {
            if (f == 4) {
                t.noteOn(60);
                t.noteOn(64);
            }
            assertArrayEquals(want[f], unmask.positive(s1, t.nextFrame()), "frame " + f);
        }
        t.allOff();
        t.nextFrame();
        // frames 8-11: notes masked, drumless (drum value 0); the case uses all 12 style codes, the live path 6
        int[] row = new NoteConditioning(NoteConditioning.OnsetMode.MASK, 0, true).positive(new int[] {660, 1016, 295, 206, 857, 841}, t.nextFrame());
        assertArrayEquals(Arrays.copyOfRange(want[8], 12, 141), Arrays.copyOfRange(row, 12, 141));
        assertArrayEquals(Arrays.copyOfRange(want[8], 0, 6), Arrays.copyOfRange(row, 0, 6));
        for (int k = 6; k < 12; k++) assertEquals(Mrt2Vocab.MASK, row[k], "live style uses the first 6 tokens only");
    }

    @Test
    void maskModeSoloAndAccompany() {
        NoteTracker t = new NoteTracker();
        t.noteOn(10);
        NoteFrame f = t.nextFrame();
        int[] accompany = NoteConditioning.DEFAULT.positive(null, f);
        int[] solo = new NoteConditioning(NoteConditioning.OnsetMode.MASK, NoteConditioning.SOLO, false).positive(null, f);
        for (int p = 0; p < 128; p++) {
            int slot = Mrt2Vocab.STYLE_SLOTS + p;
            assertEquals(p == 10 ? 10 : Mrt2Vocab.MASK, accompany[slot], "accompany: only the held note, as 3 (model decides onset)");
            assertEquals(p == 10 ? 10 : 7, solo[slot], "solo: every other pitch explicitly off");
        }
        assertEquals(Mrt2Vocab.MASK, accompany[Mrt2Vocab.DRUM_SLOT]);
        int[] neg = NoteConditioning.notesMasked(solo);
        for (int p = 0; p < 128; p++) assertEquals(Mrt2Vocab.MASK, neg[Mrt2Vocab.STYLE_SLOTS + p]);
        assertEquals(Mrt2Vocab.MASK, NoteConditioning.styleMasked(NoteConditioning.DEFAULT.positive(new int[] {1, 2, 3, 4, 5, 6}, f))[0]);
    }
}
