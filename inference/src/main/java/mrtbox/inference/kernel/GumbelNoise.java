package mrtbox.inference.kernel;

/**
 * The Gumbel noise the Java samplers (MRT2's and MRT v1's kernel engines) draw with: a counter-based hash of (seed,
 * step counter, vocabulary index), so a seed reproduces a stream without state and nothing is allocated. It is not
 * TensorFlow's Philox stream: at temperature > 0 a graph engine and a kernel engine draw differently from one seed
 * (under greedy decoding, which uses no noise, they agree wherever their logits order the same way).
 */
public final class GumbelNoise {
    private GumbelNoise() {}

    /** The key of one sampling step: step {@code counter} of the stream seeded {@code seed}. */
    public static long key(long seed, long counter) {
        return mix(seed ^ mix(counter + 0x632BE59BD9B4E019L));
    }

    /** -log(-log(u)) for u uniform in [MIN_NORMAL, 1 - 1e-7] (the graphs' clamp), for index {@code i} of a step's key. */
    public static float gumbel(long key, int i) {
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
