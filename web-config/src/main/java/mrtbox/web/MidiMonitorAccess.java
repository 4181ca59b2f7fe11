package mrtbox.web;

import java.util.function.Consumer;

/** The live MIDI monitor: every message the box receives, as the mapping engine sees it. */
public interface MidiMonitorAccess {

    /**
     * One incoming MIDI message.
     *
     * @param type    "CC", "NOTE_ON", "NOTE_OFF", "PITCH_BEND", "PROGRAM_CHANGE", ... as the appliance names it
     * @param channel 1..16
     * @param number  controller or note number, 0 where the message has none
     * @param value   the message's value (0..127, or 0..16383 for 14-bit kinds)
     */
    record MidiEvent(long timeMillis, String device, String type, int channel, int number, int value) {}

    /**
     * Calls {@code listener} for each incoming message until the returned handle is closed. The listener is
     * quick and never blocks (it only queues), so it may be called on the MIDI thread.
     */
    AutoCloseable subscribe(Consumer<MidiEvent> listener);
}
