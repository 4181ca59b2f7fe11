package mrtbox.control.mapping;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Which MIDI messages a mapping listens to.
 *
 * @param device  input device name (substring match), or empty for any device
 * @param channel 1..16, or 0 for any channel
 * @param type    message kind
 * @param number  controller number (CC 0..127; CC14 MSB controller 0..31; NRPN parameter 0..16383), note number,
 *                or 0 where the kind has none (pitch bend, program change, channel pressure)
 */
public record MidiSource(String device, int channel, MessageType type, int number) {

    public enum MessageType {
        CC, CC14, NRPN, PITCH_BEND, NOTE, PROGRAM_CHANGE, CHANNEL_PRESSURE;

        @JsonCreator
        public static MessageType of(String word) { return EnumWords.parse(MessageType.class, "type", word); }

        @JsonValue
        public String word() { return EnumWords.word(this); }
    }

    public MidiSource {
        device = device == null ? "" : device;
        if (type == null) throw new IllegalArgumentException("a MIDI source needs a message type");
        if (channel < 0 || channel > 16) throw new IllegalArgumentException("channel " + channel + " is not 0 (any) or 1..16");
        int maxNumber = switch (type) {
            case CC, NOTE -> 127;
            case CC14 -> 31;
            case NRPN -> 16383;
            case PITCH_BEND, PROGRAM_CHANGE, CHANNEL_PRESSURE -> 0;
        };
        if (number < 0 || number > maxNumber) {
            throw new IllegalArgumentException(type + " number " + number + " is not 0.." + maxNumber);
        }
    }

    /** Largest raw value this kind of message carries: 127 (7-bit) or 16383 (14-bit). */
    public int maxRaw() {
        return switch (type) {
            case CC14, NRPN, PITCH_BEND -> 16383;
            default -> 127;
        };
    }
}
