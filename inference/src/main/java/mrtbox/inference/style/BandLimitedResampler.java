package mrtbox.inference.style;

/**
 * Sample-rate conversion by band-limited interpolation: a Kaiser-windowed sinc whose cutoff follows the lower
 * of the two rates, evaluated exactly at every output instant (no polyphase table, so any rate pair works).
 * Parameters follow resampy's {@code kaiser_best} filter, which the MusicCoCa reference uses: 64 zero crossings
 * per side, roll-off 0.9476, Kaiser beta 14.77. Output length is {@code floor(n * out / in)}, as resampy's.
 */
public final class BandLimitedResampler {
    static final int ZERO_CROSSINGS = 64;
    static final double ROLLOFF = 0.9475937167399596;
    static final double BETA = 14.769656459379492;

    /** The Kaiser window sampled over |u| in [0, 1], linearly interpolated: Bessel series per tap would dominate. */
    private static final int WINDOW_TABLE = 1 << 15;
    private static final double[] WINDOW = new double[WINDOW_TABLE + 2];

    static {
        double i0Beta = besselI0(BETA);
        for (int i = 0; i <= WINDOW_TABLE + 1; i++) {
            double u = Math.min(1.0, i / (double) WINDOW_TABLE);
            WINDOW[i] = besselI0(BETA * Math.sqrt(1 - u * u)) / i0Beta;
        }
    }

    private BandLimitedResampler() {}

    private static double window(double u) {
        double x = Math.abs(u) * WINDOW_TABLE;
        int i = (int) x;
        double f = x - i;
        return WINDOW[i] + f * (WINDOW[i + 1] - WINDOW[i]);
    }

    public static float[] resample(float[] x, int inRate, int outRate) {
        if (inRate <= 0 || outRate <= 0) throw new IllegalArgumentException("sample rates must be positive: " + inRate + " -> " + outRate);
        if (inRate == outRate) return x.clone();
        double ratio = (double) outRate / inRate;
        double scale = Math.min(1.0, ratio); // cutoff relative to the input Nyquist
        double halfWidth = ZERO_CROSSINGS / scale; // in input samples
        int outLen = (int) Math.floor(x.length * ratio);
        float[] y = new float[outLen];
        for (int n = 0; n < outLen; n++) {
            double t = n / ratio;
            int from = Math.max(0, (int) Math.ceil(t - halfWidth));
            int to = Math.min(x.length - 1, (int) Math.floor(t + halfWidth));
            double acc = 0;
            for (int k = from; k <= to; k++) {
                double d = (t - k) * scale; // distance in units of the lower rate's samples
                double u = d / ZERO_CROSSINGS;
                if (u <= -1 || u >= 1) continue;
                acc += x[k] * window(u) * sinc(ROLLOFF * d);
            }
            y[n] = (float) (acc * scale * ROLLOFF);
        }
        return y;
    }

    /**
     * The same filter for an integer ratio ({@code inRate = factor * outRate}, e.g. 48 kHz to MusicCoCa's 16 kHz), with
     * its taps computed once: every output instant falls on an input sample, so the kernel takes only {@code 128 *
     * factor - 1} distinct values. Gives {@link #resample}'s output (to float rounding) at a fraction of the cost,
     * for callers that resample the same rates over and over (the live input's clip every few seconds).
     */
    public static Decimator decimator(int inRate, int outRate) {
        if (outRate <= 0 || inRate <= outRate || inRate % outRate != 0) {
            throw new IllegalArgumentException("a decimator needs in = k * out with k >= 2, got " + inRate + " -> " + outRate);
        }
        return new Decimator(inRate / outRate);
    }

    /** Integer-factor downsampling with {@link #resample}'s filter; immutable, thread-safe. */
    public static final class Decimator {
        private final int factor;
        private final int reach;          // taps reach this many input samples either side (exclusive)
        private final double[] taps;      // taps[j + reach] for input offset j = t - k

        private Decimator(int factor) {
            this.factor = factor;
            this.reach = ZERO_CROSSINGS * factor;
            this.taps = new double[2 * reach + 1];
            double scale = 1.0 / factor;
            for (int j = -reach + 1; j < reach; j++) {
                double d = j * scale;
                taps[j + reach] = window(d / ZERO_CROSSINGS) * sinc(ROLLOFF * d) * scale * ROLLOFF;
            }
        }

        /** {@code floor(x.length / factor)} samples of {@code x} at the lower rate. */
        public float[] apply(float[] x) {
            float[] y = new float[x.length / factor];
            for (int n = 0; n < y.length; n++) {
                int t = n * factor;
                int from = Math.max(0, t - reach + 1);
                int to = Math.min(x.length - 1, t + reach - 1);
                double acc = 0;
                for (int k = from; k <= to; k++) acc += x[k] * taps[t - k + reach];
                y[n] = (float) acc;
            }
            return y;
        }
    }

    private static double sinc(double v) {
        if (v == 0) return 1;
        double p = Math.PI * v;
        return Math.sin(p) / p;
    }

    /** Modified Bessel function of the first kind, order 0 (power series; converges fast for beta ~ 15). */
    static double besselI0(double v) {
        double sum = 1, term = 1, q = v * v / 4;
        for (int k = 1; k < 200; k++) {
            term *= q / ((double) k * k);
            sum += term;
            if (term < sum * 1e-17) break;
        }
        return sum;
    }
}
