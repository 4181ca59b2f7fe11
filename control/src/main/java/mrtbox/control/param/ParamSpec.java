package mrtbox.control.param;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The immutable description of one parameter: everything OSC, OSCQuery, MIDI learn, the web form and the
 * scene store need to know about it. Built with {@link #builder(String, ParamType)}.
 *
 * <p>Values cross the API as plain Java objects ({@link #toExternal(double)}): Double for FLOAT, Integer for INT,
 * Boolean for BOOL, String for TEXT and ENUM (the choice's name), Long for TRIGGER (the press count).
 */
public final class ParamSpec {

    /** Dot-separated lower-case segments: {@code prompt.3.weight}. Each segment becomes one OSC path level. */
    private static final Pattern ID = Pattern.compile("[a-z0-9_]+(\\.[a-z0-9_]+)*");
    public static final String OSC_ROOT = "/mrtbox";

    /** What happens to a numeric value outside [min, max]. */
    public enum OutOfRange { REJECT, CLAMP }

    private final String id;
    private final ParamType type;
    private final double min;
    private final double max;
    private final double defaultNumber;
    private final String defaultText;
    private final String unit;
    private final String description;
    private final String label;
    private final String group;
    private final boolean requiresReset;
    private final OutOfRange outOfRange;
    private final List<String> choices;
    private final int maxLength;
    private final boolean persistent;
    private final boolean readOnly;

    private ParamSpec(Builder b) {
        this.id = b.id;
        this.type = b.type;
        this.min = b.min;
        this.max = b.max;
        this.defaultNumber = b.defaultNumber;
        this.defaultText = b.defaultText;
        this.unit = b.unit;
        this.description = b.description;
        this.label = b.label;
        this.group = b.group;
        this.requiresReset = b.requiresReset;
        this.outOfRange = b.outOfRange;
        this.choices = List.copyOf(b.choices);
        this.maxLength = b.maxLength;
        this.persistent = b.persistent;
        this.readOnly = b.readOnly;
    }

    public static Builder builder(String id, ParamType type) {
        return new Builder(id, type);
    }

    public String id() { return id; }
    public ParamType type() { return type; }
    /** Lower bound (FLOAT, INT; ENUM: 0). NaN for kinds without a range. */
    public double min() { return min; }
    /** Upper bound (FLOAT, INT; ENUM: choices - 1). NaN for kinds without a range. */
    public double max() { return max; }
    public String unit() { return unit; }
    public String description() { return description; }
    /** The name people read (page, OSCQuery, learn list): {@code Weight 3}, never the raw id. */
    public String label() { return label; }
    /** The short heading it is shown under: {@code Prompts}, {@code Sampling}, {@code Surface}. */
    public String group() { return group; }
    /** True when a new value is only heard after a context reset (seed, for example). */
    public boolean requiresReset() { return requiresReset; }
    public OutOfRange outOfRange() { return outOfRange; }
    /** The names of an ENUM's choices, in index order; empty for other kinds. */
    public List<String> choices() { return choices; }
    /** Longest accepted TEXT value in characters. */
    public int maxLength() { return maxLength; }
    /** Saved in scenes and the last state. Triggers never are. */
    public boolean persistent() { return persistent; }
    public boolean hasRange() { return !Double.isNaN(min); }
    /** Shown everywhere but written only by the box itself (OSCQuery ACCESS 1); writes from outside are refused. */
    public boolean readOnly() { return readOnly; }

    /** {@code prompt.3.weight} -> {@code /mrtbox/prompt/3/weight}. */
    public String oscAddress() {
        return OSC_ROOT + "/" + id.replace('.', '/');
    }

    /** The default in snapshot form (TEXT: use {@link #defaultText()}). */
    public double defaultNumber() { return defaultNumber; }
    public String defaultText() { return defaultText; }

    public Object defaultValue() {
        return type == ParamType.TEXT ? defaultText : toExternal(defaultNumber);
    }

    /** Converts a stored numeric value to its API form. */
    public Object toExternal(double stored) {
        return switch (type) {
            case FLOAT -> stored;
            case INT -> (int) stored;
            case BOOL -> stored != 0;
            case ENUM -> choices.get((int) stored);
            case TRIGGER -> (long) stored;
            case TEXT -> throw new IllegalStateException(id + " is TEXT, it has no numeric value");
        };
    }

    /**
     * Maps a position 0..1 onto this parameter's range (MIDI knobs, sliders). BOOL: >= 0.5 is true;
     * ENUM: evenly spread choices; TEXT and TRIGGER have no range.
     */
    public double fromNormalized(double unit01) {
        double u = Math.max(0, Math.min(1, unit01));
        return switch (type) {
            case FLOAT -> min + u * (max - min);
            case INT, ENUM -> Math.round(min + u * (max - min));
            case BOOL -> u >= 0.5 ? 1 : 0;
            case TEXT, TRIGGER -> throw new IllegalStateException(id + " is " + type + ", it has no range");
        };
    }

    /** The inverse of {@link #fromNormalized}: where a stored value sits in the range, 0..1. */
    public double toNormalized(double stored) {
        return switch (type) {
            case FLOAT, INT, ENUM -> max == min ? 0 : (stored - min) / (max - min);
            case BOOL -> stored != 0 ? 1 : 0;
            case TEXT, TRIGGER -> throw new IllegalStateException(id + " is " + type + ", it has no range");
        };
    }

    /**
     * Checks and converts a raw value (from OSC, JSON, a scene) into stored form, or says why not.
     * Ints and floats are interchangeable, as TouchDesigner and Max send whichever they like.
     */
    public Coerced coerce(Object raw) {
        if (type == ParamType.TRIGGER) return Coerced.number(1, null); // any argument, or none, presses it
        if (raw == null) return Coerced.rejected(id + " needs a value");
        return switch (type) {
            case FLOAT -> coerceRanged(asNumber(raw), false);
            case INT -> coerceRanged(asNumber(raw), true);
            case BOOL -> coerceBool(raw);
            case ENUM -> coerceEnum(raw);
            case TEXT -> coerceText(raw);
            case TRIGGER -> throw new AssertionError();
        };
    }

    private Double asNumber(Object raw) {
        if (raw instanceof Number n) return n.doubleValue();
        if (raw instanceof Boolean b) return b ? 1.0 : 0.0;
        if (raw instanceof CharSequence s) {
            try {
                return Double.parseDouble(s.toString().trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    private Coerced coerceRanged(Double v, boolean integer) {
        if (v == null) return Coerced.rejected(id + " needs a number");
        if (!Double.isFinite(v)) return Coerced.rejected(id + " must be a finite number, got " + v);
        // Half-up rounding, so a knob at 2.5 lands on 3 like people expect (Math.rint would give 2).
        double value = integer ? Math.floor(v + 0.5) : v;
        if (value < min || value > max) {
            String range = "out of range [" + fmt(min) + ", " + fmt(max) + "]: " + fmt(v);
            if (outOfRange == OutOfRange.REJECT) return Coerced.rejected(id + " " + range);
            return Coerced.number(Math.max(min, Math.min(max, value)), "clamped, " + range);
        }
        return Coerced.number(value, value == v ? null : "rounded " + fmt(v) + " to " + fmt(value));
    }

    private Coerced coerceBool(Object raw) {
        if (raw instanceof Boolean b) return Coerced.number(b ? 1 : 0, null);
        if (raw instanceof Number n) {
            double d = n.doubleValue();
            if (!Double.isFinite(d)) return Coerced.rejected(id + " must be true/false or a finite number");
            return Coerced.number(d >= 0.5 ? 1 : 0, null);
        }
        String s = raw.toString().trim().toLowerCase(Locale.ROOT);
        return switch (s) {
            case "true", "on", "yes", "1", "t" -> Coerced.number(1, null);
            case "false", "off", "no", "0", "f" -> Coerced.number(0, null);
            default -> Coerced.rejected(id + " needs true or false, got \"" + s + "\"");
        };
    }

    private Coerced coerceEnum(Object raw) {
        if (raw instanceof Number n) {
            double d = n.doubleValue();
            if (!Double.isFinite(d) || d != Math.rint(d) || d < 0 || d >= choices.size()) {
                return Coerced.rejected(id + " choice index must be 0.." + (choices.size() - 1) + ", got " + fmt(d));
            }
            return Coerced.number(d, null);
        }
        String s = raw.toString().trim();
        for (int i = 0; i < choices.size(); i++) {
            if (choices.get(i).equalsIgnoreCase(s)) return Coerced.number(i, null);
        }
        // An index sent as text ("2" from a form field or an OSC string) means the same as the number 2.
        if (s.matches("[0-9]{1,9}")) return coerceEnum(Integer.parseInt(s));
        return Coerced.rejected(id + " must be one of " + choices + ", got \"" + s + "\"");
    }

    private Coerced coerceText(Object raw) {
        if (!(raw instanceof CharSequence)) return Coerced.rejected(id + " needs text, got " + raw.getClass().getSimpleName());
        String s = raw.toString();
        if (s.length() > maxLength) {
            // Never cut between the two halves of a surrogate pair (an emoji in a prompt).
            int end = Character.isHighSurrogate(s.charAt(maxLength - 1)) ? maxLength - 1 : maxLength;
            return Coerced.text(s.substring(0, end), "truncated to " + end + " characters");
        }
        return Coerced.text(s, null);
    }

    private static String fmt(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    @Override
    public String toString() {
        return id + " (" + type.name().toLowerCase(Locale.ROOT) + ")";
    }

    /**
     * The result of {@link #coerce}: a stored value (number or text), or a rejection. {@code note} is set when the
     * value was accepted but changed on the way (clamped, truncated).
     */
    public record Coerced(boolean accepted, double number, String text, String note) {
        static Coerced number(double v, String note) { return new Coerced(true, v, null, note); }
        static Coerced text(String s, String note) { return new Coerced(true, Double.NaN, s, note); }
        static Coerced rejected(String reason) { return new Coerced(false, Double.NaN, null, reason); }
    }

    /** Builder with sensible defaults: no unit, REJECT out-of-range values, persistent unless a trigger. */
    public static final class Builder {
        private final String id;
        private final ParamType type;
        private double min = Double.NaN;
        private double max = Double.NaN;
        private double defaultNumber;
        private String defaultText = "";
        private String unit = "";
        private String description = "";
        private String label;
        private String group;
        private boolean requiresReset;
        private OutOfRange outOfRange = OutOfRange.REJECT;
        private List<String> choices = List.of();
        private int maxLength = 512;
        private Boolean persistent;
        private boolean readOnly;

        private Builder(String id, ParamType type) {
            this.id = Objects.requireNonNull(id, "id");
            this.type = Objects.requireNonNull(type, "type");
            if (type == ParamType.BOOL) { min = 0; max = 1; }
        }

        public Builder range(double min, double max) {
            if (!(min <= max)) throw new IllegalArgumentException(id + ": min " + min + " > max " + max);
            this.min = min;
            this.max = max;
            return this;
        }

        public Builder defaultValue(double value) { this.defaultNumber = value; return this; }
        public Builder defaultValue(boolean value) { this.defaultNumber = value ? 1 : 0; return this; }
        public Builder defaultText(String value) { this.defaultText = Objects.requireNonNull(value); return this; }
        public Builder unit(String unit) { this.unit = Objects.requireNonNull(unit); return this; }
        public Builder description(String d) { this.description = Objects.requireNonNull(d); return this; }
        /** The human label; without one it is made from the id's last segment ({@code fx.room_size}: "Room size"). */
        public Builder label(String label) { this.label = requireText(label, "label"); return this; }
        /** The group heading; without one it is made from the id's first segment ({@code fx.room_size}: "Fx"). */
        public Builder group(String group) { this.group = requireText(group, "group"); return this; }
        public Builder requiresReset() { this.requiresReset = true; return this; }
        public Builder clampOutOfRange() { this.outOfRange = OutOfRange.CLAMP; return this; }
        public Builder maxLength(int n) { this.maxLength = n; return this; }
        public Builder transientValue() { this.persistent = false; return this; }
        /** Written only by the box (a status-like listing); also transient: it is not the player's to save. */
        public Builder readOnly() { this.readOnly = true; this.persistent = false; return this; }

        public Builder choices(List<String> names) {
            this.choices = List.copyOf(names);
            this.min = 0;
            this.max = names.size() - 1;
            return this;
        }

        public ParamSpec build() {
            if (!ID.matcher(id).matches()) {
                throw new IllegalArgumentException("parameter id '" + id + "' must be dot-separated [a-z0-9_] segments");
            }
            if (type == ParamType.ENUM && choices.isEmpty()) throw new IllegalArgumentException(id + ": ENUM needs choices");
            if ((type == ParamType.FLOAT || type == ParamType.INT) && Double.isNaN(min)) {
                throw new IllegalArgumentException(id + ": " + type + " needs a range");
            }
            if (type == ParamType.TRIGGER) { defaultNumber = 0; }
            if (type == ParamType.INT && (min != Math.rint(min) || max != Math.rint(max))) {
                throw new IllegalArgumentException(id + ": INT range [" + min + ", " + max + "] must be whole numbers");
            }
            if ((type == ParamType.INT || type == ParamType.ENUM) && defaultNumber != Math.rint(defaultNumber)) {
                throw new IllegalArgumentException(id + ": " + type + " default " + defaultNumber + " must be a whole number");
            }
            if (type == ParamType.TEXT && maxLength < 1) throw new IllegalArgumentException(id + ": maxLength must be >= 1");
            if (type == ParamType.TEXT && defaultText.length() > maxLength) {
                throw new IllegalArgumentException(id + ": default text longer than maxLength " + maxLength);
            }
            if (label == null) label = capitalized(id.substring(id.lastIndexOf('.') + 1).replace('_', ' '));
            if (group == null) group = capitalized(id.contains(".") ? id.substring(0, id.indexOf('.')).replace('_', ' ') : "Other");
            if (persistent == null) persistent = type != ParamType.TRIGGER;
            if (type.isNumeric() && type != ParamType.TRIGGER && (defaultNumber < min || defaultNumber > max)) {
                throw new IllegalArgumentException(id + ": default " + defaultNumber + " outside [" + min + ", " + max + "]");
            }
            return new ParamSpec(this);
        }

        private String requireText(String s, String what) {
            if (s == null || s.isBlank()) throw new IllegalArgumentException(id + ": " + what + " must not be blank");
            return s.strip();
        }

        private static String capitalized(String s) {
            return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
        }
    }
}
