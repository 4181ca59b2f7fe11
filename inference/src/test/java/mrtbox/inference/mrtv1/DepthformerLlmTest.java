package mrtbox.inference.mrtv1;

import org.junit.jupiter.api.Timeout;
import java.util.concurrent.TimeUnit;

import static mrtbox.inference.mrtv1.MrtV1Vocab.CHUNK_FRAMES;
import static mrtbox.inference.mrtv1.MrtV1Vocab.CODEBOOK;
import static mrtbox.inference.mrtv1.MrtV1Vocab.DECODER_LENGTH;
import static mrtbox.inference.mrtv1.MrtV1Vocab.LEVELS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import mrtbox.inference.conformance.NpyArray;
import mrtbox.inference.testutil.Golden;
import mrtbox.inference.weights.FloatTensor;
import mrtbox.inference.weights.InMemoryWeights;
import mrtbox.inference.weights.T5xCheckpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The LLM on the golden checkpoint: caches against the full pass, sampling behaviour, level restriction. */
@Timeout(value = 300, unit = TimeUnit.SECONDS)   // TensorFlow: a hung session must not stall the build
class DepthformerLlmTest {
    private static final Path CASE = Golden.mrtV1();
    private static T5xCheckpoint ckpt;
    private static MrtV1Config config;
    private static DepthformerLlm llm;
    private static int[] encIds;

    @BeforeAll
    static void load() throws Exception {
        ckpt = T5xCheckpoint.open(CASE.resolve("checkpoints/llm_tinya_x0000_c1860k"));
        config = MrtV1Config.fromCheckpoint(ckpt);
        llm = DepthformerLlm.load(ckpt, config, new DepthformerLlm.Options(false, true));
        int[][] context = NpyArray.read(CASE.resolve("inputs/context_codes.npy")).intRows();
        int[] style = Arrays.copyOf(NpyArray.read(CASE.resolve("inputs/style_codes.npy")).ints(), 6);
        encIds = MrtV1Vocab.encoderIds(context, style);
    }

    @AfterAll
    static void close() throws Exception {
        llm.close();
        ckpt.close();
    }

    @Test
    void configIsInferredFromTheCheckpoint() {
        assertEquals(16, config.dModel());
        assertEquals(2, config.numHeads());
        assertEquals(8, config.headDim());
        assertEquals(32, config.mlpDim());
        assertEquals(2, config.encoderLayers());
        assertEquals(2, config.temporalLayers());
        assertEquals(2, config.depthLayers());
        assertEquals(29824, config.vocabSize());
    }

    @Test
    void incrementalDecodingEqualsTheTeacherForcedFullPass() {
        // arbitrary tokens, including EOS-free out-of-level ids and ids of the unused vocabulary tail
        SplittableRandom rnd = new SplittableRandom(7);
        int[] tokens = new int[DECODER_LENGTH];
        for (int i = 0; i < tokens.length; i++) tokens[i] = 2 + rnd.nextInt(config.vocabSize() - 2);
        float w = 5f;
        float[] full = llm.teacherForced(encIds, tokens, w);
        int v = config.vocabSize();
        llm.encode(encIds, null);
        int[] prev = new int[LEVELS];
        int[] ids = new int[LEVELS];
        float[] logits = new float[LEVELS * v];
        double worst = 0;
        for (int t = 0; t < CHUNK_FRAMES; t++) {
            int[] forced = Arrays.copyOfRange(tokens, t * LEVELS, (t + 1) * LEVELS);
            llm.frame(t, prev, forced, SamplingSettings.greedy(w), 1L, ids, logits);
            assertArrayEquals(forced, ids, "teacher forcing feeds the given ids");
            for (int q = 0; q < LEVELS; q++) {
                int step = t * LEVELS + q;
                worst = Math.max(worst, MrtV1LlmConformance.relErr(Arrays.copyOfRange(logits, q * v, (q + 1) * v),
                        Arrays.copyOfRange(full, step * v, (step + 1) * v)));
            }
            prev = forced;
        }
        assertTrue(worst < 5e-5, "incremental vs full pass, max relative error " + worst);
    }

