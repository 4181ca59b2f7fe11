package mrtbox.control.midi;

import static mrtbox.control.mapping.MidiSource.MessageType.CC;
import static mrtbox.control.mapping.MidiSource.MessageType.CC14;
import static mrtbox.control.mapping.MidiSource.MessageType.NRPN;
import static mrtbox.control.midi.MidiRig.cc;
import static mrtbox.control.midi.MidiRig.raw;
import static mrtbox.control.midi.MidiRig.send;
import static mrtbox.control.midi.MidiRig.src;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javax.sound.midi.Receiver;
import javax.sound.midi.SysexMessage;
import mrtbox.control.mapping.Mapping.Mode;
import mrtbox.control.mapping.Mapping.Takeover;
import mrtbox.control.param.StandardParams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** 14-bit pairs, NRPN, and input that is strange but legal, or not legal at all. */
class MidiAssemblyTest {
    private final MidiRig rig = new MidiRig();
    private final Receiver in = rig.service.receiver("Hi-Res Box");
    private static final String T = StandardParams.TEMPERATURE, W1 = StandardParams.promptWeight(1), W5 = StandardParams.promptWeight(5);

    @AfterEach
    void close() {
        rig.close();
    }

    @Test
    void fourteenBitPairsAssembleAndLsbAloneRefines() throws Exception {
        rig.map(src(CC14, 1, 1), T, Mode.ABSOLUTE, Takeover.JUMP);
        send(in, cc(1, 1, 64), cc(1, 33, 0));
        rig.settle();
        assertEquals(4.0 * 8192 / 16383, rig.number(T), 1e-12);
        send(in, cc(1, 33, 127)); // fine movement only: the controller sends just the LSB
        rig.settle();
        assertEquals(4.0 * ((64 << 7) | 127) / 16383, rig.number(T), 1e-12);
        send(in, cc(1, 1, 127)); // a half pair: after the timeout it stands, LSB reset to 0 as the MIDI spec says
        rig.settle();
        assertEquals(4.0 * (127 << 7) / 16383, rig.number(T), 1e-12);
        assertTrue(rig.service.monitor().recent().stream().anyMatch(e -> e.meaning().equals("ch 1 CC14 1 = 8192 (CC 1 + CC 33)")));
    }

    @Test
    void aHalfPairFromASevenBitControllerKeepsTheFullTravel() throws Exception {
        rig.map(src(CC14, 2, 1), W1, Mode.ABSOLUTE, Takeover.JUMP);
        rig.map(src(CC, 2, 1), W5, Mode.ABSOLUTE, Takeover.JUMP);
        send(in, cc(2, 1, 0));
        rig.settle();
        assertEquals(0.0, rig.number(W1), 0);
        send(in, cc(2, 1, 127));
        rig.settle();
        assertEquals(1.0, rig.number(W1), 0);
        assertEquals(1.0, rig.number(W5), 0, "a 7-bit mapping of the same CC is not held back by the pairing");
    }

    @Test
    void nrpnFourteenBitSevenBitAndSteps() throws Exception {
        rig.map(src(NRPN, 1, 258), W5, Mode.ABSOLUTE, Takeover.JUMP);
        rig.map(src(NRPN, 3, 5), W1, Mode.ABSOLUTE, Takeover.JUMP);
        send(in, cc(1, 99, 2), cc(1, 98, 2), cc(1, 6, 100), cc(1, 38, 50));
        rig.settle();
        double v = ((100 << 7) | 50) / 16383.0;
        assertEquals(v, rig.number(W5), 1e-12);
        send(in, cc(1, 96, 0), cc(1, 96, 0), cc(1, 97, 0)); // increment twice, decrement once
        rig.settle();
        assertEquals(v + 1.0 / 127, rig.number(W5), 1e-12);
        send(in, cc(3, 99, 0), cc(3, 98, 5), cc(3, 6, 0));   // a 7-bit NRPN controller: data MSB only
        rig.settle();
        assertEquals(0.0, rig.number(W1), 0);
        send(in, cc(3, 6, 127));
        rig.settle();
        assertEquals(1.0, rig.number(W1), 0);
        // an RPN selection takes the data entry away from the NRPN
        send(in, cc(1, 101, 0), cc(1, 100, 0), cc(1, 6, 1), cc(1, 38, 0));
        rig.settle();
        assertEquals(v + 1.0 / 127, rig.number(W5), 1e-12);
        // other NRPN parameters do not touch this mapping
        send(in, cc(1, 99, 2), cc(1, 98, 3), cc(1, 6, 0), cc(1, 38, 0));
        rig.settle();
        assertEquals(v + 1.0 / 127, rig.number(W5), 1e-12);
    }

    @Test
    void runningStatusRealTimeSysexAndJunkNeitherCrashNorCorrupt() throws Exception {
        rig.map(src(CC, 1, 7), W1, Mode.ABSOLUTE, Takeover.JUMP);
        rig.map(src(CC14, 1, 2), T, Mode.ABSOLUTE, Takeover.JUMP);
        send(in, raw(0xB0, 7, 10, 7, 20));
        send(in, raw(7, 30));                                    // running status across deliveries
        rig.settle();
        assertEquals(30 / 127.0, rig.number(W1), 1e-12);
        send(in, raw(0xB0, 0xF8, 7, 0xFE, 40, 0xF8));             // clock and active sensing in the middle
        rig.settle();
        assertEquals(40 / 127.0, rig.number(W1), 1e-12);
        byte[] big = new byte[1 << 20];
        big[0] = (byte) 0xF0;
        big[big.length - 1] = (byte) 0xF7;
        send(in, new SysexMessage(big, big.length));              // 1 MiB of SysEx
        send(in, raw(0xF4), raw(0x33, 0x44), raw(0xF9), raw());   // undefined status, stray data, empty
        // half a pair, a SysEx that never ends, cut short by the pair's LSB (running status returns with it)
        send(in, raw(0xB0, 2, 64, 0xF0, 1, 2, 3, 0xB0, 34, 0, 7, 45));
        send(in, raw(0xF0, 5, 0xF7, 7, 50));                      // a SysEx cancels running status: stray bytes
        rig.settle();
        assertEquals(4.0 * 8192 / 16383, rig.number(T), 1e-12);
        assertEquals(45 / 127.0, rig.number(W1), 1e-12);
        send(in, cc(1, 7, 60));
        rig.settle();
        assertEquals(60 / 127.0, rig.number(W1), 1e-12);
        MidiStats s = rig.service.stats();
        assertEquals(3, s.sysex());
        assertEquals(3, s.realtime());
        assertEquals(6, s.unknownBytes()); // F4, 33, 44, F9, and the 7 50 after the last SysEx
        assertTrue(rig.service.monitor().recent().stream().anyMatch(e -> e.meaning().equals("SysEx, 1048576 bytes")));
    }
}
