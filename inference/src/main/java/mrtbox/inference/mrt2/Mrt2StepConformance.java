package mrtbox.inference.mrt2;

import static mrtbox.inference.mrt2.Mrt2Vocab.LEVELS;
import static mrtbox.inference.mrt2.Mrt2Vocab.VOCAB;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import mrtbox.inference.conformance.ConformanceCase;
import mrtbox.inference.conformance.ConformanceResult;
import mrtbox.inference.conformance.NpyArray;
import mrtbox.inference.weights.SafetensorsFile;

/**
 * Golden case kind {@code mrt2_step} (golden/mrt2_step_a/README.md): loads {@code weights.safetensors} with the case's
 * dimensions and runs the frame schedule twice, greedy: with true guidance (batch 3) and tokens-only (batch 1). Checks
 * the CFG tokens and ids exactly, and the level-0 logits of every frame, frame 5's level-5 logits and the encoder
 * outputs within {@code 1e-4 * max|expected|} (the strict 1e-5 tier is reported too).
 */
public final class Mrt2StepConformance implements ConformanceCase {
    public static final double TOLERANCE = 1e-4;
    public static final double STRICT = 1e-5;

    /** Builds the engine under test from the case's weights. */
    @FunctionalInterface
    public interface Engine {
        Mrt2Llm load(SafetensorsFile weights, Mrt2Config config, boolean trueCfg) throws java.io.IOException;
    }

    private final Engine engine;

    /** The conformance engine: f32 in the TensorFlow graph. */
    public Mrt2StepConformance() {
        this((w, c, cfg) -> Mrt2GraphLlm.load(w, c, cfg, 0));
    }

    /** The same checks on another engine (the kernel engine in f32 storage; the bf16 deviation report). */
    public Mrt2StepConformance(Engine engine) {
        this.engine = engine;
    }

    @Override
    public String kind() {
        return "mrt2_step";
    }

    @Override
    public ConformanceResult run(Path caseDir, JsonNode config) throws Exception {
        Mrt2Config c = Mrt2Config.fromCaseConfig(config);
        JsonNode in = new ObjectMapper().readTree(caseDir.resolve("inputs/inputs.json").toFile());
        Mrt2Sampling s = Mrt2Sampling.greedy((float) in.path("cfg_scale_musiccoca").asDouble(), (float) in.path("cfg_scale_notes").asDouble(),
                (float) in.path("cfg_scale_drums").asDouble());
        int frames = in.path("num_frames").asInt();
        int[][] pos = NpyArray.read(caseDir.resolve("inputs/cond_pos.npy")).intRows();
        int[][] negStyle = NpyArray.read(caseDir.resolve("inputs/cond_neg_musiccoca.npy")).intRows();
        int[][] negNotes = NpyArray.read(caseDir.resolve("inputs/cond_neg_notes.npy")).intRows();
        Path exp = caseDir.resolve("expected");
        JsonNode expected = new ObjectMapper().readTree(exp.resolve("expected.json").toFile());
        List<String> problems = new ArrayList<>();
        int[] cfgTokens = s.cfgTokens();
        if (!Arrays.equals(cfgTokens, ints(expected.path("cfg_tokens")))) problems.add("CFG tokens " + Arrays.toString(cfgTokens));
        checkCfgTable(expected.path("cfg_token_table_musiccoca_notes"), true, problems);
        checkCfgTable(expected.path("cfg_token_table_drums"), false, problems);

        double err = 0;
        int matched = 0, total = 0;
        try (SafetensorsFile w = SafetensorsFile.open(caseDir.resolve("weights.safetensors"))) {
            for (String run : new String[] {"cfg", "nocfg"}) {
                boolean cfg = run.equals("cfg");
                try (Mrt2Llm llm = engine.load(w, c, cfg)) {
                    int[][] ids = new int[frames][LEVELS];
                    float[] l0 = new float[frames * VOCAB];
                    float[] f5l5 = null;
                    float[] enc0 = null;
                    for (int f = 0; f < frames; f++) {
                        Mrt2Llm.Probe p = new Mrt2Llm.Probe();
                        p.logits = new float[LEVELS * VOCAB];
                        if (f == 0) p.encoder = new float[llm.batch() * c.dEncoder()];
                        int[][] cond = cfg ? new int[][] {pos[f], negStyle[f], negNotes[f]} : new int[][] {pos[f]};
                        llm.step(cond, s, 0L, null, ids[f], p);
                        System.arraycopy(p.logits, 0, l0, f * VOCAB, VOCAB);
                        if (f == 5) f5l5 = Arrays.copyOfRange(p.logits, 5 * VOCAB, 6 * VOCAB);
                        if (f == 0) enc0 = p.encoder;
                    }
                    int[][] want = NpyArray.read(exp.resolve(run + "_ids.npy")).intRows();
                    for (int f = 0; f < frames; f++) for (int k = 0; k < LEVELS; k++, total++) if (ids[f][k] == want[f][k]) matched++;
                    if (!Arrays.deepEquals(ids, want)) problems.add(run + ": ids differ");
                    err = Math.max(err, check(run + " level-0 logits", l0, NpyArray.read(exp.resolve(run + "_logits_l0.npy")).floats(), problems));
                    err = Math.max(err, check(run + " frame-5 level-5 logits", f5l5, NpyArray.read(exp.resolve(run + "_logits_f5_l5.npy")).floats(), problems));
                    err = Math.max(err, check(run + " encoder", Arrays.copyOf(enc0, c.dEncoder()),
                            NpyArray.read(exp.resolve("encoder_out_f0_row0.npy")).floats(), problems));
                    if (!cfg) err = Math.max(err, scale7Encoder(llm, c, pos[0], exp, problems));
                }
            }
        }
        boolean pass = problems.isEmpty() && err <= TOLERANCE;
        String line = String.format(Locale.ROOT, "%s %s: ids %d/%d match (%s), CFG tokens %s, max relative error %.2e (tolerance %.0e, strict %.0e %s)%s",
                kind(), caseDir.getFileName(), matched, total, matched == total ? "exact" : "MISMATCH", Arrays.toString(cfgTokens), err, TOLERANCE,
                STRICT, err <= STRICT ? "met" : "missed", problems.isEmpty() ? "" : "; " + String.join("; ", problems));
        return pass ? ConformanceResult.pass(line) : ConformanceResult.fail(line);
    }

