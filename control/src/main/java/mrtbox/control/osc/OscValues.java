package mrtbox.control.osc;

import java.util.List;
import mrtbox.control.param.ParamSpec;

/** Conversions between OSC arguments and the registry's API values, in one place for every path. */
public final class OscValues {
    private OscValues() {}

    /**
     * An incoming argument in the form {@link ParamSpec#coerce} takes, or null when it carries no value (N, I, blob).
     * Floats go through their shortest decimal form, so 0.4f is stored as 0.4, not 0.4000000059604645.
     */
    public static Object toRaw(Object arg) {
        if (arg instanceof Float f) return Double.parseDouble(Float.toString(f));
        if (arg instanceof Number || arg instanceof Boolean || arg instanceof String) return arg;
        return null;
    }

    /** OSC type name of an incoming argument, for error messages. */
    public static String describe(Object arg) {
        if (arg == OscMessage.NIL) return "nil (N)";
        if (arg == OscMessage.IMPULSE) return "impulse (I)";
        if (arg instanceof byte[]) return "blob (b)";
        return arg.getClass().getSimpleName().toLowerCase();
    }

    /** An integral number (int, or a float/double/long with no fraction) as int, or null. */
    public static Integer integral(Object arg) {
        if (arg instanceof Integer i) return i;
        if (arg instanceof Number n) {
            double d = n.doubleValue();
            if (Double.isFinite(d) && d == Math.rint(d) && Math.abs(d) <= Integer.MAX_VALUE) return (int) d;
        }
        return null;
    }

    /**
     * The OSC arguments that carry a value over UDP: FLOAT as f, INT as i, BOOL as i 0/1 (TouchDesigner's OSC In
     * CHOP takes only numbers), ENUM as its index i, TEXT as s, TRIGGER as no argument (an event).
     */
    public static List<Object> udpArgs(ParamSpec spec, Object value) {
        return switch (spec.type()) {
            case FLOAT -> List.of(((Number) value).floatValue());
            case INT -> List.of(((Number) value).intValue());
            case BOOL -> List.of(Boolean.TRUE.equals(value) ? 1 : 0);
            case ENUM -> List.of(spec.choices().indexOf((String) value));
            case TEXT -> List.of((String) value);
            case TRIGGER -> List.of();
        };
    }

    /** The arguments OSCQuery streams, matching the tree's TYPE: as {@link #udpArgs} except BOOL as T/F. */
    public static List<Object> typedArgs(ParamSpec spec, Object value) {
        return switch (spec.type()) {
            case BOOL -> List.of(Boolean.TRUE.equals(value));
            default -> udpArgs(spec, value);
        };
    }
}
