package mrtbox.inference.style;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import mrtbox.inference.codec.ResidualQuantizer;
import mrtbox.inference.conformance.ConformanceCase;
import mrtbox.inference.conformance.ConformanceResult;
import mrtbox.inference.conformance.NpyArray;

/**
 * Golden cases of kind {@code rvq}: greedy residual quantization of style embeddings (tokens exact, final
 * residuals within 1e-6) and the weighted blends (blended embedding within 1e-6, tokens exact).
 */
public final class RvqCase implements ConformanceCase {
    static final double EMBEDDING_TOLERANCE = 1e-6;

    @Override
    public String kind() {
        return "rvq";
    }

    @Override
    public ConformanceResult run(Path caseDir, JsonNode config) throws Exception {
        JsonNode details = new ObjectMapper().readTree(caseDir.resolve(config.path("details").asText("cases.json")).toFile());
        NpyArray cb = NpyArray.read(caseDir.resolve("codebooks.npy"));
        if (cb.shape().length != 3) throw new java.io.IOException(cb.file() + ": expected [levels, size, dim]");
        ResidualQuantizer rvq = new ResidualQuantizer(cb.dim(0), cb.dim(1), cb.dim(2), cb.floats());
        int dim = rvq.dim();
        NpyArray embNpy = NpyArray.read(caseDir.resolve("embeddings.npy"));
        int n = embNpy.dim(0);
        float[] emb = embNpy.expectShape(n, dim).floats();
        NpyArray tokNpy = NpyArray.read(caseDir.resolve("tokens.npy"));
        int levels = tokNpy.dim(1);
        int[] tokens = tokNpy.expectShape(n, levels).ints();
        float[] residuals = NpyArray.read(caseDir.resolve("final_residuals.npy")).expectShape(n, dim).floats();

        int tokenMismatches = 0;
        double maxResidualDiff = 0;
        String first = null;
        for (int i = 0; i < n; i++) {
            float[] r = new float[dim];
            int[] got = rvq.encode(Arrays.copyOfRange(emb, i * dim, (i + 1) * dim), levels, r);
            int[] want = Arrays.copyOfRange(tokens, i * levels, (i + 1) * levels);
            if (!Arrays.equals(got, want)) {
                tokenMismatches++;
                if (first == null) first = "embedding " + i + ": expected " + Arrays.toString(want) + " got " + Arrays.toString(got);
            }
            for (int d = 0; d < dim; d++) maxResidualDiff = Math.max(maxResidualDiff, Math.abs(r[d] - residuals[i * dim + d]));
        }

        int blendTokenMismatches = 0;
        double maxBlendDiff = 0;
        JsonNode blends = details.path("blends");
        if (blends.size() > 0) {
            float[] blended = NpyArray.read(caseDir.resolve("blended_embeddings.npy")).expectShape(blends.size(), dim).floats();
            int[] blendTokens = NpyArray.read(caseDir.resolve("blend_tokens.npy")).expectShape(blends.size(), levels).ints();
            for (int b = 0; b < blends.size(); b++) {
                JsonNode bl = blends.get(b);
                List<float[]> es = new ArrayList<>();
                float[] w = new float[bl.path("weights").size()];
                for (int i = 0; i < w.length; i++) {
                    int idx = bl.path("embedding_indices").get(i).asInt();
                    es.add(Arrays.copyOfRange(emb, idx * dim, (idx + 1) * dim));
                    w[i] = (float) bl.path("weights").get(i).asDouble();
                }
                float[] e = StyleBlend.blend(es, w, StyleBlend.ZeroWeights.ZERO_VECTOR);
                for (int d = 0; d < dim; d++) maxBlendDiff = Math.max(maxBlendDiff, Math.abs(e[d] - blended[b * dim + d]));
                int[] got = rvq.encode(e, levels);
                int[] want = Arrays.copyOfRange(blendTokens, b * levels, (b + 1) * levels);
                if (!Arrays.equals(got, want)) {
                    blendTokenMismatches++;
                    if (first == null) first = "blend " + b + ": expected " + Arrays.toString(want) + " got " + Arrays.toString(got);
                }
            }
        }
        boolean ok = tokenMismatches == 0 && blendTokenMismatches == 0
                && maxResidualDiff <= EMBEDDING_TOLERANCE && maxBlendDiff <= EMBEDDING_TOLERANCE;
        String line = String.format("rvq %s: %d embeddings x %d levels (codebooks %dx%dx%d), tokens exact %d/%d, "
                        + "final residual max|diff| %.2e, %d blends: tokens exact %d/%d, embedding max|diff| %.2e (tolerance %.0e)",
                caseDir.getFileName(), n, levels, rvq.levels(), rvq.codebookSize(), dim, n - tokenMismatches, n, maxResidualDiff,
                blends.size(), blends.size() - blendTokenMismatches, blends.size(), maxBlendDiff, EMBEDDING_TOLERANCE);
        return ok ? ConformanceResult.pass(line) : ConformanceResult.fail(line + (first == null ? "" : "; first: " + first));
    }
}
