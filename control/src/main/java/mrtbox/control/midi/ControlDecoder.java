package mrtbox.control.midi;

import java.util.function.Consumer;
import mrtbox.control.mapping.MidiSource.MessageType;

/**
 * Assembles the channel messages of one input port into {@link ControlEvent}s. Besides the one-message kinds it
 * keeps, per channel, the state multi-message controls need:
 * <ul>
 *   <li>14-bit CC: MSB on CC n (0..31), LSB on CC n+32. The MSB waits for its LSB up to the pair timeout; a
 *       half pair that times out is delivered at 7-bit resolution (or as MSB with LSB 0 once the control has
 *       shown it sends pairs, as the MIDI spec says). An LSB alone, on a control known to pair, refines the last
 *       MSB.</li>
 *   <li>NRPN: CC 99/98 select a parameter, CC 6 (data MSB) and 38 (data LSB) set it, 96/97 step it. An RPN
 *       selection (101/100) makes following data entry belong to the RPN, which mrtbox ignores.</li>
 * </ul>
 * Every CC is also delivered as a plain 7-bit CC event. Not thread-safe: the dispatcher thread owns it.
 */
final class ControlDecoder {
    private static final int NRPN_MSB = 99, NRPN_LSB = 98, RPN_MSB = 101, RPN_LSB = 100;
    private static final int DATA_MSB = 6, DATA_LSB = 38, DATA_INC = 96, DATA_DEC = 97;

    private final long pairTimeoutNanos;
    private final Consumer<ControlEvent> out;
    private final Channel[] channels = new Channel[16];
    private int pendingCount;

    private static final class Channel {
        final int[] pendingMsb = new int[32];        // -1 = none
        final long[] pendingSince = new long[32];
        final int[] lastMsb = new int[32];           // -1 = never
        final boolean[] pairs = new boolean[32];     // this control has sent an MSB+LSB pair
        int paramMsb = -1, paramLsb = -1;
        boolean rpnSelected;
        int pendingData = -1;
        long pendingDataSince;
        int lastDataMsb = -1;
        boolean dataPairs;

        Channel() {
            java.util.Arrays.fill(pendingMsb, -1);
            java.util.Arrays.fill(lastMsb, -1);
        }

        int nrpn() {
            if (rpnSelected || (paramMsb < 0 && paramLsb < 0)) return -1;
            return (Math.max(paramMsb, 0) << 7) | Math.max(paramLsb, 0);
        }
    }

    ControlDecoder(long pairTimeoutNanos, Consumer<ControlEvent> out) {
        this.pairTimeoutNanos = pairTimeoutNanos;
        this.out = out;
        for (int i = 0; i < 16; i++) channels[i] = new Channel();
    }

    /** A complete channel message (from {@link MidiStreamParser}), received at {@code nanos}. */
    void channelMessage(int status, int d1, int d2, long nanos) {
        int ch = (status & 0x0F) + 1;
        switch (status & 0xF0) {
            case 0x80 -> out.accept(ControlEvent.note(ch, d1, 0));
            case 0x90 -> out.accept(ControlEvent.note(ch, d1, d2)); // velocity 0 is a note-off
            case 0xB0 -> controlChange(ch, d1, d2, nanos);
            case 0xC0 -> out.accept(ControlEvent.value(MessageType.PROGRAM_CHANGE, ch, 0, d1, 127, false));
            case 0xD0 -> out.accept(ControlEvent.value(MessageType.CHANNEL_PRESSURE, ch, 0, d1, 127, false));
            case 0xE0 -> out.accept(ControlEvent.value(MessageType.PITCH_BEND, ch, 0, d1 | (d2 << 7), 16383, false));
            default -> { } // polyphonic pressure: shown in the monitor, not a mapping source
        }
    }

