package mrtbox.inference.codec;

import mrtbox.inference.kernel.VectorMatVec;

/**
 * How the codec decoder stores and computes with its weights. f32 is the conformance path. bf16 is the MRT2
 * reference's own precision (spec mrt2.md 1.3: params cast to bf16, compute in bf16): the Java matrix-vector layers
 * ({@link InputLayer}) store bf16 weights with f32 activations and accumulation (half the bytes each frame streams),
 * and the graph's convs and conv-matmuls take bf16 weights and bf16-rounded inputs with f32 accumulation inside the
 * op (oneDNN's AVX-512 BF16 path, about twice its f32 speed here). The audio differs from f32's by bf16 rounding.
 */
public enum WeightStorage {
    F32, BF16;

    /** On the calling thread (see {@link InputLayer}). */
    VectorMatVec matVec(float[] rowsByCols, int rows, int cols) {
        return this == F32 ? VectorMatVec.f32(rowsByCols, rows, cols, 1) : VectorMatVec.bf16(rowsByCols, rows, cols, 1);
    }

    /** The codec precision that goes with an LLM's: the MRT2 reference computes both in bf16. */
    public static WeightStorage of(mrtbox.inference.kernel.Precision llm) {
        return llm == mrtbox.inference.kernel.Precision.BF16 ? BF16 : F32;
    }

    /** "f32" or "bf16" (any case). */
    public static WeightStorage parse(String s) {
        for (WeightStorage w : values()) if (w.name().equalsIgnoreCase(s.trim())) return w;
        throw new IllegalArgumentException("weight storage must be f32 or bf16, got '" + s + "'");
    }

    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
