package mrtbox.inference.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import mrtbox.inference.weights.HalfFloats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The Vector API kernels against a plain loop (correctness only; speed is `mrtbox bench mrt2`). */
@Timeout(60)
class VectorMatVecTest {
    /** Odd sizes leave a scalar tail after the vector loop; 2 or 3 rows share each weight read. */
    private static final int ROWS = 37;
    private static final int COLS = 2 * 83;

    @Test
    void f32MatchesPlainLoop() {
        float[] w = random(ROWS * COLS, 1), x = random(3 * COLS, 2);
        for (int threads : new int[] {1, 2}) {
            for (int batch : new int[] {1, 3}) {
                float[] y = new float[batch * ROWS];
                try (VectorMatVec k = VectorMatVec.f32(w, ROWS, COLS, threads)) {
                    k.multiply(x, batch, y);
                }
                assertClose(plain(w, x, batch), y);
            }
        }
    }

    @Test
    void bf16MatchesPlainLoopOverRoundedWeights() {
        float[] w = random(ROWS * COLS, 3), x = random(3 * COLS, 4);
        float[] rounded = new float[w.length];
        for (int i = 0; i < w.length; i++) rounded[i] = HalfFloats.bf16ToFloat(HalfFloats.floatToBf16(w[i]));
        for (int threads : new int[] {1, 2}) {
            for (int batch : new int[] {1, 2, 3}) {   // 2: the fused pair pass
                float[] y = new float[batch * ROWS];
                try (VectorMatVec k = VectorMatVec.bf16(w, ROWS, COLS, threads)) {
                    k.multiply(x, batch, y);
                    assertEquals(2L * ROWS * COLS, k.weightBytes());
                }
                assertClose(plain(rounded, x, batch), y);
            }
        }
    }

    @Test
    void rowRangesStartingInsideABlockMatchThePlainLoop() {
        float[] w = random(ROWS * COLS, 5), x = random(3 * COLS, 6);
        float[] rounded = new float[w.length];
        for (int i = 0; i < w.length; i++) rounded[i] = HalfFloats.bf16ToFloat(HalfFloats.floatToBf16(w[i]));
        for (int batch : new int[] {1, 2, 3}) {
            float[] all = plain(rounded, x, batch);
            for (int[] range : new int[][] {{0, ROWS}, {5, 30}, {2, 3}, {13, ROWS}}) {
                int first = range[0], n = range[1] - range[0];
                float[] y = new float[batch * n], want = new float[batch * n];
                for (int b = 0; b < batch; b++) System.arraycopy(all, b * ROWS + first, want, b * n, n);
                try (VectorMatVec k = VectorMatVec.bf16(w, ROWS, COLS, 2)) {
                    k.multiplyRows(x, batch, y, first, range[1]);
                }
                assertClose(want, y);
            }
        }
    }

    @Test
    void oddColumnsAndShortBuffersAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> VectorMatVec.bf16(new float[3 * 5], 3, 5, 1));
        try (VectorMatVec k = VectorMatVec.f32(new float[4 * 6], 4, 6, 1)) {
            assertThrows(IllegalArgumentException.class, () -> k.multiply(new float[6], 2, new float[8]));
        }
    }

    private static float[] plain(float[] w, float[] x, int batch) {
        float[] y = new float[batch * ROWS];
        for (int b = 0; b < batch; b++) {
            for (int r = 0; r < ROWS; r++) {
                double s = 0;
                for (int k = 0; k < COLS; k++) s += (double) w[r * COLS + k] * x[b * COLS + k];
                y[b * ROWS + r] = (float) s;
            }
        }
        return y;
    }

    /** f32 accumulation in another order than the double loop: a few ulps of the row's magnitude. */
    private static void assertClose(float[] want, float[] got) {
        assertEquals(want.length, got.length);
        for (int i = 0; i < want.length; i++) assertEquals(want[i], got[i], 1e-4f * COLS, "element " + i);
    }

    private static float[] random(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) (r.nextDouble() * 2 - 1);
        return v;
    }
}
