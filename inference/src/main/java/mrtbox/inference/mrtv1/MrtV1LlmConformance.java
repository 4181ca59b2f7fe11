package mrtbox.inference.mrtv1;

import static mrtbox.inference.mrtv1.MrtV1Vocab.ENCODER_LENGTH;
import static mrtbox.inference.mrtv1.MrtV1Vocab.LEVELS;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import mrtbox.inference.conformance.ConformanceCase;
import mrtbox.inference.conformance.ConformanceResult;
import mrtbox.inference.conformance.NpyArray;
import mrtbox.inference.weights.T5xCheckpoint;
import mrtbox.inference.weights.WeightSource;

/**
 * Golden case kind {@code mrt_v1_llm} (golden/mrt_v1_llm_a/README.md): loads the case's T5X checkpoint (the
 * .tar when present, read in place), then runs three greedy decodes: chunk1 (CFG 5), chunk2 (after our own
 * context update) and nostyle (no CFG). Checks encoder ids, ids, codes and contexts exactly, and encoder
 * outputs, recorded logits and every step's top-5 logits within {@code 1e-5 * max|expected|}: the golden cases'
 * strict tier, as for MRT2 (an exact-erf GELU in place of the tanh GELU keeps every id and misses 1e-4 only by a
 * factor of 1 to 3, so the looser tier would not catch it).
 */
public final class MrtV1LlmConformance implements ConformanceCase {
    public static final double TOLERANCE = 1e-5;

    /** Builds the engine a case checks from the case's checkpoint (full vocabulary: the recorded logits are full). */
    @FunctionalInterface
    public interface Engine {
        MrtV1Llm load(WeightSource weights, MrtV1Config config) throws IOException;
    }

    private final Engine engine;

    /** The reference engine: f32 TensorFlow ({@link DepthformerLlm}), as {@code mrtbox conformance} runs it. */
    public MrtV1LlmConformance() {
        this((w, c) -> DepthformerLlm.load(w, c, DepthformerLlm.Options.REFERENCE));
    }

    /** Another engine held to the same checks and tolerance (the f32 kernel engine's structural check). */
    public MrtV1LlmConformance(Engine engine) {
        this.engine = engine;
    }

    @Override
    public String kind() {
        return "mrt_v1_llm";
    }

    /** What one decode measured. */
    private record Decode(String name, int idsMatched, int idsTotal, int firstMismatch, boolean exact, double logitErr, double encoderErr,
                          List<String> problems) {}

    @Override
    public ConformanceResult run(Path caseDir, JsonNode config) throws Exception {
        MrtV1Config cfg = MrtV1Config.fromCaseConfig(config);
        Path ckptPath = caseDir.resolve(config.hasNonNull("checkpoint_tar") ? config.get("checkpoint_tar").asText() : config.path("checkpoint_dir").asText());
        if (!Files.exists(ckptPath)) ckptPath = caseDir.resolve(config.path("checkpoint_dir").asText());
        float w = (float) config.path("guidance_weight").asDouble(5.0);
        int[] recordSteps = recordSteps(caseDir);
        int[][] context = NpyArray.read(caseDir.resolve("inputs/context_codes.npy")).intRows();
        int[] style = Arrays.copyOf(NpyArray.read(caseDir.resolve("inputs/style_codes.npy")).ints(), MrtV1Vocab.STYLE_TOKENS);
        List<Decode> decodes = new ArrayList<>();
        try (T5xCheckpoint ckpt = T5xCheckpoint.open(ckptPath);
             MrtV1Llm llm = engine.load(ckpt, cfg)) {
            ContextTokens state = new ContextTokens();
            state.set(context);
            decodes.add(decode(llm, caseDir, "chunk1", state, style, w, recordSteps, "context_after_chunk1"));
            decodes.add(decode(llm, caseDir, "chunk2", state, style, w, recordSteps, "context_after_chunk2"));
            state.set(context);
            decodes.add(decode(llm, caseDir, "nostyle", state, null, 0f, recordSteps, null));
        }
        int matched = 0, total = 0;
        double logitErr = 0, encErr = 0;
        List<String> problems = new ArrayList<>();
        for (Decode d : decodes) {
            matched += d.idsMatched;
            total += d.idsTotal;
            logitErr = Math.max(logitErr, d.logitErr);
            encErr = Math.max(encErr, d.encoderErr);
            for (String p : d.problems) problems.add(d.name + ": " + p);
        }
        boolean pass = problems.isEmpty() && logitErr <= TOLERANCE && encErr <= TOLERANCE;
        String line = String.format(Locale.ROOT, "%s %s: ids %d/%d match (%s), max relative logit error %.2e, encoder %.2e (tolerance %.0e)%s",
                kind(), caseDir.getFileName(), matched, total, matched == total ? "exact" : "MISMATCH", logitErr, encErr, TOLERANCE,
                problems.isEmpty() ? "" : "; " + String.join("; ", problems));
        return pass ? ConformanceResult.pass(line) : ConformanceResult.fail(line);
    }

