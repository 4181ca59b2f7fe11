package mrtbox.inference.codec;

import org.junit.jupiter.api.Timeout;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import mrtbox.inference.GoldenFiles;
import mrtbox.inference.conformance.Conformance;
import mrtbox.inference.conformance.ConformanceResult;
import mrtbox.inference.weights.SafetensorsWriter;
import mrtbox.inference.weights.WeightException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 300, unit = TimeUnit.SECONDS)   // TensorFlow: a hung session must not stall the build
class SpectroStreamDecoderTest {
    static SpectroStreamDecoder tiny;

    @BeforeAll
    static void open() {
        tiny = SpectroStreamDecoder.tiny(42);
    }

    @AfterAll
    static void close() {
        tiny.close();
    }

    static int[][] randomCodes(long seed, int frames, int levels) {
        SplittableRandom r = new SplittableRandom(seed);
        int[][] c = new int[frames][levels];
        for (int[] f : c) for (int k = 0; k < levels; k++) f[k] = r.nextInt(1024);
        return c;
    }

    static double maxDiff(float[] a, int aFrom, float[] b, int bFrom, int n) {
        double m = 0;
        for (int i = 0; i < n; i++) m = Math.max(m, Math.abs(a[aFrom + i] - b[bFrom + i]));
        return m;
    }

    @Test
    void goldenCaseSpectrostreamDecAPasses() throws Exception {
        ConformanceResult r = Conformance.standard().run(GoldenFiles.caseDir("spectrostream_dec_a"));
        assertTrue(r.passed(), r.line());
    }

    @Test
    void streamingInAnyStepSizeMatchesOneFrameSteps() {
        int[][] codes = randomCodes(1, 9, 12);
        tiny.reset();
        float[] oneByOne = new float[0];
        for (int[] f : codes) oneByOne = concat(oneByOne, tiny.step(new int[][] {f}));
        for (int chunk : new int[] {2, 3, 9}) {
            tiny.reset();
            float[] chunked = new float[0];
            for (int t = 0; t < codes.length; t += chunk) {
                chunked = concat(chunked, tiny.step(Arrays.copyOfRange(codes, t, Math.min(codes.length, t + chunk))));
            }
            assertEquals(oneByOne.length, chunked.length);
            double d = maxDiff(oneByOne, 0, chunked, 0, oneByOne.length);
            assertTrue(d < 1e-5 * Math.max(1, peak(oneByOne)), "steps of " + chunk + " differ by " + d);
        }
        // reset really restarts: the same frames give the same audio again
        tiny.reset();
        float[] again = new float[0];
        for (int[] f : codes) again = concat(again, tiny.step(new int[][] {f}));
        assertArrayEquals(oneByOne, again);
    }

    @Test
    void streamLagsWholeSequenceByTheLookahead() {
        int[][] codes = randomCodes(2, 6, 16);
        CodecInfo info = tiny.info();
        assertEquals(1920, info.samplesPerFrame());
        assertEquals(1, info.lookaheadFrames());
        float[] whole = tiny.decode(codes);
        assertEquals(2 * 1920 * 5, whole.length);
        tiny.reset();
        float[] stream = tiny.step(codes);
        assertEquals(2 * 1920 * 6, stream.length);
        for (int i = 0; i < 2 * 1920; i++) assertEquals(0f, stream[i], "lookahead frame must be silent");
        double d = maxDiff(stream, 2 * 1920, whole, 0, whole.length);
        assertTrue(d < 1e-5 * Math.max(1, peak(whole)), "stream vs whole " + d);
        // whole-sequence pieces bound memory, not the result
        for (int piece : new int[] {1, 4, 6}) {
            float[] w = tiny.wholePieceFrames(piece).decode(codes);
            assertTrue(maxDiff(w, 0, whole, 0, whole.length) < 1e-5 * Math.max(1, peak(whole)), "piece " + piece);
        }
        tiny.wholePieceFrames(8);
        // whole-sequence decoding leaves the stream state alone
        tiny.reset();
        float[] first = tiny.step(Arrays.copyOfRange(codes, 0, 3));
        tiny.decode(randomCodes(3, 4, 16));
        float[] rest = tiny.step(Arrays.copyOfRange(codes, 3, 6));
        assertTrue(maxDiff(concat(first, rest), 0, stream, 0, stream.length) < 1e-5 * Math.max(1, peak(stream)));
    }

