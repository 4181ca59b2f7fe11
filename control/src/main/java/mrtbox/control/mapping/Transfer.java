package mrtbox.control.mapping;

/**
 * The arithmetic of one mapping: control travel (0..1) to parameter value and back, with the curves documented on
 * {@link Mapping.Curve}, and the relative encodings of {@link Mapping.Mode}. Pure functions, no state.
 */
public final class Transfer {
    /** Steepness k of the exponential and logarithmic curves: 2^6 = 64, about 36 dB of "fine at the bottom". */
    public static final int CURVE_K = 6;
    private static final double EXP_SPAN = Math.pow(2, CURVE_K) - 1;

    private Transfer() {}

    /** Travel t (0..1) to curve position p (0..1). */
    public static double curve(Mapping.Curve curve, double t) {
        double u = clamp01(t);
        return switch (curve) {
            case LINEAR -> u;
            case EXPONENTIAL -> (Math.pow(2, CURVE_K * u) - 1) / EXP_SPAN;
            case LOGARITHMIC -> Math.log1p(u * EXP_SPAN) / Math.log(2) / CURVE_K;
        };
    }

    /** The inverse of {@link #curve}: position p to travel t. */
    public static double uncurve(Mapping.Curve curve, double p) {
        double u = clamp01(p);
        return switch (curve) {
            case LINEAR -> u;
            case EXPONENTIAL -> curve(Mapping.Curve.LOGARITHMIC, u);
            case LOGARITHMIC -> curve(Mapping.Curve.EXPONENTIAL, u);
        };
    }

    /** Travel to parameter value: {@code min + curve(t) * (max - min)}; min > max inverts. */
    public static double value(Mapping m, double t) {
        return m.min() + curve(m.curve(), t) * (m.max() - m.min());
    }

    /** Parameter value to travel: where the control would have to be to produce this value (clamped to 0..1). */
    public static double travel(Mapping m, double value) {
        double span = m.max() - m.min();
        double p = span == 0 ? 0 : (value - m.min()) / span;
        return uncurve(m.curve(), p);
    }

    /**
     * The signed step an endless encoder sent, for a raw value of {@code bits} bits (7 for CC, 14 for 14-bit):
     * two's complement (1 = +1, 127 = -1), binary offset (64 = 0, 65 = +1, 63 = -1), sign-magnitude (top bit set
     * = negative: 1 = +1, 65 = -1). Returns 0 for the absolute, toggle and momentary modes.
     */
    public static int relativeDelta(Mapping.Mode mode, int raw, int bits) {
        int full = 1 << bits;
        int half = full >> 1;
        return switch (mode) {
            case RELATIVE_TWOS_COMPLEMENT -> raw >= half ? raw - full : raw;
            case RELATIVE_BINARY_OFFSET -> raw - half;
            case RELATIVE_SIGN_MAGNITUDE -> (raw & half) != 0 ? -(raw & (half - 1)) : raw;
            default -> 0;
        };
    }

    public static boolean isRelative(Mapping.Mode mode) {
        return mode == Mapping.Mode.RELATIVE_TWOS_COMPLEMENT || mode == Mapping.Mode.RELATIVE_BINARY_OFFSET
                || mode == Mapping.Mode.RELATIVE_SIGN_MAGNITUDE;
    }

    static double clamp01(double v) {
        return v < 0 ? 0 : v > 1 ? 1 : v;
    }
}