    private Decode decode(MrtV1Llm llm, Path dir, String name, ContextTokens state, int[] style, float w, int[] recordSteps,
                          String expectedContext) throws IOException {
        Path exp = dir.resolve("expected");
        List<String> problems = new ArrayList<>();
        int[] encIds = MrtV1Vocab.encoderIds(state.snapshot(), style);
        if (!Arrays.equals(encIds, NpyArray.read(exp.resolve(name + "_encoder_ids.npy")).ints())) problems.add("encoder ids differ");

        int d = llm.config().dModel();
        float[] encOut = new float[2 * ENCODER_LENGTH * d];
        llm.encode(encIds, encOut);
        double encErr = relErr(Arrays.copyOfRange(encOut, 0, ENCODER_LENGTH * d), NpyArray.read(exp.resolve(name + "_encoder_out_row0.npy")).floats());
        Path row1 = exp.resolve(name + "_encoder_out_row1.npy");
        if (Files.exists(row1)) encErr = Math.max(encErr, relErr(Arrays.copyOfRange(encOut, ENCODER_LENGTH * d, 2 * ENCODER_LENGTH * d), NpyArray.read(row1).floats()));

        int v = llm.logitWidth();
        float[] recorded = NpyArray.read(exp.resolve(name + "_logits_steps.npy")).floats();
        float[] top5 = NpyArray.read(exp.resolve(name + "_top5_logits.npy")).floats();
        float[] maxAbs = NpyArray.read(exp.resolve(name + "_max_abs_logit.npy")).floats();
        int[] expectedIds = NpyArray.read(exp.resolve(name + "_ids.npy")).ints();
        double[] logitErr = {0};
        int[] firstMismatch = {-1};
        int[] ids = llm.generate(encIds, SamplingSettings.greedy(w), 0L, (t, frameIds, logits) -> {
            for (int q = 0; q < LEVELS; q++) {
                int step = t * LEVELS + q;
                if (firstMismatch[0] >= 0) return; // after a divergence the inputs differ: stop comparing
                float[] mine = Arrays.copyOfRange(logits, q * v, (q + 1) * v);
                for (int r = 0; r < recordSteps.length; r++) {
                    if (recordSteps[r] == step) logitErr[0] = Math.max(logitErr[0], relErr(mine, Arrays.copyOfRange(recorded, r * v, (r + 1) * v)));
                }
                float[] best = top5(mine);
                for (int k = 0; k < 5; k++) {
                    double diff = Math.abs(best[k] - top5[step * 5 + k]);
                    logitErr[0] = Math.max(logitErr[0], diff / maxAbs[step]);
                }
                if (frameIds[q] != expectedIds[step]) firstMismatch[0] = step;
            }
        });
        int matched = 0;
        for (int i = 0; i < ids.length; i++) if (ids[i] == expectedIds[i]) matched++;
        if (matched != ids.length) problems.add("first id mismatch at step " + firstMismatch[0]);
        int[][] codes = ContextTokens.codesOf(ids);
        if (!Arrays.deepEquals(codes, NpyArray.read(exp.resolve(name + "_codes.npy")).intRows())) problems.add("codes differ");
        state.advance(codes);
        if (expectedContext != null && !Arrays.deepEquals(state.snapshot(), NpyArray.read(exp.resolve(expectedContext + ".npy")).intRows())) {
            problems.add(expectedContext + " differs");
        }
        return new Decode(name, matched, ids.length, firstMismatch[0], problems.isEmpty(), logitErr[0], encErr, problems);
    }

    private static int[] recordSteps(Path dir) throws IOException {
        Path json = dir.resolve("expected.json");
        if (!Files.exists(json)) return new int[] {0, 1, 2, 16};
        JsonNode steps = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.toFile()).path("record_steps");
        int[] out = new int[steps.size()];
        for (int i = 0; i < out.length; i++) out[i] = steps.get(i).asInt();
        return out.length == 0 ? new int[] {0, 1, 2, 16} : out;
    }

    /** The five largest values, descending (one pass; a full sort per step would dominate the case's time). */
    private static float[] top5(float[] v) {
        float[] best = new float[5];
        Arrays.fill(best, Float.NEGATIVE_INFINITY);
        for (float x : v) {
            if (x <= best[4]) continue;
            int i = 4;
            while (i > 0 && best[i - 1] < x) {
                best[i] = best[i - 1];
                i--;
            }
            best[i] = x;
        }
        return best;
    }

    /** max |a - e| / max |e|. */
    static double relErr(float[] actual, float[] expected) {
        if (actual.length != expected.length) return Double.POSITIVE_INFINITY;
        double maxDiff = 0, maxAbs = 0;
        for (int i = 0; i < actual.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs((double) actual[i] - expected[i]));
            maxAbs = Math.max(maxAbs, Math.abs((double) expected[i]));
        }
        return maxAbs == 0 ? maxDiff : maxDiff / maxAbs;
    }
}
