package mrtbox.inference.codec;

import org.junit.jupiter.api.Timeout;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import mrtbox.inference.weights.FloatTensor;
import mrtbox.inference.weights.SafetensorsWriter;
import mrtbox.inference.weights.WeightException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 300, unit = TimeUnit.SECONDS)   // TensorFlow: a hung session must not stall the build
class SpectroStreamEncoderTest {
    static SpectroStreamEncoder tiny;

    @BeforeAll
    static void open() {
        tiny = SpectroStreamEncoder.tiny(42);
    }

    @AfterAll
    static void close() {
        tiny.close();
    }

    /** Interleaved stereo noise plus a tone, so every bin and both channels carry signal. */
    static float[] audio(long seed, int sampleFrames) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] a = new float[sampleFrames * 2];
        for (int i = 0; i < sampleFrames; i++) {
            a[2 * i] = (float) (0.3 * Math.sin(2 * Math.PI * 440 * i / 48000.0) + 0.2 * r.nextGaussian());
            a[2 * i + 1] = (float) (0.2 * r.nextGaussian());
        }
        return a;
    }

    @Test
    void stftFrontEndMatchesDirectDft() {
        float[] a = audio(1, 2 * 1920 - 700); // not a whole number of frames: the tail is zero-padded
        float[] got = tiny.features(a, 48000);
        double[][][] want = LoopSpectroStreamEncoder.stft(a, 2, 8, 960, 480);
        assertEquals(8 * 480 * 4, got.length);
        double maxAbs = 0, maxErr = 0;
        for (int i = 0; i < 8; i++)
            for (int k = 0; k < 480; k++)
                for (int c = 0; c < 4; c++) {
                    double w = want[i][k][c];
                    maxAbs = Math.max(maxAbs, Math.abs(w));
                    maxErr = Math.max(maxErr, Math.abs(w - got[(i * 480 + k) * 4 + c]));
                }
        assertTrue(maxAbs > 10, "the test signal has energy: " + maxAbs);
        assertTrue(maxErr < 2e-6 * maxAbs * 960 / 10, "max error " + maxErr + " of " + maxAbs);
        // Layout spot checks: DC of L is real, frame 0 bin 0 im is 0; channel order (L.re, L.im, R.re, R.im).
        assertEquals(0, got[1], 1e-4);
        assertEquals(want[3][17][2], got[(3 * 480 + 17) * 4 + 2], 1e-3);
    }

    @Test
    void graphMatchesLoopImplementationOfEveryLayer() {
        SpectroStreamEncoderWeights w = SpectroStreamEncoderWeights.random(SpectroStreamConfig.tiny(), 7);
        float[] a = audio(2, 3 * 1920 + 100); // 4 frames, the last mostly padding
        try (SpectroStreamEncoder enc = new SpectroStreamEncoder(w)) {
            float[] got = enc.encodeEmbeddings(a, 48000);
            double[][] want = new LoopSpectroStreamEncoder(w).encode(a);
            assertEquals(4, want.length);
            assertEquals(4 * 16, got.length);
            double maxAbs = 0, maxErr = 0;
            for (int t = 0; t < 4; t++)
                for (int d = 0; d < 16; d++) {
                    maxAbs = Math.max(maxAbs, Math.abs(want[t][d]));
                    maxErr = Math.max(maxErr, Math.abs(want[t][d] - got[t * 16 + d]));
                }
            assertTrue(maxAbs > 0.1, "latent is not trivially small: " + maxAbs);
            assertTrue(maxErr < 1e-4 * Math.max(1, maxAbs), "max error " + maxErr + " of " + maxAbs);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void frameSeesItsOwnSamplesPlusTheNext480AndNothingLater() {
        int frames = 6;
        float[] a = audio(3, frames * 1920);
        float[] base = tiny.encodeEmbeddings(a, 48000);
        int j = 2;
        int edge = 1920 * (j + 1) + 480; // first sample frame j must not see
        float[] later = a.clone();
        for (int i = edge; i < frames * 1920; i++) later[2 * i] += 0.5f;
        float[] l = tiny.encodeEmbeddings(later, 48000);
        for (int d = 0; d < (j + 1) * 16; d++) assertEquals(base[d], l[d], 0f, "frames <= " + j + " are causal");
        float[] inside = a.clone();
        int probe = edge - 240; // inside frame j's lookahead (the Hann window is ~0 at the very edge), R channel
        inside[2 * probe + 1] += 0.5f;
        float[] in = tiny.encodeEmbeddings(inside, 48000);
        double diff = 0;
        for (int d = j * 16; d < (j + 1) * 16; d++) diff = Math.max(diff, Math.abs(base[d] - in[d]));
        assertTrue(diff > 1e-4, "frame " + j + " sees sample " + probe + ": " + diff);
        for (int d = 0; d < j * 16; d++) assertEquals(base[d], in[d], 0f);
    }

    @Test
    void piecesWithContextGiveTheSameLatentAsOnePass() {
        float[] a = audio(4, 37 * 1920 + 5);
        float[] whole = tiny.pieceFrames(1000).encodeEmbeddings(a, 48000);
        try {
            for (int piece : new int[] {1, 5, 16}) {
                float[] p = tiny.pieceFrames(piece).encodeEmbeddings(a, 48000);
                assertEquals(whole.length, p.length);
                double m = 0;
                for (int i = 0; i < p.length; i++) m = Math.max(m, Math.abs(whole[i] - p[i]));
                assertTrue(m < 1e-5, "piece " + piece + ": max diff " + m);
            }
        } finally {
            tiny.pieceFrames(64);
        }
        assertEquals(38, whole.length / 16);
        assertEquals(15, tiny.contextFrames());
    }

    @Test
    void encodingTheDecodersOwnDequantizedLatentsReturnsTheSameCodes() {
        // Level 1 on the tiny codec's codebooks (encoder and decoder of one seed share them): every code comes back.
        try (SpectroStreamDecoder dec = SpectroStreamDecoder.tiny(42)) {
            int[][] codes = new int[1024][1];
            for (int i = 0; i < 1024; i++) codes[i][0] = i;
            assertTrue(java.util.Arrays.deepEquals(codes, tiny.quantize(dec.dequantize(codes), 1024, 1)));
        }
        // Several levels: greedy RVQ is exact when each level is much finer than the spread of the one above it.
        int levels = 4, size = 64, dim = 16;
        SplittableRandom r = new SplittableRandom(5);
        float[] cb = new float[levels * size * dim];
        for (int i = 0; i < cb.length; i++) cb[i] = (float) (r.nextGaussian() * Math.pow(0.02, i / (size * dim)));
        ResidualQuantizer q = new ResidualQuantizer(levels, size, dim, cb);
        int[][] codes = SpectroStreamDecoderTest.randomCodes(9, 50, levels);
        for (int[] f : codes) for (int k = 0; k < levels; k++) f[k] %= size;
        float[] latent = q.decodeFrames(codes);
        for (int t = 0; t < codes.length; t++) {
            assertArrayEquals(codes[t], q.encode(java.util.Arrays.copyOfRange(latent, t * dim, (t + 1) * dim), levels), "frame " + t);
        }
    }

    @Test
    void encodeGivesFramesTimesLevelsAndTinyEncoderFeedsTinyDecoder() {
        float[] a = audio(6, 5 * 1920);
        int[][] codes = tiny.encode(a, 48000, 12);
        assertEquals(5, codes.length);
        for (int[] f : codes) {
            assertEquals(12, f.length);
            for (int c : f) assertTrue(c >= 0 && c < 1024);
        }
        try (SpectroStreamDecoder dec = SpectroStreamDecoder.tiny(42)) {
            assertEquals(4 * 1920 * 2, dec.decode(codes).length);
        }
    }

    @Test
    void realSizeLayoutLoadsFromReferenceNamedSafetensors(@TempDir Path dir) throws Exception {
        SpectroStreamConfig real = SpectroStreamConfig.real();
        Map<String, long[]> shapes = SpectroStreamEncoderWeights.expectedShapes(real);
        assertEquals(9_251_904L, SpectroStreamEncoderWeights.parameterCount(real));
        assertArrayEquals(new long[] {7, 7, 2, 32}, shapes.get("base_conv_first/conv/kernel"));
        assertArrayEquals(new long[] {3, 4, 32, 64}, shapes.get("encoder_0/conv2d_3x4_a/conv/kernel"));
        assertArrayEquals(new long[] {3, 6, 64, 128}, shapes.get("encoder_2/conv2d_3x6_a/conv/kernel"));
        assertArrayEquals(new long[] {4, 4, 128, 256}, shapes.get("encoder_5/conv2d_4x4_a/conv/kernel"));
        assertArrayEquals(new long[] {4, 3, 512, 256}, shapes.get("encoder_6/conv2d_4x3_a/conv/kernel"));
        assertArrayEquals(new long[] {1, 1, 512, 256}, shapes.get("encoder_6/shortcut_layer/conv1x1/conv/kernel"));
        assertArrayEquals(new long[] {3, 3, 256, 256}, shapes.get("bottleneck/conv2d_3x3_a/conv/kernel"));
        assertArrayEquals(new long[] {1, 1, 1280, 1280}, shapes.get("output_convs/shortcut_layer/conv1x1_b1/conv/kernel"));
        assertArrayEquals(new long[] {1, 1, 1280, 256}, shapes.get("output_convs/conv1x1_last/conv/kernel"));
        // Written as the reference names them (params/encoder/..., no metadata so the real defaults apply); every
        // other conv without its optional conv/ level, as the reference loader allows.
        SafetensorsWriter enc = new SafetensorsWriter();
        SafetensorsWriter quant = new SafetensorsWriter();
        SplittableRandom r = new SplittableRandom(11);
        int i = 0;
        for (Map.Entry<String, long[]> e : shapes.entrySet()) {
            float[] v = new float[(int) FloatTensor.elementCount(e.getValue())];
            double std = e.getValue().length == 4 ? 1 / Math.sqrt((double) e.getValue()[0] * e.getValue()[1] * e.getValue()[2]) : 0.01;
            for (int k = 0; k < v.length; k++) v[k] = (float) (r.nextGaussian() * std);
            if (e.getKey().equals(SpectroStreamWeights.QUANTIZER)) {
                quant.put("params/soundstream/quantizer/embedding", e.getValue(), v);
            } else {
                String name = (i++ / 2) % 2 == 0 ? e.getKey() : e.getKey().replace("/conv/", "/");
                enc.put("params/encoder/" + name, e.getValue(), v);
            }
        }
        enc.write(dir.resolve("encoder.safetensors"));
        quant.write(dir.resolve("quantizer.safetensors"));
        try (SpectroStreamEncoder e = SpectroStreamEncoder.load(dir)) {
            assertEquals(256, e.config().latentDim);
            assertEquals(32, e.config().encoderBaseChannels);
            int[][] codes = e.encode(audio(8, 2 * 1920), 48000, 64);
            assertEquals(2, codes.length);
            assertEquals(64, codes[0].length);
        }
    }

    @Test
    void missingOrMisShapedTensorsAndFilesAreNamed(@TempDir Path dir) throws Exception {
        SpectroStreamEncoderWeights w = SpectroStreamEncoderWeights.random(SpectroStreamConfig.tiny(), 3);
        w.write(dir);
        try (SpectroStreamEncoder ok = SpectroStreamEncoder.load(dir)) {
            assertEquals(2, ok.config().encoderBaseChannels);
        }
        Path missing = Files.createDirectory(dir.resolve("missing"));
        Path bad = Files.createDirectory(dir.resolve("bad"));
        SafetensorsWriter m = new SafetensorsWriter().metadata("config", w.config().toJson());
        SafetensorsWriter b = new SafetensorsWriter().metadata("config", w.config().toJson());
        for (Map.Entry<String, FloatTensor> e : w.all().entrySet()) {
            if (e.getKey().equals(SpectroStreamWeights.QUANTIZER)) continue;
            FloatTensor t = e.getValue();
            if (!e.getKey().equals("encoder_3/conv2d_3x4_a/conv/kernel")) m.put(new FloatTensor("params/encoder/" + e.getKey(), t.shape(), t.data()));
            long[] shape = e.getKey().equals("bottleneck/conv2d_3x3/conv/bias") ? new long[] {t.shape()[0] + 1} : t.shape();
            b.put(new FloatTensor("params/encoder/" + e.getKey(), shape, FloatBuffer.wrap(new float[(int) FloatTensor.elementCount(shape)])));
        }
        m.write(missing.resolve("encoder.safetensors"));
        b.write(bad.resolve("encoder.safetensors"));
        Files.copy(dir.resolve("quantizer.safetensors"), missing.resolve("quantizer.safetensors"));
        Files.copy(dir.resolve("quantizer.safetensors"), bad.resolve("quantizer.safetensors"));
        WeightException e1 = assertThrows(WeightException.class, () -> SpectroStreamEncoder.load(missing));
        assertTrue(e1.getMessage().contains("params/encoder/encoder_3/conv2d_3x4_a/conv/kernel") && e1.getMessage().contains("missing"), e1.getMessage());
        WeightException e2 = assertThrows(WeightException.class, () -> SpectroStreamEncoder.load(bad));
        assertTrue(e2.getMessage().contains("bottleneck/conv2d_3x3/conv/bias") && e2.getMessage().contains("shape"), e2.getMessage());
        Path noQuant = Files.createDirectory(dir.resolve("noquant"));
        Files.copy(dir.resolve("encoder.safetensors"), noQuant.resolve("encoder.safetensors"));
        WeightException e3 = assertThrows(WeightException.class, () -> SpectroStreamEncoder.load(noQuant));
        assertTrue(e3.getMessage().contains("quantizer.safetensors") && e3.getMessage().contains("missing"), e3.getMessage());
        Path notEncoder = Files.createDirectory(dir.resolve("decoderonly"));
        SpectroStreamWeights.random(SpectroStreamConfig.tiny(), 1).write(notEncoder);
        Files.move(notEncoder.resolve("decoder.safetensors"), notEncoder.resolve("encoder.safetensors"));
        WeightException e4 = assertThrows(WeightException.class, () -> SpectroStreamEncoder.load(notEncoder));
        assertTrue(e4.getMessage().contains("not a SpectroStream encoder file"), e4.getMessage());
    }

    @Test
    void badAudioIsRefusedWithTheReason() {
        float[] a = audio(1, 1920);
        IllegalArgumentException rate = assertThrows(IllegalArgumentException.class, () -> tiny.encode(a, 44100, 4));
        assertTrue(rate.getMessage().contains("44100") && rate.getMessage().contains("48000"), rate.getMessage());
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class, () -> tiny.encode(new float[0], 48000, 4));
        assertTrue(empty.getMessage().contains("empty"), empty.getMessage());
        IllegalArgumentException odd = assertThrows(IllegalArgumentException.class, () -> tiny.encode(new float[3], 48000, 4));
        assertTrue(odd.getMessage().contains("2-channel"), odd.getMessage());
        float[] nan = a.clone();
        nan[2 * 100 + 1] = Float.NaN;
        IllegalArgumentException n = assertThrows(IllegalArgumentException.class, () -> tiny.encode(nan, 48000, 4));
        assertTrue(n.getMessage().contains("sample 100 channel 1"), n.getMessage());
        IllegalArgumentException lv = assertThrows(IllegalArgumentException.class, () -> tiny.encode(a, 48000, 65));
        assertTrue(lv.getMessage().contains("65"), lv.getMessage());
    }
}
