package mrtbox.inference.mrtv1;

import java.util.Arrays;
import mrtbox.inference.kernel.GumbelNoise;

/**
 * {@link Sampler}'s rule in Java for the kernel engine, in the reference order: EOS excluded first when asked, then
 * temperature <= 1e-4 takes the argmax (first index on ties); otherwise divide by the temperature, keep the values >=
 * the k-th largest (ties kept; k = 0 keeps all) and take argmax(kept + Gumbel) with {@link GumbelNoise} keyed by
 * (seed, 16 t + level). The logits are modified in place. No allocation per call.
 */
final class MrtV1JavaSampler {
    /** Up to this k the k-th largest comes from one pass with a small sorted buffer; beyond it, from a sort. */
    private static final int SMALL_K = 64;
    private final float[] best = new float[SMALL_K];
    private float[] sorted = new float[0];

    /** logits [n] (scratch: overwritten) -> index in [0, n). */
    int sample(float[] logits, int n, boolean maskEos, float temperature, int topK, long seed, long counter) {
        if (maskEos) logits[MrtV1Vocab.EOS] += -1e9f;
        if (temperature <= 1e-4f) return argmax(logits, n);
        for (int i = 0; i < n; i++) logits[i] /= temperature;
        int k = topK > 0 ? Math.min(topK, n) : n;
        float kth = k < n ? kthLargest(logits, n, k) : Float.NEGATIVE_INFINITY;
        long key = GumbelNoise.key(seed, counter);
        int pick = 0;
        float pickValue = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            // a value below the k-th is masked to -1e7: it cannot beat a kept one (Gumbel noise is within [-4.5, 16.2])
            if (logits[i] < kth) continue;
            float v = logits[i] + GumbelNoise.gumbel(key, i);
            if (v > pickValue) {
                pickValue = v;
                pick = i;
            }
        }
        return pick;
    }

    private static int argmax(float[] l, int n) {
        int b = 0;
        for (int i = 1; i < n; i++) if (l[i] > l[b]) b = i;
        return b;
    }

    private float kthLargest(float[] v, int n, int k) {
        if (k > SMALL_K) {
            if (sorted.length < n) sorted = new float[n];
            System.arraycopy(v, 0, sorted, 0, n);
            Arrays.sort(sorted, 0, n);
            return sorted[n - k];
        }
        Arrays.fill(best, 0, k, Float.NEGATIVE_INFINITY);   // descending
        for (int i = 0; i < n; i++) {
            float x = v[i];
            if (x <= best[k - 1]) continue;
            int j = k - 1;
            while (j > 0 && best[j - 1] < x) {
                best[j] = best[j - 1];
                j--;
            }
            best[j] = x;
        }
        return best[k - 1];
    }
}
