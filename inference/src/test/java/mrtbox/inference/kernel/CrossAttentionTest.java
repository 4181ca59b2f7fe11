package mrtbox.inference.kernel;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The cross-attention kernel against a plain double-precision softmax attention, f32 and bf16, odd tails included. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)   // kernel threads: a hang must not stall the build
class CrossAttentionTest {

    @Test
    void matchesAPlainSoftmaxAttention() {
        // 1006 = the encoder length (vector tails in both layouts), 38: shorter than two vectors, dim 8 and 64
        for (int[] shape : new int[][] {{24, 1006, 64}, {4, 1006, 8}, {3, 38, 5}}) {
            for (boolean bf16 : new boolean[] {false, true}) {
                for (int threads : new int[] {1, 2}) {
                    double err = maxError(shape[0], shape[1], shape[2], bf16, threads);
                    // f32: summation order only; bf16: keys and values rounded to 8 significant bits
                    double bound = bf16 ? 2e-2 : 1e-5;
                    assertTrue(err < bound, (bf16 ? "bf16" : "f32") + " " + java.util.Arrays.toString(shape) + " threads " + threads + ": error " + err);
                }
            }
        }
    }

    @Test
    void refusesShapesItCannotStore() {
        try (KernelPool pool = KernelPool.of(1)) {
            assertThrows(IllegalArgumentException.class, () -> new CrossAttention(2, 7, 4, true, pool), "bf16 pairs positions");
            assertThrows(IllegalArgumentException.class, () -> new CrossAttention(0, 8, 4, false, pool));
            CrossAttention a = new CrossAttention(2, 8, 4, false, pool);
            assertThrows(IllegalArgumentException.class, () -> a.set(new float[10], new float[64]));
        }
    }

    /** Max |kernel - reference| relative to max |reference| over every group's context. */
    private static double maxError(int groups, int length, int dim, boolean bf16, int threads) {
        SplittableRandom rnd = new SplittableRandom(groups * 31L + length);
        float[] k = new float[groups * dim * length], v = new float[k.length], q = new float[groups * dim], ctx = new float[q.length];
        for (int i = 0; i < k.length; i++) {
            k[i] = (float) rnd.nextGaussian();
            v[i] = (float) rnd.nextGaussian();
        }
        for (int i = 0; i < q.length; i++) q[i] = (float) rnd.nextGaussian() * 0.5f;
        try (KernelPool pool = KernelPool.of(threads)) {
            CrossAttention a = new CrossAttention(groups, length, dim, bf16, pool);
            a.set(k, v);
            a.attend(q, ctx);
        }
        double worst = 0, scale = 0;
        for (int g = 0; g < groups; g++) {
            double[] s = new double[length];
            double max = Double.NEGATIVE_INFINITY, total = 0;
            for (int t = 0; t < length; t++) {
                for (int j = 0; j < dim; j++) s[t] += (double) q[g * dim + j] * k[(g * dim + j) * length + t];
                max = Math.max(max, s[t]);
            }
            for (int t = 0; t < length; t++) total += s[t] = Math.exp(s[t] - max);
            for (int j = 0; j < dim; j++) {
                double ref = 0;
                for (int t = 0; t < length; t++) ref += s[t] / total * v[(g * dim + j) * length + t];
                worst = Math.max(worst, Math.abs(ref - ctx[g * dim + j]));
                scale = Math.max(scale, Math.abs(ref));
            }
        }
        return worst / scale;
    }
}
