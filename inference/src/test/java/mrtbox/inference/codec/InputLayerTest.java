package mrtbox.inference.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The Java input layer against the conv arithmetic written out, and the bf16 decoder against the f32 one. */
@Timeout(120)
class InputLayerTest {
    private static final SpectroStreamConfig C = SpectroStreamConfig.tiny();
    private static final SpectroStreamWeights W = SpectroStreamWeights.random(C, 3);

    /** h = conv1x1_first(x) + conv1x1_b2(elu(conv1x1_b1(x))), each a 1x1 conv with HWIO kernel [1, 1, in, out]. */
    private static float[] reference(float[] x, int frames) {
        int wide = C.bottomBins() * C.coreChannels();
        float[] h = new float[frames * wide];
        for (int f = 0; f < frames; f++) {
            float[] xf = java.util.Arrays.copyOfRange(x, f * C.latentDim, (f + 1) * C.latentDim);
            float[] main = conv1x1(xf, InputLayer.FIRST, wide);
            float[] e = conv1x1(xf, InputLayer.B1, wide);
            for (int i = 0; i < wide; i++) e[i] = e[i] > 0 ? e[i] : (float) Math.expm1(e[i]);
            float[] sc = conv1x1(e, InputLayer.B2, wide);
            for (int i = 0; i < wide; i++) h[f * wide + i] = main[i] + sc[i];
        }
        return h;
    }

    private static float[] conv1x1(float[] x, String path, int out) {
        float[] k = W.get(path + "/conv/kernel").toArray(), b = W.get(path + "/conv/bias").toArray();
        float[] y = b.clone();
        for (int i = 0; i < x.length; i++) for (int o = 0; o < out; o++) y[o] += x[i] * k[i * out + o];
        return y;
    }

    private static float[] latent(int frames, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[frames * C.latentDim];
        for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
        return x;
    }

    private static double maxRel(float[] want, float[] got) {
        assertEquals(want.length, got.length);
        double m = 0, peak = 0;
        for (int i = 0; i < want.length; i++) {
            m = Math.max(m, Math.abs(want[i] - got[i]));
            peak = Math.max(peak, Math.abs(want[i]));
        }
        return m / peak;
    }

    @Test
    void f32MatchesTheConvArithmeticAtOneAndManyFrames() {
        try (InputLayer in = new InputLayer(W, WeightStorage.F32)) {
            for (int frames : new int[] {1, 5}) {
                float[] x = latent(frames, frames);
                double rel = maxRel(reference(x, frames), in.apply(x, frames));
                assertTrue(rel < 1e-5, "f32 input layer off by " + rel + " at " + frames + " frames");
            }
        }
    }

    @Test
    void bf16IsWithinItsRoundingAndReadsHalfTheBytes() {
        float[] x = latent(3, 9);
        try (InputLayer f32 = new InputLayer(W, WeightStorage.F32); InputLayer bf16 = new InputLayer(W, WeightStorage.BF16)) {
            double rel = maxRel(reference(x, 3), bf16.apply(x, 3));
            assertTrue(rel < 2e-2, "bf16 input layer off by " + rel);
            assertTrue(rel > 1e-6, "bf16 storage must round the weights: off by only " + rel);
            assertEquals(f32.weightBytes(), 2 * bf16.weightBytes());
        }
    }

    @Test
    void bf16DecoderStaysCloseToTheF32One() throws Exception {
        int[][] codes = SpectroStreamDecoderTest.randomCodes(4, 6, 12);
        try (SpectroStreamDecoder f32 = new SpectroStreamDecoder(W, 1, WeightStorage.F32);
             SpectroStreamDecoder bf16 = new SpectroStreamDecoder(W, 1, WeightStorage.BF16)) {
            assertEquals(WeightStorage.BF16, bf16.storage());
            float[] a = new float[0], b = new float[0];
            for (int[] f : codes) {
                a = SpectroStreamDecoderTest.concat(a, f32.step(new int[][] {f}));
                b = SpectroStreamDecoderTest.concat(b, bf16.step(new int[][] {f}));
            }
            double rel = maxRel(a, b);
            assertTrue(rel < 5e-2 && rel > 0, "bf16 decoder vs f32: relative max diff " + rel);
            assertTrue(maxRel(f32.decode(codes), bf16.decode(codes)) < 5e-2, "whole-sequence decode too");
        }
    }

    @Test
    void storageNamesParse() {
        assertEquals(WeightStorage.BF16, WeightStorage.parse(" BF16"));
        assertEquals("f32", WeightStorage.F32.toString());
        assertThrows(IllegalArgumentException.class, () -> WeightStorage.parse("fp8"));
    }
}
