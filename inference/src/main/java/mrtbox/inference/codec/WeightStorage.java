package mrtbox.inference.codec;

import mrtbox.inference.kernel.VectorMatVec;

/**
 * How the codec stores the weights of its Java matrix-vector layers ({@link InputLayer}). f32 is the reference
 * (conformance); bf16 halves the bytes each frame streams, with f32 activations and accumulation: the values of the
 * weights are rounded to bf16 (relative error up to 2^-9), so the audio differs slightly from f32's.
 */
public enum WeightStorage {
    F32, BF16;

    /** On the calling thread (see {@link InputLayer}). */
    VectorMatVec matVec(float[] rowsByCols, int rows, int cols) {
        return this == F32 ? VectorMatVec.f32(rowsByCols, rows, cols, 1) : VectorMatVec.bf16(rowsByCols, rows, cols, 1);
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
