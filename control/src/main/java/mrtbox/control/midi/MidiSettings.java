package mrtbox.control.midi;

import java.util.List;
import java.util.Locale;
import mrtbox.control.mapping.MidiSource;

/**
 * The MIDI part of the box's configuration. Immutable; build with {@link #builder()}. A record, so the
 * appliance's config reader can read it from JSON as it stands.
 *
 * @param includeDevices     open only inputs/outputs whose name contains one of these (case-insensitive); empty = all
 * @param excludeDevices     never open ports whose name contains one of these
 * @param pollMillis         how often the device list is polled for controllers that appeared or vanished
 * @param tickMillis         coalescing period: at most one registry write per parameter per tick
 * @param feedbackMillis     feedback rate limit: at most one message per mapped control per period
 * @param pairTimeoutMillis  how long the first half of a 14-bit pair or an NRPN data MSB waits for its LSB
 * @param sceneChannel       program change on this channel recalls scene N: 1..16, 0 = any channel, -1 = off
 * @param panic              the control that mutes the output and ends all notes (a note or CC), or null for none;
 *                           the one at start ({@link MidiService#setPanic} changes it while running)
 * @param noteChannel        notes on this channel reach the model's note input: 1..16, 0 = any, -1 = off
 * @param monitorSize        how many messages the MIDI monitor keeps
 * @param queueCapacity      inbound messages buffered between the MIDI threads and the dispatcher
 */
public record MidiSettings(List<String> includeDevices, List<String> excludeDevices, int pollMillis, int tickMillis,
                           int feedbackMillis, int pairTimeoutMillis, int sceneChannel, MidiSource panic,
                           int noteChannel, int monitorSize, int queueCapacity) {

    public MidiSettings {
        includeDevices = includeDevices == null ? List.of() : List.copyOf(includeDevices);
        excludeDevices = excludeDevices == null ? List.of() : List.copyOf(excludeDevices);
        positive("pollMillis", pollMillis);
        positive("tickMillis", tickMillis);
        positive("feedbackMillis", feedbackMillis);
        positive("pairTimeoutMillis", pairTimeoutMillis);
        positive("monitorSize", monitorSize);
        if (queueCapacity < 64) throw new IllegalArgumentException("midi.queueCapacity " + queueCapacity + " is below 64");
        channelOrOff("sceneChannel", sceneChannel);
        channelOrOff("noteChannel", noteChannel);
        checkPanic(panic);
    }

    /** A panic control is a note or a CC (something pressed), or null for none; anything else is refused. */
    public static MidiSource checkPanic(MidiSource panic) {
        if (panic != null && panic.type() != MidiSource.MessageType.NOTE && panic.type() != MidiSource.MessageType.CC) {
            throw new IllegalArgumentException("the panic control must be a note or cc, not " + panic.type().word());
        }
        return panic;
    }

    public static MidiSettings defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Whether a port with this name passes the include and exclude lists. */
    public boolean accepts(String portName) {
        String n = portName.toLowerCase(Locale.ROOT);
        for (String x : excludeDevices) if (n.contains(x.toLowerCase(Locale.ROOT))) return false;
        if (includeDevices.isEmpty()) return true;
        for (String i : includeDevices) if (n.contains(i.toLowerCase(Locale.ROOT))) return true;
        return false;
    }

    private static void positive(String name, int v) {
        if (v <= 0) throw new IllegalArgumentException("midi." + name + " must be positive, got " + v);
    }

    private static void channelOrOff(String name, int v) {
        if (v < -1 || v > 16) throw new IllegalArgumentException("midi." + name + " must be 1..16, 0 (any) or -1 (off), got " + v);
    }

    public static final class Builder {
        private List<String> include = List.of();
        private List<String> exclude = List.of();
        private int pollMillis = 1000;
        private int tickMillis = 5;
        private int feedbackMillis = 20;
        private int pairTimeoutMillis = 20;
        private int sceneChannel = 0;
        private MidiSource panic;
        private int noteChannel = 0;
        private int monitorSize = 200;
        private int queueCapacity = 16384;

        private Builder() {}

        public Builder includeDevices(List<String> names) { this.include = names; return this; }
        public Builder excludeDevices(List<String> names) { this.exclude = names; return this; }
        public Builder pollMillis(int v) { this.pollMillis = v; return this; }
        public Builder tickMillis(int v) { this.tickMillis = v; return this; }
        public Builder feedbackMillis(int v) { this.feedbackMillis = v; return this; }
        public Builder pairTimeoutMillis(int v) { this.pairTimeoutMillis = v; return this; }
        public Builder sceneChannel(int v) { this.sceneChannel = v; return this; }
        public Builder panic(MidiSource v) { this.panic = v; return this; }
        public Builder noteChannel(int v) { this.noteChannel = v; return this; }
        public Builder monitorSize(int v) { this.monitorSize = v; return this; }
        public Builder queueCapacity(int v) { this.queueCapacity = v; return this; }

        public MidiSettings build() {
            return new MidiSettings(include, exclude, pollMillis, tickMillis, feedbackMillis, pairTimeoutMillis,
                    sceneChannel, panic, noteChannel, monitorSize, queueCapacity);
        }
    }
}
