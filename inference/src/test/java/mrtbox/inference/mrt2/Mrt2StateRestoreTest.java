package mrtbox.inference.mrt2;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.Map;
import mrtbox.inference.model.NoteFrame;
import mrtbox.inference.model.StepControls;
import mrtbox.inference.weights.SafetensorsFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A state snapshot put back as the live state (a scene's music, a rollback): continuation, files, layout, size. */
@Timeout(120)
class Mrt2StateRestoreTest {
    private static final int[] STYLE = {325, 98, 979, 657, 802, 453, 1, 2, 3, 4, 5, 6};

    private static StepControls controls(float temperature) {
        return new StepControls(STYLE, null, temperature, 40, 3f, NoteFrame.SILENT, Map.of());
    }

    private static float[][] audio(Mrt2FrameModel m, StepControls c, int frames) {
        float[][] out = new float[frames][1920 * 2];
        for (int f = 0; f < frames; f++) m.step(c, out[f]);
        return out;
    }

    @Test
    void restoredSnapshotContinuesBitExactlyUnderGreedyDecodingAndLeavesTheResetTarget(@TempDir Path dir) throws Exception {
        try (Mrt2FrameModel m = Mrt2Models.tiny(8, true)) {
            m.reset(3);
            audio(m, controls(0f), 5);
            Mrt2State snap = m.states().capture();
            float[][] uninterrupted = audio(m, controls(0f), 6);
            m.reset(99);                         // another take, another codec stream
            audio(m, controls(1f), 4);
            m.restoreState(snap);
            float[][] resumed = audio(m, controls(0f), 6);
            for (int f = 0; f < 6; f++) assertArrayEquals(uninterrupted[f], resumed[f], "frame " + f + " after the restore");
            assertNull(m.states().resetTarget(), "a restore is not a load: the reset target stays the factory state");

            // through a file, as a scene stores it, with its metadata
            Path file = dir.resolve("scene.safetensors");
            m.states().write(snap, file, Map.of("scene", "drop", "layout", m.states().layout()));
            try (SafetensorsFile f = SafetensorsFile.open(file)) {
                assertEquals("drop", f.metadata().get("scene"));
                assertEquals(m.states().layout(), f.metadata().get("layout"));
                assertEquals("tiny-mrt2", f.metadata().get("model"));
            }
            Mrt2State read = m.states().read(file);
            m.restoreState(read);
            float[][] fromFile = audio(m, controls(0f), 6);
            for (int f = 0; f < 6; f++) assertArrayEquals(uninterrupted[f], fromFile[f], "frame " + f + " after the file");
        }
    }

    @Test
    void layoutSeparatesModelsAndSizeIsTheStateTensors() throws Exception {
        try (Mrt2FrameModel trueCfg = Mrt2Models.tiny(8, true); Mrt2FrameModel other = Mrt2Models.tiny(9, true);
             Mrt2FrameModel plain = Mrt2Models.tiny(8, false)) {
            assertEquals(trueCfg.states().layout(), other.states().layout(), "same dims, same layout");
            assertNotEquals(trueCfg.states().layout(), plain.states().layout(), "another CFG batch takes no state of this one");
            trueCfg.reset(1);
            Mrt2State s = trueCfg.states().capture();
            // the LLM part by arithmetic: per temporal layer self K, self V, cross K, cross V of [B, H, W + 1, Dh]
            Mrt2Config c = Mrt2Config.tiny();
            long llm = (long) c.tLayers() * 4 * 3 * c.tHeads() * (c.window() + 1) * c.tHeadDim() * Float.BYTES
                    + (12 + 1) * Float.BYTES;   // the 12 previous ids and the frame counter
            long codec = 0;
            for (float[] v : s.codec().values()) codec += (long) v.length * Float.BYTES;
            assertEquals(llm + codec, Mrt2States.bytes(s));
        }
    }
}