    @Test
    void badTokensAndShortSequencesAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> tiny.step(new int[][] {{5, 1024}}));
        assertTrue(e.getMessage().contains("code 1024 at level 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> tiny.step(new int[][] {{5, 6}, {7}}));
        assertThrows(IllegalArgumentException.class, () -> tiny.decode(new int[][] {{1, 2}}));
        assertThrows(IllegalArgumentException.class, () -> tiny.step(new int[][] {new int[65]}));
    }

    @Test
    void writtenWeightsLoadBackAndDecodeTheSame(@TempDir Path dir) throws IOException {
        SpectroStreamWeights w = SpectroStreamWeights.random(SpectroStreamConfig.tiny(), 42);
        w.write(dir);
        int[][] codes = randomCodes(4, 3, 12);
        try (SpectroStreamDecoder loaded = SpectroStreamDecoder.load(dir)) {
            assertArrayEquals(tiny.decode(codes), loaded.decode(codes));
        }
    }

    @Test
    void oneRawCheckpointWithOtherSubtreesLoadsToo(@TempDir Path dir) throws IOException {
        // The MRT2 raw checkpoint keeps the codec beside the LLM: params/soundstream/{decoder,quantizer} + others.
        SpectroStreamWeights w = SpectroStreamWeights.random(SpectroStreamConfig.tiny(), 42);
        SafetensorsWriter all = new SafetensorsWriter();
        all.put("params/depthformer/encoder/body/layers_1/branched_mulan_embedder/mulan_embedder/mulan_dequantizer/embedding",
                new long[] {2, 2}, new float[4]);
        for (var e : w.all().entrySet()) {
            String key = e.getKey().equals(SpectroStreamWeights.QUANTIZER) ? "params/soundstream/quantizer/embedding"
                    : "params/soundstream/decoder/" + e.getKey();
            all.put(new mrtbox.inference.weights.FloatTensor(key, e.getValue().shape(), e.getValue().data()));
        }
        Path ckpt = dir.resolve("mrt2_tiny.safetensors");
        all.write(ckpt);
        int[][] codes = randomCodes(6, 3, 12);
        try (SpectroStreamDecoder d = SpectroStreamDecoder.loadCheckpoint(SpectroStreamConfig.tiny(), ckpt)) {
            assertArrayEquals(tiny.decode(codes), d.decode(codes));
        }
    }

    @Test
    void missingOrMisShapedFilesSayWhat(@TempDir Path dir) throws IOException {
        WeightException missing = assertThrows(WeightException.class, () -> SpectroStreamDecoder.load(dir));
        assertTrue(missing.getMessage().contains("decoder.safetensors"), missing.getMessage());
        SpectroStreamWeights.random(SpectroStreamConfig.tiny(), 1).write(dir);
        // a real-size config against tiny files: the first tensor's shape mismatch is named
        WeightException shape = assertThrows(WeightException.class, () -> SpectroStreamDecoder.load(SpectroStreamConfig.real(),
                dir.resolve("decoder.safetensors"), dir.resolve("quantizer.safetensors")));
        assertTrue(shape.getMessage().contains("input_layer/conv1x1_first/conv/kernel") && shape.getMessage().contains("expected"),
                shape.getMessage());
        Path other = dir.resolve("other.safetensors");
        new SafetensorsWriter().put("something/else", new long[] {1}, new float[] {1}).write(other);
        WeightException notCodec = assertThrows(WeightException.class, () -> SpectroStreamDecoder.load(SpectroStreamConfig.tiny(), other,
                dir.resolve("quantizer.safetensors")));
        assertTrue(notCodec.getMessage().contains("not a SpectroStream file"), notCodec.getMessage());
        assertTrue(Files.exists(dir.resolve("decoder.safetensors")));
    }

    @Test
    void realConfigLayoutMatchesTheReleasedTensorList() {
        var shapes = SpectroStreamWeights.expectedShapes(SpectroStreamConfig.real());
        long params = 0;
        for (var e : shapes.entrySet()) {
            if (!e.getKey().equals(SpectroStreamWeights.QUANTIZER)) params += mrtbox.inference.weights.FloatTensor.elementCount(e.getValue());
        }
        assertEquals(48, shapes.size() - 1, "decoder tensors");
        assertEquals(35_684_546L, params, "decoder parameters (golden real_decoder_param_shapes.json)");
        assertArrayEquals(new long[] {4, 3, 512, 1024}, shapes.get("decoder_0/conv2dtranspose_4x3/conv/kernel"));
        assertArrayEquals(new long[] {3, 6, 256, 128}, shapes.get("decoder_4/conv2dtranspose_3x6/conv/kernel"));
        assertArrayEquals(new long[] {64, 1024, 256}, shapes.get(SpectroStreamWeights.QUANTIZER));
    }

    @Test
    void mrt2OutputStageRoundsHalfToEvenInFloat() {
        assertEquals(0, Mrt2OutputQuantizer.toInt16(0f));
        assertEquals(32767, Mrt2OutputQuantizer.toInt16(2f));
        assertEquals(32767, Mrt2OutputQuantizer.toInt16(11f));
        assertEquals(-32768, Mrt2OutputQuantizer.toInt16(-5f));
        assertEquals(16383, Mrt2OutputQuantizer.toInt16(1f)); // 32767.5 * 0.5 - 0.5 = 16383.25
        assertEquals(0, Mrt2OutputQuantizer.toInt16(1e-9f)); // -0.5 + tiny rounds half-even to 0, not -1
    }

    static float[] concat(float[] a, float[] b) {
        float[] o = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, o, a.length, b.length);
        return o;
    }

    static double peak(float[] a) {
        double m = 0;
        for (float x : a) m = Math.max(m, Math.abs(x));
        return m;
    }
}