    private void controlChange(int ch, int cc, int v, long nanos) {
        Channel c = channels[ch - 1];
        if (cc < 32) {
            out.accept(ControlEvent.value(MessageType.CC, ch, cc, v, 127, true));
            if (c.pendingMsb[cc] >= 0) flushMsb(ch, c, cc); // two MSBs in a row: the first was a half pair
            if (cc == DATA_MSB && c.nrpn() >= 0) {
                if (c.pendingData >= 0) flushData(ch, c);
                c.pendingData = v;
                c.pendingDataSince = nanos;
                pendingCount++;
            } else if (cc != DATA_MSB) {
                c.pendingMsb[cc] = v;
                c.pendingSince[cc] = nanos;
                pendingCount++;
            }
            return;
        }
        if (cc < 64 && cc != DATA_LSB) {
            int n = cc - 32;
            boolean paired = c.pendingMsb[n] >= 0 || c.pairs[n];
            out.accept(ControlEvent.value(MessageType.CC, ch, cc, v, 127, paired));
            if (c.pendingMsb[n] >= 0) {
                int msb = c.pendingMsb[n];
                clearMsb(c, n);
                c.pairs[n] = true;
                c.lastMsb[n] = msb;
                out.accept(ControlEvent.value(MessageType.CC14, ch, n, (msb << 7) | v, 16383, false));
            } else if (c.pairs[n] && c.lastMsb[n] >= 0) {
                out.accept(ControlEvent.value(MessageType.CC14, ch, n, (c.lastMsb[n] << 7) | v, 16383, false));
            }
            return;
        }
        boolean nrpnByte = cc == DATA_LSB || cc == DATA_INC || cc == DATA_DEC || (cc >= RPN_LSB - 2 && cc <= RPN_MSB);
        out.accept(ControlEvent.value(MessageType.CC, ch, cc, v, 127, nrpnByte));
        switch (cc) {
            case NRPN_MSB -> { flushPendingData(ch, c); c.paramMsb = v; c.rpnSelected = false; }
            case NRPN_LSB -> { flushPendingData(ch, c); c.paramLsb = v; c.rpnSelected = false; }
            case RPN_MSB, RPN_LSB -> { flushPendingData(ch, c); c.rpnSelected = true; c.paramMsb = -1; c.paramLsb = -1; }
            case DATA_LSB -> {
                int param = c.nrpn();
                if (param < 0) return;
                if (c.pendingData >= 0) {
                    int msb = c.pendingData;
                    c.pendingData = -1;
                    pendingCount--;
                    c.dataPairs = true;
                    c.lastDataMsb = msb;
                    out.accept(ControlEvent.value(MessageType.NRPN, ch, param, (msb << 7) | v, 16383, false));
                } else if (c.dataPairs && c.lastDataMsb >= 0) {
                    out.accept(ControlEvent.value(MessageType.NRPN, ch, param, (c.lastDataMsb << 7) | v, 16383, false));
                }
            }
            case DATA_INC, DATA_DEC -> {
                int param = c.nrpn();
                if (param < 0) return;
                flushPendingData(ch, c);
                out.accept(ControlEvent.step(ch, param, cc == DATA_INC ? 1 : -1));
            }
            default -> { }
        }
    }

    /** Delivers half pairs and lone NRPN data MSBs older than the pair timeout. */
    void expire(long nowNanos) {
        if (pendingCount == 0) return;
        for (int i = 0; i < 16; i++) {
            Channel c = channels[i];
            for (int n = 0; n < 32; n++) {
                if (c.pendingMsb[n] >= 0 && nowNanos - c.pendingSince[n] >= pairTimeoutNanos) flushMsb(i + 1, c, n);
            }
            if (c.pendingData >= 0 && nowNanos - c.pendingDataSince >= pairTimeoutNanos) flushData(i + 1, c);
        }
    }

    /** Whether a half pair is waiting (the dispatcher then wakes up in time to expire it). */
    boolean hasPending() {
        return pendingCount > 0;
    }

    private void flushPendingData(int ch, Channel c) {
        if (c.pendingData >= 0) flushData(ch, c);
    }

    private void flushMsb(int ch, Channel c, int n) {
        int msb = c.pendingMsb[n];
        clearMsb(c, n);
        c.lastMsb[n] = msb;
        out.accept(c.pairs[n]
                ? ControlEvent.value(MessageType.CC14, ch, n, msb << 7, 16383, false)
                : ControlEvent.value(MessageType.CC14, ch, n, msb, 127, false));
    }

    private void clearMsb(Channel c, int n) {
        c.pendingMsb[n] = -1;
        pendingCount--;
    }

    private void flushData(int ch, Channel c) {
        int msb = c.pendingData;
        c.pendingData = -1;
        pendingCount--;
        c.lastDataMsb = msb;
        int param = c.nrpn();
        if (param < 0) return;
        out.accept(c.dataPairs
                ? ControlEvent.value(MessageType.NRPN, ch, param, msb << 7, 16383, false)
                : ControlEvent.value(MessageType.NRPN, ch, param, msb, 127, false));
    }
}
