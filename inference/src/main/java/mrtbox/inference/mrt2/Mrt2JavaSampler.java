package mrtbox.inference.mrt2;

import java.util.Arrays;

/**
 * {@link Mrt2Sampler}'s rule in Java for the kernel engine: keep the logits >= the k-th largest (ties kept; the rest
 * masked), then argmax(l + T * Gumbel); T = 0 is the plain argmax (first index on ties). The Gumbel noise is a
 * counter-based hash of (seed, 12 t + k, code), so a seed reproduces a stream without state; it is not TensorFlow's
 * Philox stream, so at T > 0 the two engines draw differently from the same seed (under greedy decoding they agree
 * wherever their logits order the same way). No allocation per call.
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
        long key = mix(seed ^ mix(counter + 0x632BE59BD9B4E019L));
        for (int i = 0; i < n; i++) {
            float l = logits[i] >= kth ? logits[i] : Mrt2Sampler.MASKED;
            float v = l + temperature * gumbel(key, i);
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

    /** -log(-log(u)) for u uniform in [MIN_NORMAL, 1 - 1e-7], as the graph clamps it. */
    static float gumbel(long key, int i) {
        float u = (mix(key + i * 0x9E3779B97F4A7C15L) >>> 40) * 0x1.0p-24f;
        u = Math.min(Math.max(u, Float.MIN_NORMAL), 1f - 1e-7f);
        return (float) -Math.log(-Math.log(u));
    }

    /** SplitMix64's finalizer: a bijective 64-bit mix. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
