package mrtbox.inference.style;

import org.junit.jupiter.api.Timeout;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import mrtbox.inference.GoldenFiles;
import mrtbox.inference.codec.ResidualQuantizer;
import mrtbox.inference.text.SentencePieceTokenizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Proves the MRT v1 MusicCoCa SavedModel path on small SavedModels exported from Java with the real signature keys
 * and tensor names: a text tower (masked mean of an embedding table over the packed ids) and a music tower (block
 * means of the clip through a projection); and a quantizer checkpoint with the real variable keys, stored
 * [dim, codes] in the sorted-name order.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)   // TensorFlow: a hung session must not stall the build
public class SavedModelStyleTest {
    public static final int DIM = 8;
    static final int VOCAB = 2000;
    static final int CLIP = 1600;
    static final int BLOCKS = 16;

    static float[] random(long seed, int n) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) r.nextGaussian();
        return v;
    }

    /** Exports the MusicCoCa-shaped SavedModel; returns its weights (table [VOCAB, DIM], proj [BLOCKS, DIM]). */
    public static float[][] exportMusicCoca(Path dir) throws IOException {
        return exportMusicCoca(dir, CLIP);
    }

    /** {@link #exportMusicCoca(Path)} with the clip input declared {@code [1, clipLength]} (-1: unknown). */
    static float[][] exportMusicCoca(Path dir, long clipLength) throws IOException {
        return exportMusicCoca(dir, clipLength, 0);
    }

    /**
     * {@link #exportMusicCoca(Path, long)} whose text embedding passes through an {@code XlaCallModule} op of
     * {@code xlaVersion} (0: none) carrying a StableHLO module that returns its argument, as jax2tf embeds JAX code.
     */
    static float[][] exportMusicCoca(Path dir, long clipLength, long xlaVersion) throws IOException {
        float[] table = random(1, VOCAB * DIM);
        float[] proj = random(2, BLOCKS * DIM);
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            Variable<TFloat32> tableVar = tf.withName("text_table").variable(Shape.of(VOCAB, DIM), TFloat32.class);
            Variable<TFloat32> projVar = tf.withName("music_proj").variable(Shape.of(BLOCKS, DIM), TFloat32.class);
            Placeholder<TFloat32> tableIn = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(VOCAB, DIM)));
            Placeholder<TFloat32> projIn = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(BLOCKS, DIM)));
            Op a1 = tf.assign(tableVar, tableIn);
            Op a2 = tf.assign(projVar, projIn);

            Placeholder<TInt32> ids = tf.placeholder(TInt32.class, Placeholder.shape(Shape.of(1, 128)));
            Placeholder<TFloat32> pads = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(1, 128)));
            Operand<TFloat32> rows = tf.gather(tableVar, ids, tf.constant(0)); // [1, 128, DIM]
            Operand<TFloat32> keep = tf.expandDims(tf.math.sub(tf.constant(1f), pads), tf.constant(-1)); // [1, 128, 1]
            Operand<TFloat32> textEmb = tf.math.div(tf.reduceSum(tf.math.mul(rows, keep), tf.constant(1)),
                    tf.reduceSum(keep, tf.constant(1))); // [1, DIM]
            if (xlaVersion > 0) {
                String identity = "module @jit_embed {\n  func.func public @main(%arg0: tensor<1x" + DIM + "xf32>) -> tensor<1x" + DIM + "xf32> {\n"
                        + "    return %arg0 : tensor<1x" + DIM + "xf32>\n  }\n}\n";
                org.tensorflow.Operation xla = g.opBuilder(SavedModelStyleEmbedder.XLA_CALL_MODULE, "xla_call_module", tf.scope())
                        .addInputList(new org.tensorflow.Output<?>[] {textEmb.asOutput()})
                        .setAttr("version", xlaVersion)
                        .setAttr("module", identity)
                        .setAttr("Sout", new Shape[] {Shape.of(1, DIM)})
                        .setAttr("Tout", new org.tensorflow.proto.DataType[] {org.tensorflow.proto.DataType.DT_FLOAT})
                        .setAttr("platforms", new String[] {"CPU"})
                        .build();
                textEmb = xla.output(0);
            }

            Placeholder<TFloat32> clip = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(1, clipLength)));
            Operand<TFloat32> blocks = tf.math.mean(tf.reshape(clip, tf.constant(new int[] {1, BLOCKS, -1})), tf.constant(2));
            Operand<TFloat32> musicEmb = tf.linalg.matMul(blocks, projVar); // [1, DIM]

            try (Session s = new Session(g);
                 TFloat32 t1 = TFloat32.tensorOf(Shape.of(VOCAB, DIM), DataBuffers.of(table, true, false));
                 TFloat32 t2 = TFloat32.tensorOf(Shape.of(BLOCKS, DIM), DataBuffers.of(proj, true, false))) {
                s.runner().feed(tableIn, t1).feed(projIn, t2).addTarget(a1).addTarget(a2).run().close();
                SessionFunction text = SessionFunction.create(Signature.builder().key("embed_text")
                        .input("inputs_0", ids).input("inputs_0_1", pads).output("contrastive_txt_embed", textEmb).build(), s);
                SessionFunction music = SessionFunction.create(Signature.builder().key("embed_music")
                        .input("inputs_0", clip).output("contrastive_music_embed", musicEmb).build(), s);
                SavedModelBundle.exporter(dir.toString()).withFunction(text).withFunction(music).export();
            }
        }
        return new float[][] {table, proj};
    }

    @Test
    void aClipInputOfUnknownLengthTakesTheReferences10Seconds(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("musiccoca");
        float[][] w = exportMusicCoca(model, -1);
        try (SavedModelStyleEmbedder emb = SavedModelStyleEmbedder.load(model, GoldenFiles.caseDir("spm_a").resolve("spm.model"))) {
            assertEquals(160_000, emb.clipSamples());
            float[] clip = new float[160_000];
            java.util.Arrays.fill(clip, 100_000, 110_000, 2f); // block 10 of 16 has mean 2
            float[] expect = new float[DIM];
            for (int d = 0; d < DIM; d++) expect[d] = 2f * w[1][10 * DIM + d];
            assertArrayClose(expect, emb.embedAudioClip(clip), 1e-5);
        }
    }

    /**
     * The real {@code embed_text} holds an {@code XlaCallModule} op (jax2tf): one of a version this TensorFlow runs
     * goes through {@code SavedModelStyleEmbedder} on the CPU like any other op; one of a version it does not run
     * fails the load with a message naming the op and the version (the box then plays unconditioned, degraded).
     */
    @Test
    void anXlaCallModuleOpRunsAndAnUnsupportedVersionIsNamed(@TempDir Path dir) throws Exception {
        Path spmFile = GoldenFiles.caseDir("spm_a").resolve("spm.model");
        Path ok = dir.resolve("xla9");
        float[][] w = exportMusicCoca(ok, CLIP, 9);
        try (SavedModelStyleEmbedder emb = SavedModelStyleEmbedder.load(ok, spmFile);
             SavedModelBundle b = SavedModelBundle.load(ok.toString(), "serve")) {
            assertEquals(java.util.Set.of(9L), SavedModelStyleEmbedder.xlaCallModuleVersions(b.metaGraphDef().getGraphDef()));
            MusicCocaText.Packed p = emb.pack("dub techno");
            float[] expect = new float[DIM];
            int n = 0;
            for (int i = 0; i < 128; i++) {
                if (p.paddings()[i] != 0f) continue;
                for (int d = 0; d < DIM; d++) expect[d] += w[0][p.ids()[i] * DIM + d];
                n++;
            }
            for (int d = 0; d < DIM; d++) expect[d] /= n;
            assertArrayClose(expect, emb.embedText("dub techno"), 1e-5);
        }
        Path newer = dir.resolve("xla10");
        exportMusicCoca(newer, CLIP, 10);
        IOException e = assertThrows(IOException.class, () -> SavedModelStyleEmbedder.load(newer, spmFile));
        assertTrue(e.getMessage().contains("MusicCoCa 'embed_text' failed") && e.getMessage().contains("XlaCallModule version [10]"), e.getMessage());
    }

    @Test
    void musicCocaIsPinnedToTheCpu() {
        assertEquals(0, mrtbox.inference.tf.TfSessions.cpuOnlyConfig().getDeviceCountOrThrow("GPU"));
    }

    @Test
    void musicCocaSignaturesWorkEndToEnd(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("musiccoca");
        float[][] w = exportMusicCoca(model);
        Path spmFile = GoldenFiles.caseDir("spm_a").resolve("spm.model");
        SentencePieceTokenizer spm = SentencePieceTokenizer.load(spmFile);
        try (SavedModelStyleEmbedder emb = SavedModelStyleEmbedder.load(model, spmFile)) {
            assertEquals(DIM, emb.dim());
            assertEquals(CLIP, emb.clipSamples());
            assertTrue(emb.modelId().startsWith("musiccoca-savedmodel:"));

            String prompt = "Warm Analog SYNTH pads";
            MusicCocaText.Packed p = new MusicCocaText(spm, MusicCocaText.Lowering.UNICODE).pack(prompt);
            float[] expect = new float[DIM];
            int n = 0;
            for (int i = 0; i < 128; i++) {
                if (p.paddings()[i] != 0f) continue;
                for (int d = 0; d < DIM; d++) expect[d] += w[0][p.ids()[i] * DIM + d];
                n++;
            }
            for (int d = 0; d < DIM; d++) expect[d] /= n;
            assertEquals(1 + spm.encodeAsIds("warm analog synth pads").length, n);
            assertArrayClose(expect, emb.embedText(prompt), 1e-5);

            float[] clip = random(9, CLIP);
            float[] musicExpect = new float[DIM];
            int per = CLIP / BLOCKS;
            for (int b = 0; b < BLOCKS; b++) {
                float m = 0;
                for (int i = 0; i < per; i++) m += clip[b * per + i];
                m /= per;
                for (int d = 0; d < DIM; d++) musicExpect[d] += m * w[1][b * DIM + d];
            }
            assertArrayClose(musicExpect, emb.embedAudioClip(clip), 1e-5);
            assertThrows(IOException.class, () -> emb.embedAudioClip(new float[10]));

            // And behind the style mixer, with codebooks read from a quantizer SavedModel.
            Path quant = dir.resolve("quant");
            float[][] levels = exportQuantizer(quant, DIM, 64);
            ResidualQuantizer q = SavedModelCodebooks.load(quant);
            try (StyleMixer m = new StyleMixer(emb, q, 12, StyleBlend.ZeroWeights.ZERO_VECTOR, EmbeddingCache.inMemory(), null)) {
                long s = m.submit(List.of(StylePrompt.text(prompt)), new float[] {1f});
                assertTrue(m.await(s, Duration.ofSeconds(60)));
                assertArrayEquals(q.encode(emb.embedText(prompt), 12), m.current().tokens());
                assertTrue(m.current().warnings().isEmpty());
                String longPrompt = "slow evolving ambient drones with granular textures ".repeat(30);
                long s2 = m.submit(List.of(StylePrompt.text(longPrompt)), new float[] {1f});
                assertTrue(m.await(s2, Duration.ofSeconds(60)));
                assertEquals(1, m.current().warnings().size());
                assertTrue(m.current().warnings().get(0).contains("too long"), m.current().warnings().get(0));
            }
            assertEquals(levels.length, q.levels());
        }
    }

    /**
     * The quantizer SavedModel's checkpoint as the reference reads it: {@code variables/variables} holding
     * {@code variables/{n}/.ATTRIBUTES/VARIABLE_VALUE}, n = 0..11, each [dim, size], written with TF's SaveV2 (the op
     * TF2 uses for these object-based checkpoints). Returns the per-level codebooks [size * dim] RVQ level k should see.
     */
    public static float[][] exportQuantizer(Path dir, int dim, int size) throws IOException {
        float[][] byVariable = new float[12][];
        Files.createDirectories(dir.resolve("variables"));
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            String[] names = new String[12];
            String[] slices = new String[12];
            List<Operand<?>> values = new ArrayList<>();
            for (int n = 0; n < 12; n++) {
                byVariable[n] = random(100 + n, dim * size);
                names[n] = SavedModelCodebooks.variableName(n);
                slices[n] = "";
                values.add(tf.constant(Shape.of(dim, size), DataBuffers.of(byVariable[n], true, false)));
            }
            var save = tf.train.save(tf.constant(dir.resolve("variables").resolve("variables").toString()),
                    tf.constant(java.nio.charset.StandardCharsets.UTF_8, names), tf.constant(java.nio.charset.StandardCharsets.UTF_8, slices), values);
            s.runner().addTarget(save).run().close();
        }
        float[][] levels = new float[12][];
        for (int k = 0; k < 12; k++) {
            float[] v = byVariable[SavedModelCodebooks.VAR_ORDER[k]];
            float[] t = new float[size * dim];
            for (int d = 0; d < dim; d++) for (int c = 0; c < size; c++) t[c * dim + d] = v[d * size + c];
            levels[k] = t;
        }
        return levels;
    }

    @Test
    void quantizerCodebooksFollowTheVariableOrderQuirk(@TempDir Path dir) throws Exception {
        float[][] levels = exportQuantizer(dir, 6, 32);
        ResidualQuantizer q = SavedModelCodebooks.load(dir);
        assertEquals(12, q.levels());
        assertEquals(32, q.codebookSize());
        assertEquals(6, q.dim());
        for (int k = 0; k < 12; k++) {
            for (int c : new int[] {0, 7, 31}) {
                int[] codes = new int[k + 1];
                codes[k] = c;
                // decode of [0,..,0,c] minus decode of [0,..,0,0] isolates level k's code c
                float[] withC = q.decode(codes);
                codes[k] = 0;
                float[] without = q.decode(codes);
                for (int d = 0; d < 6; d++) {
                    assertEquals(levels[k][c * 6 + d] - levels[k][d], withC[d] - without[d], 1e-5, "level " + k + " code " + c);
                }
            }
        }
        IOException notThere = assertThrows(IOException.class, () -> SavedModelCodebooks.load(dir.resolve("nope")));
        assertTrue(notThere.getMessage().contains("variables.index"), notThere.getMessage());
    }

    @Test
    void notASavedModelIsReported(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("readme.txt"), "x");
        IOException e = assertThrows(IOException.class,
                () -> SavedModelStyleEmbedder.load(dir, GoldenFiles.caseDir("spm_a").resolve("spm.model")));
        assertTrue(e.getMessage().contains("not a SavedModel"), e.getMessage());
    }

    static void assertArrayClose(float[] expect, float[] got, double tol) {
        assertEquals(expect.length, got.length);
        for (int i = 0; i < expect.length; i++) assertEquals(expect[i], got[i], tol * Math.max(1, Math.abs(expect[i])), "index " + i);
    }

}
