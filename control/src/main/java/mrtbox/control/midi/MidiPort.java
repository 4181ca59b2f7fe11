package mrtbox.control.midi;

import java.util.Objects;

/**
 * One MIDI port as the system names it. On Linux the JDK names raw MIDI ports like
 * {@code "nanoKONTROL2 [hw:1,0,0]"}; the bracket is the ALSA card number, which can change on replug, so mappings
 * match the {@link #stableName()} and hotplug matches the full name.
 */
public record MidiPort(String name, String description, Direction direction) {
    public enum Direction { INPUT, OUTPUT }

    public MidiPort {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("a MIDI port needs a name");
        description = description == null ? "" : description;
        Objects.requireNonNull(direction, "direction");
    }

    /** The name without the ALSA {@code [hw:C,D,S]} suffix: what survives re-enumeration. */
    public String stableName() {
        return stableName(name);
    }

    public static String stableName(String name) {
        int b = name.lastIndexOf(" [hw:");
        return b > 0 && name.endsWith("]") ? name.substring(0, b) : name;
    }
}
