package mrtbox.inference.mrt2;

import org.junit.jupiter.api.Timeout;
import java.util.concurrent.TimeUnit;

import static mrtbox.inference.mrt2.Mrt2Vocab.LEVELS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.SplittableRandom;
import mrtbox.inference.weights.SafetensorsFile;
import mrtbox.inference.weights.SafetensorsWriter;
import mrtbox.inference.weights.WeightException;
import mrtbox.inference.weights.WeightSource;
import mrtbox.inference.testutil.Golden;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 300, unit = TimeUnit.SECONDS)   // TensorFlow: a hung session must not stall the build
class Mrt2LlmTest {
    /** Random but valid conditioning: style codes or masks, pitches 0..3 or masked, drum 0/1 or masked. */
    private static int[] randomCond(SplittableRandom r) {
        int[] row = new int[Mrt2Vocab.INPUT_SLOTS];
        for (int i = 0; i < row.length; i++) {
            int values = i < Mrt2Vocab.STYLE_SLOTS ? 1024 : i < Mrt2Vocab.DRUM_SLOT ? 4 : 2;
            row[i] = r.nextInt(4) == 0 ? Mrt2Vocab.MASK : Mrt2Vocab.token(r.nextInt(values));
        }
        return row;
    }

    @Test
    void streamingStepsOverMoreFramesThanTheWindowEqualTheFullMaskedForwardPass() throws Exception {
        Mrt2Config c = Mrt2Config.tiny(); // W = 3
        int frames = 3 * c.window() + 2;
        try (Mrt2GraphLlm llm = Mrt2GraphLlm.load(Mrt2Models.randomWeights(c, 7), c, true, frames)) {
            SplittableRandom r = new SplittableRandom(3);
            Mrt2Sampling s = new Mrt2Sampling(1.0f, 40, 2.0f, 1.5f, 1.0f);
            int[][][] cond144 = new int[3][frames][];
            int[][] prev = new int[frames][];
            float[] streamed = new float[3 * frames * c.dTemporal()];
            int[] ids = new int[LEVELS];
            for (int f = 0; f < frames; f++) {
                prev[f] = llm.previousIds();
                int[] pos = randomCond(r);
                int[][] rows = {pos, NoteConditioning.styleMasked(pos), NoteConditioning.notesMasked(pos)};
                for (int b = 0; b < 3; b++) {
                    cond144[b][f] = java.util.Arrays.copyOf(rows[b], Mrt2Vocab.COND_SLOTS);
                    System.arraycopy(s.cfgTokens(), 0, cond144[b][f], Mrt2Vocab.INPUT_SLOTS, 3);
                }
                Mrt2Llm.Probe p = new Mrt2Llm.Probe();
                p.temporal = new float[3 * c.dTemporal()];
                llm.step(rows, s, 11L, null, ids, p);
                for (int b = 0; b < 3; b++) System.arraycopy(p.temporal, b * c.dTemporal(), streamed, (b * frames + f) * c.dTemporal(), c.dTemporal());
            }
            float[] full = llm.temporalForward(cond144, prev);
            double err = Mrt2StepConformance.relErr(streamed, full);
            assertTrue(err < 1e-5, "streaming vs full forward: relative error " + err);
            // the window bounds the receptive field to W x layers frames: conditioning at frame 0 reaches frame 0 but not the last frame
            int[][][] changed = cond144.clone();
            for (int b = 0; b < 3; b++) {
                changed[b] = cond144[b].clone();
                changed[b][0] = cond144[b][0].clone();
                changed[b][0][0] = changed[b][0][0] == Mrt2Vocab.MASK ? Mrt2Vocab.token(5) : Mrt2Vocab.MASK;
            }
            float[] other = llm.temporalForward(changed, prev);
            int d = c.dTemporal();
            float[] lastRow0 = java.util.Arrays.copyOfRange(full, (frames - 1) * d, frames * d);
            float[] lastRow0Changed = java.util.Arrays.copyOfRange(other, (frames - 1) * d, frames * d);
            float[] firstRow0 = java.util.Arrays.copyOfRange(full, 0, d);
            float[] firstRow0Changed = java.util.Arrays.copyOfRange(other, 0, d);
            assertNotEquals(java.util.Arrays.toString(firstRow0), java.util.Arrays.toString(firstRow0Changed), "frame 0 sees its own conditioning");
            assertTrue(frames - 1 > c.window() * c.tLayers());
            assertArrayEquals(lastRow0, lastRow0Changed, "frame " + (frames - 1) + " is beyond the receptive field of frame 0");
        }
    }

