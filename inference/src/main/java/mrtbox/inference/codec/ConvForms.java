package mrtbox.inference.codec;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * How each decoder conv is computed, chosen by measurement on the 2-core AVX-512 box (docs/performance.md, codec):
 * <ul>
 *   <li>Layers that see few positions per codec frame (the residual unit and the first blocks, at
 *       most {@link #MATMUL_MAX_POSITIONS}) hold most of the weights and are weight-streaming matrix products;
 *       oneDNN's conv runs them at a fraction of the memory bandwidth, while a MatMul over the taps gathered as
 *       channels (im2col) with the weights stored {@code [out, taps*in]} streams them about twice as fast.</li>
 *   <li>A conv with very few output channels (the output layer: 2 per group) runs badly as one GEMM of width 2;
 *       its freq taps become output channels of a {@code kt x 1} conv ({@code kf*out} wide) and are summed back
 *       with shifted slices.</li>
 *   <li>Everything else is one oneDNN conv (fused with its bias).</li>
 *   <li>The input layer (one position per frame, 31 MB at real size) is not in the graph at all: {@link InputLayer}
 *       runs it on the Vector API kernel.</li>
 * </ul>
 */
final class ConvForms {
    static final int MATMUL_MAX_POSITIONS = 20;
    static final String OUTPUT_CONV = "output_layer/base_conv_last";

    private ConvForms() {}

    /** Conv paths computed as im2col + MatMul: those with at most {@link #MATMUL_MAX_POSITIONS} input positions per frame. */
    static Set<String> matmulLayers(SpectroStreamConfig c) {
        Set<String> s = new LinkedHashSet<>();
        if (c.bottomBins() <= MATMUL_MAX_POSITIONS) {
            s.add("input_layers_residual_unit/conv2d_3x3_a");
            s.add("input_layers_residual_unit/conv2d_3x3");
        }
        int rate = 1, f = c.bottomBins();
        for (SpectroStreamConfig.DecoderBlock b : c.decoderBlocks()) {
            int g = b.grouped() ? c.channelSplits : 1;
            int in = g * rate * f, out = in * b.strideTime() * b.strideFreq();
            if (in <= MATMUL_MAX_POSITIONS) {
                s.add(SpectroStreamWeights.transposedName(b));
                s.add(b.name() + "/shortcut_layer/conv1x1");
            }
            if (out <= MATMUL_MAX_POSITIONS) s.add(b.name() + "/conv2d_3x3");
            rate *= b.strideTime();
            f *= b.strideFreq();
        }
        return s;
    }

    /** HWIO {@code [kt, kf, in, out]} to {@code [out, kt*kf*in]} (rows of taps in (time, freq, in) order). */
    static float[] matmulKernel(float[] hwio, int kt, int kf, int in, int out) {
        int k = kt * kf * in;
        float[] w = new float[out * k];
        for (int r = 0; r < k; r++)
            for (int o = 0; o < out; o++) w[o * k + r] = hwio[r * out + o];
        return w;
    }

    /** HWIO {@code [kt, kf, in, out]} to {@code [kt, 1, in, kf*out]}, output channels ordered (freq tap, out). */
    static float[] timeOnlyKernel(float[] hwio, int kt, int kf, int in, int out) {
        float[] w = new float[hwio.length];
        for (int a = 0; a < kt; a++)
            for (int b = 0; b < kf; b++)
                for (int i = 0; i < in; i++)
                    System.arraycopy(hwio, ((a * kf + b) * in + i) * out, w, (a * in + i) * kf * out + b * out, out);
        return w;
    }
}
