package mrtbox.inference.style;

/**
 * numpy's legacy {@code RandomState(seed)} for {@code randn}: MT19937 seeded with {@code init_genrand}, 53-bit doubles
 * from two draws, and the polar Box-Muller method that keeps its second value for the next call. MRT2's MusicCoCa
 * mapper takes {@code RandomState(0).randn(768)} as its noise input (cast to float32), so the values must be numpy's
 * exactly. Not thread-safe; cheap to make.
 */
public final class NumpyRandomState {
    private static final int N = 624;
    private static final int M = 397;
    private final int[] mt = new int[N];
    private int index;
    private boolean hasGauss;
    private double gauss;

    public NumpyRandomState(long seed) {
        if (seed < 0 || seed > 0xFFFFFFFFL) throw new IllegalArgumentException("seed must be between 0 and 2**32 - 1: " + seed);
        mt[0] = (int) seed;
        for (int i = 1; i < N; i++) mt[i] = 1812433253 * (mt[i - 1] ^ (mt[i - 1] >>> 30)) + i;
        index = N;
    }

    /** The next 32 random bits (MT19937 {@code genrand_int32}), as an unsigned value in a long. */
    public long nextInt32() {
        if (index >= N) twist();
        int y = mt[index++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >>> 18;
        return y & 0xFFFFFFFFL;
    }

    private void twist() {
        for (int i = 0; i < N; i++) {
            int y = (mt[i] & 0x80000000) | (mt[(i + 1) % N] & 0x7fffffff);
            mt[i] = mt[(i + M) % N] ^ (y >>> 1) ^ ((y & 1) != 0 ? 0x9908b0df : 0);
        }
        index = 0;
    }

    /** numpy's {@code random_sample()}: a double in [0, 1) from 27 + 26 random bits. */
    public double nextDouble() {
        long a = nextInt32() >>> 5;
        long b = nextInt32() >>> 6;
        return (a * 67108864.0 + b) / 9007199254740992.0;
    }

    /** numpy's legacy {@code standard_normal()} (the polar method; pairs of values, second one first). */
    public double nextGaussian() {
        if (hasGauss) {
            hasGauss = false;
            return gauss;
        }
        double x1, x2, r2;
        do {
            x1 = 2.0 * nextDouble() - 1.0;
            x2 = 2.0 * nextDouble() - 1.0;
            r2 = x1 * x1 + x2 * x2;
        } while (r2 >= 1.0 || r2 == 0.0);
        double f = Math.sqrt(-2.0 * Math.log(r2) / r2);
        gauss = f * x1;
        hasGauss = true;
        return f * x2;
    }

    /** {@code RandomState(seed).randn(n).astype(np.float32)}. */
    public static float[] randnFloat32(long seed, int n) {
        NumpyRandomState r = new NumpyRandomState(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) r.nextGaussian();
        return v;
    }
}
