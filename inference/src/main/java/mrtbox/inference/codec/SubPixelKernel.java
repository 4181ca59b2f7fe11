package mrtbox.inference.codec;

/**
 * A transposed conv rewritten as a plain conv over its input ("sub-pixel" form): with stride s and kernel k, output
 * {@code q*s + p} is {@code sum_d x[q-d] . K[k-1-(d*s+p)]} (JAX semantics, K unflipped), i.e. a stride-1 conv of
 * {@code D = ceil(k/s)} taps whose {@code s} output phases are stacked as channels. One conv of
 * {@code st*sf*out} channels then replaces the scatter (TF's Conv2DBackpropInput, slow on oneDNN for these shapes),
 * and the causal time carry becomes the last {@code Dt-1} input frames, like any causal conv.
 */
final class SubPixelKernel {
    private SubPixelKernel() {}

    /** Taps of the sub-pixel conv along an axis of kernel size {@code k} and stride {@code s}. */
    static int taps(int k, int s) {
        return (k + s - 1) / s;
    }

    /**
     * {@code kernel} HWIO {@code [kt, kf, in, out]} (JAX, unflipped) to HWIO {@code [Dt, Df, in, st*sf*out]}, output
     * channels ordered (time phase, freq phase, out). Tap {@code j} of {@code D} reads input {@code q-(D-1-j)}.
     */
    static float[] kernel(float[] kernel, int kt, int kf, int in, int out, int st, int sf) {
        int dt = taps(kt, st), df = taps(kf, sf);
        int wide = st * sf * out;
        float[] w = new float[dt * df * in * wide];
        for (int jt = 0; jt < dt; jt++)
            for (int pt = 0; pt < st; pt++) {
                int a = (dt - 1 - jt) * st + pt; // tap of the flipped kernel
                if (a >= kt) continue;
                for (int jf = 0; jf < df; jf++)
                    for (int pf = 0; pf < sf; pf++) {
                        int b = (df - 1 - jf) * sf + pf;
                        if (b >= kf) continue;
                        int src = ((kt - 1 - a) * kf + (kf - 1 - b)) * in * out;
                        for (int i = 0; i < in; i++)
                            System.arraycopy(kernel, src + i * out, w, ((jt * df + jf) * in + i) * wide + (pt * sf + pf) * out, out);
                    }
            }
        return w;
    }

    /** The bias repeated once per output phase, so it fuses into the conv. */
    static float[] bias(float[] bias, int st, int sf) {
        float[] b = new float[st * sf * bias.length];
        for (int p = 0; p < st * sf; p++) System.arraycopy(bias, 0, b, p * bias.length, bias.length);
        return b;
    }
}
