package mrtbox.inference.codec;

import mrtbox.inference.kernel.VectorMatVec;

/**
 * The decoder's input layer in Java: per codec frame, {@code h = W1 x + b1 + W3 elu(W2 x + b2) + b3} (a 1x1 conv and
 * the shortcut [1x1, ELU, 1x1], latent -> bins * core). It holds 31 MB of f32 weights at real size that the frame
 * reads once for one position, a matrix-vector product: TF's MatMul streamed it at a fraction of the memory
 * bandwidth (docs/performance.md, codec), the Vector API kernel streams it at the limit, and in bf16 storage reads
 * half the bytes. {@code conv1x1_first} and {@code conv1x1_b1} read the same input, so they are one product of twice
 * the rows. It runs on the calling thread: measured, a second kernel thread right after a graph run competes with
 * TF's still-spinning intra-op threads and made the layer slower, not faster (docs/performance.md). The layer has no
 * state. Output {@code [frames, bins * core]}, the layout the graph reshapes to
 * {@code [1, frames, bins, core]}.
 */
final class InputLayer implements AutoCloseable {
    static final String FIRST = "input_layer/conv1x1_first";
    static final String B1 = "input_layer/shortcut_layer/conv1x1_b1";
    static final String B2 = "input_layer/shortcut_layer/conv1x1_b2";

    private final int latent;
    private final int wide;
    private final VectorMatVec firstAndB1; // rows [first(wide); b1(wide)], cols latent
    private final VectorMatVec b2;          // rows wide, cols wide
    private final float[] biasFirst;
    private final float[] biasB1;
    private final float[] biasB2;

    InputLayer(SpectroStreamWeights w, WeightStorage storage) {
        SpectroStreamConfig c = w.config();
        this.latent = c.latentDim;
        this.wide = c.bottomBins() * c.coreChannels();
        if (latent % 2 != 0 || wide % 2 != 0) {
            throw new IllegalArgumentException("input layer needs an even latent width and bins * core, got " + latent + " and " + wide);
        }
        float[] fused = new float[2 * wide * latent];
        System.arraycopy(rowsOf(w, FIRST, latent, wide), 0, fused, 0, wide * latent);
        System.arraycopy(rowsOf(w, B1, latent, wide), 0, fused, wide * latent, wide * latent);
        this.firstAndB1 = storage.matVec(fused, 2 * wide, latent);
        this.b2 = storage.matVec(rowsOf(w, B2, wide, wide), wide, wide);
        this.biasFirst = w.get(FIRST + "/conv/bias").toArray();
        this.biasB1 = w.get(B1 + "/conv/bias").toArray();
        this.biasB2 = w.get(B2 + "/conv/bias").toArray();
    }

    /** A 1x1 kernel {@code [1, 1, in, out]} as {@code [out, in]} rows. */
    private static float[] rowsOf(SpectroStreamWeights w, String path, int in, int out) {
        return ConvForms.matmulKernel(w.get(path + "/conv/kernel").toArray(), 1, 1, in, out);
    }

    int outputWidth() {
        return wide;
    }

    /** Weight bytes one call reads (whatever the frame count: the frames share each read). */
    long weightBytes() {
        return firstAndB1.weightBytes() + b2.weightBytes();
    }

    /** {@code latent [frames * latentDim]} to {@code [frames * bins * core]}. */
    float[] apply(float[] x, int frames) {
        float[] ab = new float[frames * 2 * wide];
        firstAndB1.multiply(x, frames, ab);
        float[] h = new float[frames * wide];
        float[] e = new float[frames * wide];
        for (int f = 0; f < frames; f++) {
            int a = f * 2 * wide, o = f * wide;
            for (int i = 0; i < wide; i++) {
                h[o + i] = ab[a + i] + biasFirst[i];
                float v = ab[a + wide + i] + biasB1[i];
                e[o + i] = v > 0 ? v : (float) Math.expm1(v);
            }
        }
        float[] s = new float[frames * wide];
        b2.multiply(e, frames, s);
        for (int f = 0; f < frames; f++) {
            int o = f * wide;
            for (int i = 0; i < wide; i++) h[o + i] += s[o + i] + biasB2[i];
        }
        return h;
    }

    @Override
    public void close() {
        firstAndB1.close();
        b2.close();
    }
}