    /** Frame 0 with all three scales at 7 (the overflow tokens 47, 47, 15): the encoder must read the next rows. */
    private static double scale7Encoder(Mrt2Llm llm, Mrt2Config c, int[] pos0, Path exp, List<String> problems) throws java.io.IOException {
        Path file = exp.resolve("encoder_out_f0_row0_scale7.npy");
        if (!Files.exists(file)) return 0;
        llm.reset();
        Mrt2Llm.Probe p = new Mrt2Llm.Probe();
        p.encoder = new float[c.dEncoder()];
        llm.step(new int[][] {pos0}, Mrt2Sampling.greedy(7f, 7f, 7f), 0L, null, new int[LEVELS], p);
        return check("encoder at scale 7", p.encoder, NpyArray.read(file).floats(), problems);
    }

    private static void checkCfgTable(JsonNode table, boolean styleOrNotes, List<String> problems) {
        for (JsonNode row : table) {
            float scale = (float) row.get(0).asDouble();
            int want = row.get(1).asInt();
            int got = styleOrNotes ? CfgTokens.styleOrNotes(scale) : CfgTokens.drums(scale);
            if (got != want) problems.add((styleOrNotes ? "style/notes" : "drums") + " CFG token of " + scale + " is " + got + ", expected " + want);
        }
    }

    private static double check(String what, float[] got, float[] want, List<String> problems) {
        double e = relErr(got, want);
        if (!(e <= TOLERANCE)) problems.add(String.format(Locale.ROOT, "%s off by %.2e", what, e));
        return e;
    }

    private static int[] ints(JsonNode a) {
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) out[i] = a.get(i).asInt();
        return out;
    }

    /** max |a - e| / max |e|. */
    static double relErr(float[] actual, float[] expected) {
        if (actual == null || actual.length != expected.length) return Double.POSITIVE_INFINITY;
        double maxDiff = 0, maxAbs = 0;
        for (int i = 0; i < actual.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs((double) actual[i] - expected[i]));
            maxAbs = Math.max(maxAbs, Math.abs((double) expected[i]));
        }
        return maxAbs == 0 ? maxDiff : maxDiff / maxAbs;
    }
}
