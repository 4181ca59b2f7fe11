package mrtbox.inference.mrt2;

import java.util.Arrays;
import mrtbox.inference.kernel.GumbelNoise;

/**
 * {@link Mrt2Sampler}'s rule in Java for the kernel engine: keep the logits >= the k-th largest (ties kept; the rest
 * masked), then argmax(l + T * Gumbel); T = 0 is the plain argmax (first index on ties). The Gumbel noise is
 * {@link GumbelNoise} keyed by (seed, 12 t + k), not TensorFlow's Philox stream (see there). No allocation per call.
 */
final class Mrt2JavaSampler {
    private final float[] sorted = new float[Mrt2Vocab.CODEBOOK];

    /** logits [1024] -> code in [0, 1024). */
    int sample(float[] logits, float temperature, int topK, long seed, long counter) {
        int n = Mrt2Vocab.CODEBOOK;
        if (temperature <= 0) return argmax(logits, n);
        int k = topK > 0 && topK < n ? topK : n;
        float kth = Float.NEGATIVE_INFINITY;
        if (k < n) {
            System.arraycopy(logits, 0, sorted, 0, n);
            Arrays.sort(sorted);
            kth = sorted[n - k];
        }
        int best = 0;
        float bestValue = Float.NEGATIVE_INFINITY;
        long key = GumbelNoise.key(seed, counter);
        for (int i = 0; i < n; i++) {
            float l = logits[i] >= kth ? logits[i] : Mrt2Sampler.MASKED;
            float v = l + temperature * GumbelNoise.gumbel(key, i);
            if (v > bestValue) {
                bestValue = v;
                best = i;
            }
        }
        return best;
    }

    private static int argmax(float[] l, int n) {
        int best = 0;
        for (int i = 1; i < n; i++) if (l[i] > l[best]) best = i;
        return best;
    }
}
