package mrtbox.control.midi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MidiStreamParserTest {
    private final List<String> out = new ArrayList<>();
    private final MidiStreamParser parser = new MidiStreamParser(new MidiStreamParser.Sink() {
        @Override
        public void channelMessage(int status, int d1, int d2) {
            out.add(String.format("ch %02X %d %d", status, d1, d2));
        }

        @Override
        public void systemMessage(int status, int d1, int d2) {
            out.add(String.format("sys %02X %d %d", status, d1, d2));
        }

        @Override
        public void sysex(int length, byte[] head, int headLength, boolean terminated) {
            out.add("sysex " + length + " " + terminated + " " + MessageText.hex(head, Math.min(headLength, 3), 3));
        }

        @Override
        public void unknown(int b) {
            out.add(String.format("unknown %02X", b));
        }
    });

    private void feed(int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) b[i] = (byte) bytes[i];
        parser.feed(b, b.length, false);
    }

    @Test
    void runningStatusWithinAndAcrossDeliveries() {
        feed(0xB0, 7, 100, 7, 101);
        feed(10, 20);           // data bytes alone: still CC on channel 1
        feed(0xC2, 5, 6);       // program change runs too (one data byte)
        assertEquals(List.of("ch B0 7 100", "ch B0 7 101", "ch B0 10 20", "ch C2 5 0", "ch C2 6 0"), out);
    }

    @Test
    void realTimeBytesInterleavedAnywhere() {
        feed(0x90, 0xF8, 60, 0xFA, 100, 0xF8);
        feed(0xF0, 0x7E, 0xF8, 0x01, 0xF7);
        assertEquals(List.of("sys F8 0 0", "sys FA 0 0", "ch 90 60 100", "sys F8 0 0", "sys F8 0 0", "sysex 4 true F0 7E 01"), out);
    }

    @Test
    void sysexOfAnyLengthKeepsOnlyItsHead() {
        int n = 200_000;
        byte[] big = new byte[n];
        big[0] = (byte) 0xF0;
        for (int i = 1; i < n - 1; i++) big[i] = (byte) (i & 0x7F);
        big[n - 1] = (byte) 0xF7;
        parser.feed(big, n, false);
        feed(0xB1, 1, 2);
        assertEquals(List.of("sysex 200000 true F0 01 02", "ch B1 1 2"), out);
    }

    @Test
    void sysexSplitAcrossJdkContinuationMessages() {
        parser.feed(new byte[] {(byte) 0xF0, 0x41, 0x10}, 3, true);
        parser.feed(new byte[] {(byte) 0xF7, 0x42, 0x12, (byte) 0xF7}, 4, true);
        assertEquals(List.of("sysex 6 true F0 41 10"), out);
    }

    @Test
    void truncatedSysexStrayDataAndUndefinedStatus() {
        feed(0x05, 0x06);                 // no status yet
        feed(0xF0, 0x01, 0x02, 0x90, 60, 1); // SysEx cut short by a note-on
        feed(0xF4, 0xF5, 0xF9, 0xFD, 0xF7);
        feed(0xF2, 0x10, 0x01, 0x33);     // song position, then a stray byte: system common does not run
        assertEquals(List.of("unknown 05", "unknown 06", "sysex 3 false F0 01 02", "ch 90 60 1",
                "unknown F4", "unknown F5", "unknown F9", "unknown FD", "unknown F7", "sys F2 16 1", "unknown 33"), out);
    }

    @Test
    void statusInTheMiddleOfAMessageStartsOver() {
        feed(0xB0, 7, 0x90, 60, 100);
        assertEquals(List.of("ch 90 60 100"), out);
    }
}
