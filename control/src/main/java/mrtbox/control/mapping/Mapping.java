package mrtbox.control.mapping;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * One MIDI control bound to one parameter. Immutable; persisted with the state (mappings.json).
 *
 * @param id        stable identifier (assigned by the {@link MappingBook})
 * @param source    which messages drive it
 * @param target    parameter id in the registry ("prompt.3.weight")
 * @param min       parameter value at the bottom of the control's travel (min > max inverts)
 * @param max       parameter value at the top
 * @param curve     how travel maps to value (see {@link Curve})
 * @param mode      absolute, one of the relative encodings, toggle or momentary
 * @param takeover  what happens when the control and the parameter disagree (after a scene recall, say)
 * @param feedback  send the parameter's value back to the controller's output when it changes elsewhere
 */
public record Mapping(String id, MidiSource source, String target, double min, double max, Curve curve, Mode mode,
                      Takeover takeover, boolean feedback) {

    /**
     * Travel t in 0..1 to position p in 0..1 before scaling to [min, max]:
     * LINEAR p = t; EXPONENTIAL p = (2^(k t) - 1) / (2^k - 1) with k = 6 (fine control at the bottom, for volumes,
     * frequencies); LOGARITHMIC is its inverse, p = log2(1 + t (2^k - 1)) / k (fine control at the top).
     */
    public enum Curve {
        LINEAR, EXPONENTIAL, LOGARITHMIC;

        @JsonCreator
        public static Curve of(String word) { return EnumWords.parse(Curve.class, "curve", word); }

        @JsonValue
        public String word() { return EnumWords.word(this); }
    }

    /** Relative encodings are those of common endless encoders. */
    public enum Mode {
        ABSOLUTE, RELATIVE_TWOS_COMPLEMENT, RELATIVE_BINARY_OFFSET, RELATIVE_SIGN_MAGNITUDE, TOGGLE, MOMENTARY;

        @JsonCreator
        public static Mode of(String word) { return EnumWords.parse(Mode.class, "mode", word); }

        @JsonValue
        public String word() { return EnumWords.word(this); }
    }

    /** JUMP: the value follows at once; PICKUP: waits until the control crosses the value; SCALE: converges. */
    public enum Takeover {
        JUMP, PICKUP, SCALE;

        @JsonCreator
        public static Takeover of(String word) { return EnumWords.parse(Takeover.class, "takeover", word); }

        @JsonValue
        public String word() { return EnumWords.word(this); }
    }

    public Mapping {
        if (source == null) throw new IllegalArgumentException("a mapping needs a source (the MIDI messages that drive it)");
        if (target == null || target.isBlank()) throw new IllegalArgumentException("a mapping needs a target parameter");
        if (!Double.isFinite(min) || !Double.isFinite(max)) throw new IllegalArgumentException("min and max must be finite");
        id = id == null ? "" : id;
        curve = curve == null ? Curve.LINEAR : curve;
        mode = mode == null ? Mode.ABSOLUTE : mode;
        takeover = takeover == null ? Takeover.PICKUP : takeover;
    }

    public Mapping withId(String newId) {
        return new Mapping(newId, source, target, min, max, curve, mode, takeover, feedback);
    }
}
