package mrtbox.inference.mrt2;

import java.util.Locale;

/**
 * How an MRT2 Depthformer computes. {@link #BF16} (the default for playback) stores every weight once in bfloat16
 * and keeps activations and accumulation in f32, as the reference does when it casts its weights to bf16: half the
 * memory and half the weight traffic of f32. {@link #F32} is the conformance engine the golden cases are checked
 * against. The deviation of bf16 from f32 is measured in docs/performance.md.
 */
public enum Mrt2Precision {
    F32,
    BF16;

    public static final Mrt2Precision DEFAULT = BF16;

    /** "f32" or "bf16" (any case); the error names the accepted words. */
    public static Mrt2Precision parse(String s) {
        return switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "f32", "float32", "fp32" -> F32;
            case "bf16", "bfloat16" -> BF16;
            default -> throw new IllegalArgumentException("precision '" + s + "' is not one of: f32, bf16");
        };
    }

    /** The codec decoder's precision that goes with this LLM precision: the reference computes both in bf16. */
    public mrtbox.inference.codec.WeightStorage codecStorage() {
        return this == BF16 ? mrtbox.inference.codec.WeightStorage.BF16 : mrtbox.inference.codec.WeightStorage.F32;
    }

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
