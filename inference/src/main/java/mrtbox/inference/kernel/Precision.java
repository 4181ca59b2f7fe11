package mrtbox.inference.kernel;

import java.util.Locale;

/**
 * How an LLM (MRT2's or MRT v1's Depthformer) computes. {@link #BF16} (the default for playback) stores every weight
 * matrix once in bfloat16 and keeps activations and accumulation in f32, as the references do (MRT2 casts its weights
 * to bf16, MRT v1 computes in bf16): half the memory and half the weight traffic of f32, on the Java kernels.
 * {@link #F32} is the conformance engine (the TensorFlow graph) the golden cases are checked against. The deviation of
 * bf16 from f32 is measured in docs/performance.md.
 */
public enum Precision {
    F32,
    BF16;

    public static final Precision DEFAULT = BF16;

    /** "f32" or "bf16" (any case); the error names the accepted words. */
    public static Precision parse(String s) {
        return switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "f32", "float32", "fp32" -> F32;
            case "bf16", "bfloat16" -> BF16;
            default -> throw new IllegalArgumentException("precision '" + s + "' is not one of: f32, bf16");
        };
    }

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
