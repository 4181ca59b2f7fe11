package mrtbox.control.midi;

import java.util.HexFormat;

/** Human-readable text for the monitor: hex bytes and what a message means. */
final class MessageText {
    private static final HexFormat HEX = HexFormat.ofDelimiter(" ").withUpperCase();
    private static final String[] NOTE_NAMES = {"C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"};

    private MessageText() {}

    static String hex(int... bytes) {
        StringBuilder sb = new StringBuilder(bytes.length * 3);
        for (int b : bytes) {
            if (sb.length() > 0) sb.append(' ');
            HEX.toHexDigits(sb, (byte) b);
        }
        return sb.toString();
    }

    static String hex(byte[] bytes, int length, int total) {
        String s = HEX.formatHex(bytes, 0, length);
        return total > length ? s + " ... (" + total + " bytes)" : s;
    }

    static String channelMessage(int status, int d1, int d2) {
        int ch = (status & 0x0F) + 1;
        String what = switch (status & 0xF0) {
            case 0x80 -> "note off " + note(d1) + " vel " + d2;
            case 0x90 -> d2 == 0 ? "note off " + note(d1) + " (note-on vel 0)" : "note on " + note(d1) + " vel " + d2;
            case 0xA0 -> "poly pressure " + note(d1) + " = " + d2;
            case 0xB0 -> cc(d1, d2);
            case 0xC0 -> "program change " + d1 + " (scene " + (d1 + 1) + ")";
            case 0xD0 -> "channel pressure " + d1;
            case 0xE0 -> {
                int v = d1 | (d2 << 7);
                yield "pitch bend " + v + (v == 8192 ? " (center)" : " (" + (v - 8192) + ")");
            }
            default -> "?";
        };
        return "ch " + ch + " " + what;
    }

    private static String cc(int n, int v) {
        String name = switch (n) {
            case 1 -> " (mod wheel)";
            case 6 -> " (data entry MSB)";
            case 7 -> " (volume)";
            case 38 -> " (data entry LSB)";
            case 64 -> " (sustain)";
            case 96 -> " (data increment)";
            case 97 -> " (data decrement)";
            case 98 -> " (NRPN LSB)";
            case 99 -> " (NRPN MSB)";
            case 100 -> " (RPN LSB)";
            case 101 -> " (RPN MSB)";
            case 120 -> " (all sound off)";
            case 123 -> " (all notes off)";
            default -> n >= 32 && n < 64 ? " (LSB of CC " + (n - 32) + ")" : "";
        };
        return "CC " + n + name + " = " + v;
    }

    static String systemMessage(int status, int d1, int d2) {
        return switch (status) {
            case 0xF1 -> "MTC quarter frame " + d1;
            case 0xF2 -> "song position " + (d1 | (d2 << 7));
            case 0xF3 -> "song select " + d1;
            case 0xF6 -> "tune request";
            case 0xF8 -> "clock";
            case 0xFA -> "start";
            case 0xFB -> "continue";
            case 0xFC -> "stop";
            case 0xFE -> "active sensing";
            case 0xFF -> "system reset";
            default -> "system " + hex(status);
        };
    }

    /** The assembled kinds the raw bytes do not show by themselves. */
    static String assembled(ControlEvent e) {
        String head = "ch " + e.channel() + " ";
        return switch (e.type()) {
            case CC14 -> e.maxRaw() > 127
                    ? head + "CC14 " + e.number() + " = " + e.raw() + " (CC " + e.number() + " + CC " + (e.number() + 32) + ")"
                    : head + "CC " + e.number() + " = " + e.raw() + " (no LSB followed: 7-bit)";
            case NRPN -> e.isStep()
                    ? head + "NRPN " + e.number() + (e.step() > 0 ? " +1" : " -1")
                    : head + "NRPN " + e.number() + " = " + e.raw() + (e.maxRaw() > 127 ? " (14-bit)" : " (7-bit)");
            default -> head + e.type() + " " + e.number() + " = " + e.raw();
        };
    }

    static String note(int n) {
        return n + " " + NOTE_NAMES[n % 12] + (n / 12 - 1);
    }
}