    @Test
    void fullPassOnTheGoldenIdsReproducesTheGreedyChoices() throws Exception {
        int[] expected = NpyArray.read(CASE.resolve("expected/chunk1_ids.npy")).ints();
        float[] full = llm.teacherForced(encIds, expected, 5f);
        int v = config.vocabSize();
        for (int s = 0; s < DECODER_LENGTH; s++) {
            int best = 0;
            for (int i = 1; i < v; i++) if (full[s * v + i] > full[s * v + best]) best = i;
            assertEquals(expected[s], best, "step " + s);
        }
    }

    @Test
    void seededSamplingIsReproducibleAndSeedsDiffer() {
        SamplingSettings s = SamplingSettings.DEFAULTS;
        int[] a = llm.generate(encIds, s, 42L, null);
        int[] b = llm.generate(encIds, s, 42L, null);
        int[] c = llm.generate(encIds, s, 43L, null);
        assertArrayEquals(a, b);
        assertFalse(Arrays.equals(a, c));
        int[] greedy = llm.generate(encIds, SamplingSettings.greedy(5f), 0L, null);
        assertNotEquals(Arrays.toString(greedy), Arrays.toString(a), "temperature 1.1 does not collapse to greedy");
        // top-k 1 is greedy whatever the temperature and seed
        int[] top1 = llm.generate(encIds, new SamplingSettings(5f, 1.1f, 1, SamplingSettings.EosPolicy.END_CHUNK), 99L, null);
        assertArrayEquals(greedy, top1);
    }

    @Test
    void levelRestrictedSamplingOnlyEmitsTheCurrentLevelsIdsAndMatchesTheFullArgmaxWithinTheLevel() throws Exception {
        try (DepthformerLlm restricted = DepthformerLlm.load(ckpt, config, new DepthformerLlm.Options(true, false))) {
            assertEquals(CODEBOOK, restricted.logitWidth());
            int[] ids = restricted.generate(encIds, SamplingSettings.DEFAULTS, 5L, null);
            for (int i = 0; i < ids.length; i++) {
                int level = i % LEVELS;
                assertTrue(ids[i] >= 2 + CODEBOOK * level && ids[i] < 2 + CODEBOOK * (level + 1), "id " + ids[i] + " at step " + i);
            }
            // greedy within the level equals the argmax of the full logits over that level's slice (teacher-forced)
            int[] greedy = restricted.generate(encIds, SamplingSettings.greedy(5f), 0L, null);
            float[] full = llm.teacherForced(encIds, greedy, 5f);
            int v = config.vocabSize();
            for (int s = 0; s < DECODER_LENGTH; s++) {
                int lo = 2 + CODEBOOK * (s % LEVELS);
                int best = lo;
                for (int i = lo; i < lo + CODEBOOK; i++) if (full[s * v + i] > full[s * v + best]) best = i;
                assertEquals(best, greedy[s], "step " + s);
            }
        }
    }

    @Test
    void eosEndsTheChunkAsTheReferenceOrIsNeverSampled() throws Exception {
        // make EOS the greedy choice at step 0: its logit column becomes twice the chosen id's column
        int[] expected = NpyArray.read(CASE.resolve("expected/chunk1_ids.npy")).ints();
        InMemoryWeights w = InMemoryWeights.copyOf(ckpt);
        FloatTensor k = w.read(DepthformerParams.LOGITS);
        float[] kernel = k.toArray();
        int v = config.vocabSize();
        for (int r = 0; r < config.dModel(); r++) kernel[r * v + MrtV1Vocab.EOS] = 2 * kernel[r * v + expected[0]];
        w.put(DepthformerParams.LOGITS, k.shape(), kernel);
        try (DepthformerLlm eos = DepthformerLlm.load(w, config, DepthformerLlm.Options.REFERENCE)) {
            int[] ref = eos.generate(encIds, SamplingSettings.greedy(5f), 0L, null);
            assertEquals(MrtV1Vocab.EOS, ref[0]);
            for (int i = 1; i < ref.length; i++) assertEquals(MrtV1Vocab.PAD, ref[i], "after EOS, step " + i);
            int[][] codes = ContextTokens.codesOf(ref);
            for (int[] f : codes) for (int code : f) assertEquals(0, code, "EOS and PAD decode as code 0");

            int[] never = eos.generate(encIds, new SamplingSettings(5f, 0f, 0, SamplingSettings.EosPolicy.NEVER), 0L, null);
            assertEquals(expected[0], never[0], "with EOS excluded the runner-up (the original choice) wins");
            for (int id : never) assertNotEquals(MrtV1Vocab.EOS, id);
        }
    }
}
