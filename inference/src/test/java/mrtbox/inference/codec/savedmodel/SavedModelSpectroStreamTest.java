package mrtbox.inference.codec.savedmodel;

import org.junit.jupiter.api.Timeout;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import mrtbox.inference.codec.CodecInfo;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SavedModel codec on SavedModels exported from Java with the release's signature keys, tensor names, dtypes,
 * shapes and quantizer object graph ({@link StandInCodecExport}: a linear decoder and its inverse as encoder, so
 * every output can be computed by hand). 20 levels, so the list order of {@code _quantizers[i]} is told apart from
 * the string order of its names ("10" sorts before "2").
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)   // TensorFlow: a hung session must not stall the build
class SavedModelSpectroStreamTest {
    static final int F = 1920;
    static final int FRAME_FLOATS = 2 * F;

    @TempDir
    static Path shared;
    static StandInCodecExport.Written codec;

    @BeforeAll
    static void export() throws IOException {
        codec = new StandInCodecExport().dim(8).levels(20).seed(7).write(shared.resolve("ssv2"));
    }

    static int[][] randomTokens(int frames, int levels, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int[][] t = new int[frames][levels];
        for (int[] f : t) for (int k = 0; k < levels; k++) f[k] = r.nextInt(1024);
        return t;
    }

    /** By hand: embedding = sum over the frame's K levels of codebook[k][code]; audio = embedding . kernel. */
    static float[] expectedAudio(StandInCodecExport.Written w, int[][] tokens) {
        float[] out = new float[tokens.length * 2 * w.samplesPerFrame()];
        int cols = 2 * w.samplesPerFrame();
        for (int s = 0; s < tokens.length; s++) {
            double[] e = new double[w.dim()];
            for (int k = 0; k < tokens[s].length; k++) for (int d = 0; d < w.dim(); d++) e[d] += w.code(k, tokens[s][k], d);
            for (int j = 0; j < cols; j++) {
                double v = 0;
                for (int d = 0; d < w.dim(); d++) v += e[d] * w.kernel()[d * cols + j];
                out[s * cols + j] = (float) v;
            }
        }
        return out;
    }

