package mrtbox.inference.style;

import java.util.List;

/**
 * Weighted blending in embedding space, the reference's formula: active prompts are those with weight > 0,
 * {@code e = sum_i (w_i / sum w) * e_i} accumulated in float32 in prompt order, no re-normalisation afterwards.
 * What happens when no weight is positive differs between the references: see {@link ZeroWeights}.
 */
public final class StyleBlend {
    private StyleBlend() {}

    /** The fallback when every weight is zero (or negative). */
    public enum ZeroWeights {
        /** MRT2 engine: the first prompt at weight 1 (the caller embeds "" when there is no prompt at all). */
        FIRST_PROMPT,
        /** MRT v1 Colab demo: the zero vector, which is still quantized and used as a condition. */
        ZERO_VECTOR
    }

    /**
     * @param embeddings one per prompt, all of the same dimension; at least one
     * @param weights    one per prompt
     */
    public static float[] blend(List<float[]> embeddings, float[] weights, ZeroWeights fallback) {
        if (embeddings.isEmpty()) throw new IllegalArgumentException("no embeddings to blend");
        if (weights.length != embeddings.size()) {
            throw new IllegalArgumentException(weights.length + " weights for " + embeddings.size() + " embeddings");
        }
        int dim = embeddings.get(0).length;
        float wsum = 0f;
        for (float w : weights) if (w > 0f) wsum += w;
        float[] e = new float[dim];
        if (wsum <= 0f) {
            if (fallback == ZeroWeights.FIRST_PROMPT) System.arraycopy(embeddings.get(0), 0, e, 0, dim);
            return e;
        }
        for (int i = 0; i < weights.length; i++) {
            if (!(weights[i] > 0f)) continue;
            float[] x = embeddings.get(i);
            if (x.length != dim) throw new IllegalArgumentException("embedding " + i + " has " + x.length + " dims, expected " + dim);
            float w = weights[i] / wsum;
            for (int d = 0; d < dim; d++) e[d] += w * x[d];
        }
        return e;
    }
}
