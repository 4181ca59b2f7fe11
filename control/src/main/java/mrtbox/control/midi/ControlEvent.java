package mrtbox.control.midi;

import mrtbox.control.mapping.MidiSource.MessageType;

/**
 * One control movement, decoded and assembled: a 7-bit CC, a completed 14-bit pair, an NRPN value or data
 * increment, a pitch bend, a note, a program change or channel pressure.
 *
 * @param channel      1..16
 * @param number       controller, NRPN parameter or note number; 0 where the kind has none
 * @param raw          the value, 0..maxRaw (note: velocity, 0 for a note-off); unused for steps
 * @param maxRaw       127 or 16383 (a half 14-bit pair that timed out arrives as 7-bit: 127)
 * @param pressed      note-on, or a value in the top half: what buttons, toggles and triggers look at
 * @param step         NRPN data increment (+1) or decrement (-1); 0 for a value
 * @param compoundPart a byte of a 14-bit pair or NRPN sequence (CC 0..31, a paired LSB, CC 6/38/96..101):
 *                     MIDI learn waits for the assembled event instead of learning it
 */
public record ControlEvent(MessageType type, int channel, int number, int raw, int maxRaw, boolean pressed, int step,
                           boolean compoundPart) {

    static ControlEvent value(MessageType type, int channel, int number, int raw, int maxRaw, boolean compoundPart) {
        return new ControlEvent(type, channel, number, raw, maxRaw, raw > maxRaw / 2, 0, compoundPart);
    }

    static ControlEvent note(int channel, int note, int velocity) {
        return new ControlEvent(MessageType.NOTE, channel, note, velocity, 127, velocity > 0, 0, false);
    }

    static ControlEvent step(int channel, int parameter, int step) {
        return new ControlEvent(MessageType.NRPN, channel, parameter, 0, 16383, false, step, false);
    }

    public boolean isStep() {
        return step != 0;
    }

    /** Travel 0..1 of a value event. */
    public double travel() {
        return (double) raw / maxRaw;
    }

    /** Bits of the raw value: 7 or 14. */
    public int bits() {
        return maxRaw > 127 ? 14 : 7;
    }
}