    @Test
    void sameSeedSameStreamAndTemperatureZeroIsGreedy() throws Exception {
        Mrt2Config c = Mrt2Config.tiny();
        try (Mrt2GraphLlm llm = Mrt2GraphLlm.load(Mrt2Models.randomWeights(c, 1), c, false, 0)) {
            int[][] cond = {NoteConditioning.DEFAULT.positive(new int[] {1, 2, 3, 4, 5, 6}, mrtbox.inference.model.NoteFrame.SILENT)};
            Mrt2Sampling hot = new Mrt2Sampling(1.5f, 0, 0f, 0f, 0f);
            int[][] a = run(llm, cond, hot, 5L, 6), b = run(llm, cond, hot, 5L, 6), other = run(llm, cond, hot, 6L, 6);
            assertArrayEquals(a, b);
            assertNotEquals(java.util.Arrays.deepToString(a), java.util.Arrays.deepToString(other));
            for (int[] frame : a) for (int k = 0; k < LEVELS; k++) assertEquals(k, (frame[k] - 6) / 1024, "id in its level's range");
            // top-k 1 with any temperature is the argmax
            assertArrayEquals(run(llm, cond, Mrt2Sampling.greedy(0f, 0f, 0f), 1L, 4), run(llm, cond, new Mrt2Sampling(3f, 1, 0f, 0f, 0f), 9L, 4));
        }
    }

    private static int[][] run(Mrt2GraphLlm llm, int[][] cond, Mrt2Sampling s, long seed, int frames) {
        llm.reset();
        int[][] out = new int[frames][LEVELS];
        for (int f = 0; f < frames; f++) llm.step(cond, s, seed, null, out[f], null);
        return out;
    }

    @Test
    void missingAndMisShapedTensorsNameTheFileTheTensorAndTheShapes(@TempDir Path dir) throws Exception {
        Mrt2Config c = Mrt2Config.tiny();
        Path file = dir.resolve("bad.safetensors");
        try (WeightSource rnd = Mrt2Models.randomWeights(c, 2)) {
            SafetensorsWriter w = new SafetensorsWriter();
            for (Mrt2Params.Param p : Mrt2Params.all(c)) {
                if (p.name().equals(Mrt2Params.FINAL_LN_BIAS)) continue;
                if (p.name().equals(Mrt2Params.LOGITS_BIAS)) w.put(p.name(), new long[] {12293}, new float[12293]);
                else w.put(rnd.read(p.name()));
            }
            w.write(file);
        }
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            WeightException e = assertThrows(WeightException.class, () -> Mrt2GraphLlm.load(f, c, false, 0));
            assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("final_ln/bias"), e.getMessage());
        }
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            assertEquals(c.withWindow(250), Mrt2Config.fromWeights(f), "dimensions from the shapes, window 500 / layers");
        }
    }

    @Test
    void configurationsReadFromTheCaseAndReleaseSizes() throws Exception {
        try (SafetensorsFile f = SafetensorsFile.open(Golden.caseDir("mrt2_step_a").resolve("weights.safetensors"))) {
            assertEquals(Mrt2Config.tiny(), Mrt2Config.fromWeights(f).withWindow(3));
            assertEquals(752254, Mrt2Config.tiny().parameterCount());
        }
        // spec 1.3: small ~229M, base ~2.40B; windows 41 and 25
        assertTrue(Math.abs(Mrt2Config.small().parameterCount() - 229e6) < 3e6, "small: " + Mrt2Config.small().parameterCount());
        assertTrue(Math.abs(Mrt2Config.base().parameterCount() - 2.40e9) < 0.03e9, "base: " + Mrt2Config.base().parameterCount());
        assertEquals(41, Mrt2Config.small().window());
        assertEquals(25, Mrt2Config.base().window());
    }

    @Test
    void badConditioningIsRejectedWithItsPlace() throws Exception {
        Mrt2Config c = Mrt2Config.tiny();
        try (Mrt2GraphLlm llm = Mrt2GraphLlm.load(Mrt2Models.randomWeights(c, 1), c, true, 0)) {
            int[] row = NoteConditioning.DEFAULT.positive(null, mrtbox.inference.model.NoteFrame.SILENT);
            row[20] = 11;
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> llm.step(new int[][] {row, row, row}, Mrt2Sampling.greedy(1, 1, 1), 0, null, new int[LEVELS], null));
            assertTrue(e.getMessage().contains("slot 20"), e.getMessage());
            assertEquals(0, llm.frame(), "a rejected step changes nothing");
        }
    }
}