    @Test
    void decodesTheSumOfTheFirstKLevelsThroughTheDecoderSignature() throws IOException {
        try (SavedModelSpectroStreamDecoder dec = SavedModelSpectroStreamDecoder.load(codec.dir())) {
            assertEquals(new CodecInfo(48_000, 2, F, 20, 1024, 8, 0), dec.info());
            // codebooks are the _quantizers[i].embeddings variables, [dim, codes] transposed, in list order
            assertEquals(20, dec.codebooks().levels());
            for (int k : new int[] {0, 1, 2, 10, 11, 19}) {
                for (int c : new int[] {0, 5, 1023}) {
                    int[] one = new int[k + 1];
                    one[k] = c;
                    float[] with = dec.codebooks().decode(one);
                    one[k] = 0;
                    float[] without = dec.codebooks().decode(one);
                    for (int d = 0; d < 8; d++) assertEquals(codec.code(k, c, d) - codec.code(k, 0, d), with[d] - without[d], 1e-6, "level " + k + " code " + c);
                }
            }
            for (int levels : new int[] {1, 16, 20}) {
                int[][] tokens = randomTokens(5, levels, levels);
                float[] audio = dec.decode(tokens);
                assertEquals(5 * FRAME_FLOATS, audio.length, "S frames give S * 1920 stereo samples, nothing trimmed");
                assertArrayEquals(expectedAudio(codec, tokens), audio, 2e-5f, levels + " levels");
            }
            // stateless: the same frame decodes the same whatever came before
            int[][] a = randomTokens(3, 16, 1);
            int[][] b = {randomTokens(1, 16, 2)[0], a[1], a[2]};
            float[] da = dec.decode(a), db = dec.decode(b);
            for (int i = FRAME_FLOATS; i < da.length; i++) assertEquals(da[i], db[i], 0f);

            IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> dec.decode(new int[][] {{1024}}));
            assertTrue(bad.getMessage().contains("outside 0..1023"), bad.getMessage());
            bad = assertThrows(IllegalArgumentException.class, () -> dec.decode(randomTokens(2, 21, 3)));
            assertTrue(bad.getMessage().contains("21 levels requested, the quantizer has 20"), bad.getMessage());
            bad = assertThrows(IllegalArgumentException.class, () -> dec.decode(new int[][] {{1, 2}, {3}}));
            assertTrue(bad.getMessage().contains("frame 1 has 1 levels"), bad.getMessage());
        }
    }

    @Test
    void encoderRoundTripsAndTheQuantizerSignatureAgreesWithGreedyRvq() throws IOException {
        int[][] tokens = randomTokens(4, 16, 11);
        float[] audio = expectedAudio(codec, tokens);
        try (SavedModelSpectroStreamEncoder enc = SavedModelSpectroStreamEncoder.load(codec.dir());
             SavedModelSpectroStreamEncoder javaRvq = SavedModelSpectroStreamEncoder.load(codec.dir(),
                     SavedModelCodecOptions.builder().quantizer(null, null, null).build());
             SavedModelSpectroStreamDecoder dec = SavedModelSpectroStreamDecoder.load(codec.dir())) {
            // the stand-in encoder inverts its decoder, so encode(decode(tokens)) gives back their embeddings
            float[] latent = enc.encodeEmbeddings(audio, 48_000);
            assertArrayEquals(dec.codebooks().decodeFrames(tokens), latent, 2e-5f);

            // T not a multiple of 1920: ceil(T / 1920) frames, the last one zero-padded
            int t = 2 * F + 100;
            float[] partial = java.util.Arrays.copyOf(audio, 2 * t);
            float[] lp = enc.encodeEmbeddings(partial, 48_000);
            assertEquals(3 * 8, lp.length);
            for (int d = 0; d < 8; d++) {
                double v = 0;
                for (int j = 0; j < 200; j++) v += partial[2 * F * 2 + j] * codec.kernel()[d * FRAME_FLOATS + j];
                assertEquals(v, lp[16 + d], 1e-5, "padded frame, dim " + d);
            }

            // tokens: the quantizer signature's [levels, 1, S] transposed to [S][levels], equal to greedy L2 RVQ in Java
            int[][] viaSignature = enc.encode(audio, 48_000, 16);
            int[][] viaJava = javaRvq.encode(audio, 48_000, 16);
            assertEquals(4, viaSignature.length);
            for (int s = 0; s < 4; s++) assertArrayEquals(viaJava[s], viaSignature[s], "frame " + s);
            // and more levels reconstruct the embedding better (each level refines the residual)
            double e4 = err(dec.codebooks().decodeFrames(enc.quantize(latent, 4, 4)), latent);
            double e16 = err(dec.codebooks().decodeFrames(viaSignature), latent);
            assertTrue(e16 < e4, e16 + " vs " + e4);

            IllegalArgumentException rate = assertThrows(IllegalArgumentException.class, () -> enc.encodeEmbeddings(audio, 44_100));
            assertTrue(rate.getMessage().contains("44100 Hz") && rate.getMessage().contains("48000"), rate.getMessage());
            assertThrows(IllegalArgumentException.class, () -> enc.encodeEmbeddings(new float[3], 48_000));
        }
    }

    @Test
    void codebooksAreFoundThroughTheObjectGraphWhateverTheCheckpointKeys(@TempDir Path dir) throws IOException {
        StandInCodecExport.Written keras = new StandInCodecExport().dim(4).levels(12).seed(3)
                .codebookKey("layer_with_weights-{i}/embeddings/.ATTRIBUTES/VARIABLE_VALUE").write(dir);
        try (SavedModelSpectroStreamDecoder dec = SavedModelSpectroStreamDecoder.load(dir)) {
            assertEquals(12, dec.codebooks().levels());
            int[][] tokens = randomTokens(2, 12, 5);
            assertArrayEquals(expectedAudio(keras, tokens), dec.decode(tokens), 2e-5f);
        }
        IOException wrongPath = assertThrows(IOException.class, () -> SavedModelSpectroStreamDecoder.load(dir,
                SavedModelCodecOptions.builder().codebookPath("_levels/{i}/embeddings").build()));
        assertTrue(wrongPath.getMessage().contains("no object '_levels' under '(root)' (children: [_quantizers])"), wrongPath.getMessage());
    }

    @Test
    void badFoldersSignaturesAndShapesAreNamed(@TempDir Path dir) throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        IOException e = assertThrows(IOException.class, () -> SavedModelSpectroStreamDecoder.load(empty));
        assertTrue(e.getMessage().contains(empty.toString()) && e.getMessage().contains("decoder/saved_model.pb")
                && e.getMessage().contains("quantizer/variables/variables.index"), e.getMessage());

        e = assertThrows(IOException.class, () -> SavedModelSpectroStreamDecoder.load(codec.dir(),
                SavedModelCodecOptions.builder().decoder("decode", null, null).build()));
        assertTrue(e.getMessage().contains(codec.dir().resolve("decoder").toString())
                && e.getMessage().contains("no signature 'decode' (it has: serving_default)"), e.getMessage());

        e = assertThrows(IOException.class, () -> SavedModelSpectroStreamDecoder.load(codec.dir(),
                SavedModelCodecOptions.builder().decoder("serving_default", "embeddings", null).build()));
        assertTrue(e.getMessage().contains("no input 'embeddings' (it has [args_0 DT_FLOAT [1, -1, 8]])"), e.getMessage());

        e = assertThrows(IOException.class, () -> SavedModelSpectroStreamDecoder.load(codec.dir(),
                SavedModelCodecOptions.builder().frames(48_000, 960).build()));
        assertTrue(e.getMessage().contains("for 2 frames is DT_FLOAT [1, 3840, 2], expected float32 [1, 1920, 2] (960 stereo samples per frame)"), e.getMessage());

        // a decoder that takes 8-d embeddings next to 6-d codebooks
        Path mixed = dir.resolve("mixed");
        new StandInCodecExport().dim(6).levels(2).codebookSize(16).write(mixed);
        StandInCodecExport.Written eight = new StandInCodecExport().dim(8).levels(2).codebookSize(16).write(dir.resolve("eight"));
        deleteTree(mixed.resolve("decoder"));
        Files.move(eight.dir().resolve("decoder"), mixed.resolve("decoder"));
        e = assertThrows(IOException.class, () -> SavedModelSpectroStreamDecoder.load(mixed));
        assertTrue(e.getMessage().contains("decoder input 'args_0' has shape [1, -1, 8], expected [1, ?, 6]"), e.getMessage());

        // a decoder traced at a fixed 50 frames (MRT v1 decodes 51 per chunk)
        Path fixed = dir.resolve("fixed");
        new StandInCodecExport().dim(4).levels(2).codebookSize(16).write(fixed);
        deleteTree(fixed.resolve("decoder"));
        exportFixedLengthDecoder(fixed.resolve("decoder"), 50, 4);
        e = assertThrows(IOException.class, () -> SavedModelSpectroStreamDecoder.load(fixed));
        assertTrue(e.getMessage().contains("input 'args_0' [1, 50, 4] takes a fixed 50 frames on axis 1"), e.getMessage());

        // a quantizer folder that is a SavedModel but no TF2 object-based checkpoint
        Path noGraph = dir.resolve("nograph");
        new StandInCodecExport().dim(4).levels(2).codebookSize(16).write(noGraph);
        deleteTree(noGraph.resolve("quantizer"));
        copyTree(noGraph.resolve("decoder"), noGraph.resolve("quantizer"));
        e = assertThrows(IOException.class, () -> SavedModelSpectroStreamDecoder.load(noGraph));
        assertTrue(e.getMessage().contains("_CHECKPOINTABLE_OBJECT_GRAPH") && e.getMessage().contains(noGraph.resolve("quantizer").toString()), e.getMessage());

        // a decoder folder whose saved_model.pb is not a SavedModel
        Path garbled = dir.resolve("garbled");
        new StandInCodecExport().dim(4).levels(2).codebookSize(16).write(garbled);
        Files.writeString(garbled.resolve("decoder").resolve("saved_model.pb"), "not a protobuf");
        e = assertThrows(IOException.class, () -> SavedModelSpectroStreamDecoder.load(garbled));
        assertTrue(e.getMessage().contains(garbled.resolve("decoder") + ": cannot load SavedModel"), e.getMessage());
    }

    @Test
    void aQuantizerWithoutItsEncodingSignatureTokenizesWithJavaRvq(@TempDir Path dir) throws IOException {
        // the reference calls the method on the restored object; without the signature the same greedy L2 RVQ runs in Java
        new StandInCodecExport().dim(4).levels(3).codebookSize(32).quantizerSignature(false).write(dir);
        try (SavedModelSpectroStreamEncoder enc = SavedModelSpectroStreamEncoder.load(dir);
             SavedModelSpectroStreamDecoder dec = SavedModelSpectroStreamDecoder.load(dir)) {
            assertTrue(enc.toString().contains("(RVQ in Java)"), enc.toString());
            int[][] tokens = enc.encode(new float[2 * F * 2], 48_000, 3);
            assertEquals(2, tokens.length);
            assertArrayEquals(dec.codebooks().encode(new float[4], 3), tokens[0], "silence encodes like a zero embedding");
            float[] latent = {0.3f, -0.2f, 0.1f, 0.05f};
            assertArrayEquals(dec.codebooks().encode(latent, 3), enc.quantize(latent, 1, 3)[0]);
        }
    }

    @Test
    void aQuantizerSignatureTracedAtAFixedLengthIsPassedOverForJavaRvq(@TempDir Path dir) throws IOException {
        new StandInCodecExport().dim(4).levels(3).codebookSize(32).quantizerFrames(50).write(dir);
        try (SavedModelSpectroStreamEncoder enc = SavedModelSpectroStreamEncoder.load(dir)) {
            assertTrue(enc.toString().contains("(RVQ in Java)"), "50 frames traced, any number encoded: " + enc);
            int[][] tokens = enc.encode(new float[2 * F * 3], 48_000, 3);
            assertEquals(3, tokens.length);
            assertArrayEquals(enc.codebooks().encode(new float[4], 3), tokens[2]);
        }
    }

    /** A decoder signature traced at a fixed number of frames: [1, frames, dim] -> [1, frames * F, 2]. */
    static void exportFixedLengthDecoder(Path dir, int frames, int dim) throws IOException {
        try (org.tensorflow.Graph g = new org.tensorflow.Graph()) {
            org.tensorflow.op.Ops tf = org.tensorflow.op.Ops.create(g);
            var k = tf.withName("kernel").variable(org.tensorflow.ndarray.Shape.of(dim, FRAME_FLOATS), org.tensorflow.types.TFloat32.class);
            var init = tf.assign(k, tf.zeros(tf.constant(new long[] {dim, FRAME_FLOATS}), org.tensorflow.types.TFloat32.class));
            var in = tf.placeholder(org.tensorflow.types.TFloat32.class,
                    org.tensorflow.op.core.Placeholder.shape(org.tensorflow.ndarray.Shape.of(1, frames, dim)));
            var out = tf.reshape(tf.linalg.matMul(tf.reshape(in, tf.constant(new int[] {-1, dim})), k), tf.constant(new int[] {1, -1, 2}));
            try (org.tensorflow.Session s = new org.tensorflow.Session(g)) {
                s.runner().addTarget(init).run().close();
                org.tensorflow.SavedModelBundle.exporter(dir.toString()).withFunction(org.tensorflow.SessionFunction.create(
                        org.tensorflow.Signature.builder().key("serving_default").input("args_0", in).output("output_0", out).build(), s)).export();
            }
        }
    }

    private static double err(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += (a[i] - b[i]) * (double) (a[i] - b[i]);
        return s;
    }

    static void deleteTree(Path p) throws IOException {
        try (var s = Files.walk(p)) {
            for (Path q : (Iterable<Path>) s.sorted(java.util.Comparator.reverseOrder())::iterator) Files.delete(q);
        }
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (var s = Files.walk(from)) {
            for (Path q : (Iterable<Path>) s.sorted()::iterator) {
                Path t = to.resolve(from.relativize(q).toString());
                if (Files.isDirectory(q)) Files.createDirectories(t);
                else Files.copy(q, t);
            }
        }
    }
}
