package mrtbox.inference.weights;

/**
 * bfloat16 and IEEE float16 to float32, by hand: {@code Float.float16ToFloat} is Java 20+ and we target 17.
 * Both take the raw 16 bits in the low half of an int.
 */
public final class HalfFloats {
    private HalfFloats() {}

    /** bfloat16 is the top half of a float32: shift it back into place. */
    public static float bf16ToFloat(int bits) {
        return Float.intBitsToFloat((bits & 0xFFFF) << 16);
    }

    /** IEEE 754 binary16: 1 sign, 5 exponent (bias 15), 10 mantissa bits; subnormals, infinities and NaN kept. */
    public static float f16ToFloat(int bits) {
        int sign = (bits & 0x8000) << 16;
        int exp = (bits >>> 10) & 0x1F;
        int mant = bits & 0x3FF;
        if (exp == 0x1F) return Float.intBitsToFloat(sign | 0x7F800000 | (mant << 13)); // inf / NaN
        if (exp == 0) {
            if (mant == 0) return Float.intBitsToFloat(sign); // signed zero
            // subnormal: value = mant * 2^-24
            float v = mant * 0x1p-24f;
            return sign == 0 ? v : -v;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }

    /** float32 to bfloat16 with round-to-nearest-even (what JAX/numpy astype(bfloat16) does); NaN stays NaN. */
    public static int floatToBf16(float f) {
        int bits = Float.floatToRawIntBits(f);
        if (Float.isNaN(f)) return ((bits >>> 16) | 0x40) & 0xFFFF;
        int rounding = 0x7FFF + ((bits >>> 16) & 1);
        return ((bits + rounding) >>> 16) & 0xFFFF;
    }
}
