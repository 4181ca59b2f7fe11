package mrtbox.control.param;

/**
 * Who changed a parameter. Feedback paths use it to avoid echoing a change back to where it came from
 * (a MIDI knob that moved a value must not receive that value back as feedback, which would fight the hand).
 *
 * @param kind   the family of input
 * @param detail which one within the family (a MIDI device name, an OSC client address, a user name), may be empty
 */
public record ChangeSource(Kind kind, String detail) {

    public enum Kind { DEFAULT, MIDI, OSC, WEB, GPIO, SCENE, ENGINE, SCHEDULE, INTERNAL }

    public static final ChangeSource INTERNAL = new ChangeSource(Kind.INTERNAL, "");
    public static final ChangeSource SCENE = new ChangeSource(Kind.SCENE, "");
    public static final ChangeSource DEFAULT = new ChangeSource(Kind.DEFAULT, "");

    public ChangeSource {
        if (kind == null) throw new IllegalArgumentException("kind is required");
        detail = detail == null ? "" : detail;
    }

    public static ChangeSource of(Kind kind, String detail) {
        return new ChangeSource(kind, detail);
    }

    @Override
    public String toString() {
        return detail.isEmpty() ? kind.name().toLowerCase() : kind.name().toLowerCase() + ":" + detail;
    }
}
