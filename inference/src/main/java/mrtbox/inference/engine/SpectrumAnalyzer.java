package mrtbox.inference.engine;

/**
 * One column of a scrolling spectrum: the last {@code size} samples (mono mix) through a Hann window and an FFT,
 * summarised in log-spaced bands from 30 Hz to 20 kHz (or Nyquist). Each band shows its strongest bin, scaled so
 * a full-scale sine reads 0 dBFS. Metering thread only; preallocated.
 */
final class SpectrumAnalyzer {
    private static final double LOW_HZ = 30;
    private static final double HIGH_HZ = 20_000;

    private final int size;
    private final int channels;
    private final float[] history;   // mono ring
    private int historyPos;
    private final double[] window;
    private final double[] re;
    private final double[] im;
    private final int[] bandLow;
    private final int[] bandHigh;

    SpectrumAnalyzer(int sampleRate, int channels, int size, int bands) {
        if (Integer.bitCount(size) != 1) throw new IllegalArgumentException("FFT size must be a power of two");
        this.size = size;
        this.channels = channels;
        this.history = new float[size];
        this.window = new double[size];
        for (int i = 0; i < size; i++) window[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / size);
        this.re = new double[size];
        this.im = new double[size];
        this.bandLow = new int[bands];
        this.bandHigh = new int[bands];
        double high = Math.min(HIGH_HZ, sampleRate / 2.0);
        double binHz = sampleRate / (double) size;
        for (int b = 0; b < bands; b++) {
            double f0 = LOW_HZ * Math.pow(high / LOW_HZ, b / (double) bands);
            double f1 = LOW_HZ * Math.pow(high / LOW_HZ, (b + 1) / (double) bands);
            int lo = (int) Math.round(f0 / binHz);
            int hi = Math.max(lo, (int) Math.round(f1 / binHz) - 1);
            bandLow[b] = Math.min(lo, size / 2);
            bandHigh[b] = Math.min(hi, size / 2);
        }
    }

    int bands() {
        return bandLow.length;
    }

    void feed(float[] interleaved, int samples) {
        for (int i = 0; i + channels <= samples; i += channels) {
            float sum = 0;
            for (int c = 0; c < channels; c++) sum += interleaved[i + c];
            history[historyPos] = sum / channels;
            historyPos = (historyPos + 1) & (size - 1);
        }
    }

    /** Fills {@code out} (length {@link #bands()}) with the current column in dBFS (floor -120). */
    void column(float[] out) {
        for (int i = 0; i < size; i++) {
            re[i] = history[(historyPos + i) & (size - 1)] * window[i];
            im[i] = 0;
        }
        fft(re, im);
        double scale = 4.0 / size;   // Hann coherent gain 1/2, one-sided spectrum 2/N
        for (int b = 0; b < out.length; b++) {
            double best = 0;
            for (int k = bandLow[b]; k <= bandHigh[b]; k++) best = Math.max(best, Math.hypot(re[k], im[k]));
            out[b] = (float) LevelMeter.toDb(best * scale);
        }
    }

    /** In-place iterative radix-2 FFT. */
    static void fft(double[] re, double[] im) {
        int n = re.length;
        for (int i = 1, j = 0; i < n; i++) {
            int bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1) j ^= bit;
            j ^= bit;
            if (i < j) {
                double t = re[i]; re[i] = re[j]; re[j] = t;
                t = im[i]; im[i] = im[j]; im[j] = t;
            }
        }
        for (int len = 2; len <= n; len <<= 1) {
            double angle = -2 * Math.PI / len;
            double wRe = Math.cos(angle), wIm = Math.sin(angle);
            for (int i = 0; i < n; i += len) {
                double curRe = 1, curIm = 0;
                for (int k = 0; k < len / 2; k++) {
                    int a = i + k, b = a + len / 2;
                    double tRe = re[b] * curRe - im[b] * curIm;
                    double tIm = re[b] * curIm + im[b] * curRe;
                    re[b] = re[a] - tRe; im[b] = im[a] - tIm;
                    re[a] += tRe; im[a] += tIm;
                    double nRe = curRe * wRe - curIm * wIm;
                    curIm = curRe * wIm + curIm * wRe;
                    curRe = nRe;
                }
            }
        }
    }
}
