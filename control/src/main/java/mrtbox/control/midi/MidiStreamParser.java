package mrtbox.control.midi;

/**
 * Turns the bytes of one input port into complete messages, whatever shape they arrive in: running status (data
 * bytes reusing the last channel status), real-time bytes interleaved anywhere (even inside another message or a
 * SysEx), SysEx of any length (only its head is kept, the rest is counted), stray data bytes and undefined status
 * bytes (reported, never fatal). One parser per port; not thread-safe (the dispatcher thread owns it).
 */
public final class MidiStreamParser {
    /** SysEx bytes kept for the monitor; longer messages are counted, not stored. */
    public static final int SYSEX_HEAD = 32;

    /** Receives complete messages. */
    public interface Sink {
        /** A channel message; {@code status} includes the channel nibble; data2 is 0 for one-data-byte kinds. */
        void channelMessage(int status, int data1, int data2);

        /** Clock, start, stop, continue, active sensing, reset, and system common messages (MTC, song position). */
        void systemMessage(int status, int data1, int data2);

        /** A finished SysEx: its total length (F0 to F7 inclusive) and its first bytes; terminated false when cut off. */
        void sysex(int length, byte[] head, int headLength, boolean terminated);

        /** A byte that fits nowhere: a data byte with no status to belong to, or an undefined status. */
        void unknown(int b);
    }

    private final Sink sink;
    private int runningStatus;  // 0 = none
    private int needed;         // data bytes the current status takes
    private int have;
    private int data1;
    private boolean inSysex;
    private int sysexLength;
    private final byte[] sysexHead = new byte[SYSEX_HEAD];

    public MidiStreamParser(Sink sink) {
        this.sink = sink;
    }

    /**
     * Feeds bytes from one delivered message. {@code sysexContinuation}: the message is a JDK SysexMessage whose
     * leading F7 marks the continuation of a SysEx split across deliveries, not its end.
     */
    public void feed(byte[] bytes, int length, boolean sysexContinuation) {
        int start = 0;
        if (sysexContinuation && inSysex && length > 0 && (bytes[0] & 0xFF) == 0xF7) start = 1;
        for (int i = start; i < length; i++) feed(bytes[i] & 0xFF);
    }

    public void feed(int b) {
        if (b >= 0xF8) { // real-time: may appear anywhere, changes nothing
            if (b == 0xF9 || b == 0xFD) sink.unknown(b);
            else sink.systemMessage(b, 0, 0);
            return;
        }
        if (inSysex) {
            if (b < 0x80) {
                if (sysexLength < SYSEX_HEAD) sysexHead[sysexLength] = (byte) b;
                sysexLength++;
                return;
            }
            boolean end = b == 0xF7;
            if (end) {
                if (sysexLength < SYSEX_HEAD) sysexHead[sysexLength] = (byte) b;
                sysexLength++;
            }
            inSysex = false;
            sink.sysex(sysexLength, sysexHead, Math.min(sysexLength, SYSEX_HEAD), end);
            if (end) return;
            // any other status byte cuts the SysEx short and starts its own message below
        }
        if (b >= 0x80) {
            status(b);
            return;
        }
        if (runningStatus == 0) {
            sink.unknown(b);
            return;
        }
        if (have == 0 && needed == 2) {
            data1 = b;
            have = 1;
            return;
        }
        int d1 = needed == 2 ? data1 : b;
        int d2 = needed == 2 ? b : 0;
        have = 0;
        if (runningStatus >= 0xF0) {
            sink.systemMessage(runningStatus, d1, d2);
            runningStatus = 0; // system common messages do not run
        } else {
            sink.channelMessage(runningStatus, d1, d2);
        }
    }

    private void status(int b) {
        have = 0;
        if (b < 0xF0) {
            runningStatus = b;
            int kind = b & 0xF0;
            needed = kind == 0xC0 || kind == 0xD0 ? 1 : 2;
            return;
        }
        runningStatus = 0; // system common cancels running status
        switch (b) {
            case 0xF0 -> {
                inSysex = true;
                sysexHead[0] = (byte) b;
                sysexLength = 1;
            }
            case 0xF1, 0xF3 -> { runningStatus = b; needed = 1; }
            case 0xF2 -> { runningStatus = b; needed = 2; }
            case 0xF6 -> sink.systemMessage(b, 0, 0);
            default -> sink.unknown(b); // F4, F5, and an F7 with no SysEx open
        }
    }
}
