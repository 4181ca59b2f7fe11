package mrtbox.inference.codec;

/**
 * The forward STFT of SpectroStream as a matrix: a periodic Hann window ({@code 0.5 - 0.5 cos(2 pi n / N)}) folded
 * into the real DFT of bins 0..N/2-1 (the Nyquist bin is dropped: keep_dc). Row n (time sample) maps to column k
 * ({@code Re X_k = sum w x cos}) and column N/2 + k ({@code Im X_k = -sum w x sin}), as numpy/MLX rfft.
 */
final class ForwardStft {
    private ForwardStft() {}

    static double hann(int n, int length) {
        return 0.5 - 0.5 * Math.cos(2 * Math.PI * n / length);
    }

    /** {@code [fft, fft]} row-major, computed in double, stored as float. */
    static float[] basis(int fft) {
        int bins = fft / 2;
        float[] b = new float[fft * fft];
        for (int n = 0; n < fft; n++) {
            double w = hann(n, fft);
            for (int k = 0; k < bins; k++) {
                double phase = 2 * Math.PI * ((long) k * n % fft) / fft;
                b[n * fft + k] = (float) (w * Math.cos(phase));
                b[n * fft + bins + k] = (float) (-w * Math.sin(phase));
            }
        }
        return b;
    }
}
