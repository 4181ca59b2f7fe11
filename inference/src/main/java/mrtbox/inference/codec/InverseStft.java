package mrtbox.inference.codec;

/**
 * The inverse STFT of SpectroStream as matrices: a periodic Hann analysis window, its synthesis window
 * {@code w[n] / sum of overlapped w^2} (tf.signal's inverse_stft_window_fn), and the real inverse DFT of kept bins
 * 0..N/2-1 (the dropped Nyquist bin is zero; the imaginary part of bin 0 is ignored) with 1/N normalisation.
 */
final class InverseStft {
    private InverseStft() {}

    static double[] synthesisWindow(int fft, int hop) {
        double[] w = new double[fft];
        for (int n = 0; n < fft; n++) w[n] = 0.5 - 0.5 * Math.cos(2 * Math.PI * n / fft);
        double[] s = new double[fft];
        for (int n = 0; n < fft; n++) {
            double denom = 0;
            for (int k = n % hop; k < fft; k += hop) denom += w[k] * w[k];
            s[n] = w[n] / denom;
        }
        return s;
    }

    /**
     * {@code [fft, fft]} row-major: row k < fft/2 maps Re X_k, row fft/2 + k maps Im X_k, to the windowed
     * time-domain frame. Computed in double, stored as float.
     */
    static float[] basis(int fft, int hop) {
        int bins = fft / 2;
        double[] win = synthesisWindow(fft, hop);
        float[] b = new float[fft * fft];
        for (int k = 0; k < bins; k++) {
            double a = k == 0 ? 1.0 : 2.0;
            for (int n = 0; n < fft; n++) {
                double phase = 2 * Math.PI * ((long) k * n % fft) / fft;
                b[k * fft + n] = (float) (a * Math.cos(phase) / fft * win[n]);
                b[(bins + k) * fft + n] = (float) (-a * Math.sin(phase) / fft * win[n]);
            }
        }
        return b;
    }
}
