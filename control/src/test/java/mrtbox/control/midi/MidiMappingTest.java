package mrtbox.control.midi;

import static mrtbox.control.mapping.MidiSource.MessageType.CC;
import static mrtbox.control.mapping.MidiSource.MessageType.CHANNEL_PRESSURE;
import static mrtbox.control.mapping.MidiSource.MessageType.NOTE;
import static mrtbox.control.mapping.MidiSource.MessageType.PITCH_BEND;
import static mrtbox.control.mapping.MidiSource.MessageType.PROGRAM_CHANGE;
import static mrtbox.control.midi.MidiRig.bend;
import static mrtbox.control.midi.MidiRig.cc;
import static mrtbox.control.midi.MidiRig.noteOff;
import static mrtbox.control.midi.MidiRig.noteOn;
import static mrtbox.control.midi.MidiRig.pressure;
import static mrtbox.control.midi.MidiRig.program;
import static mrtbox.control.midi.MidiRig.send;
import static mrtbox.control.midi.MidiRig.src;
import static org.junit.jupiter.api.Assertions.assertEquals;

import javax.sound.midi.Receiver;
import mrtbox.control.mapping.Mapping.Curve;
import mrtbox.control.mapping.Mapping.Mode;
import mrtbox.control.mapping.Mapping.Takeover;
import mrtbox.control.mapping.MidiSource;
import mrtbox.control.mapping.Transfer;
import mrtbox.control.param.StandardParams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every source kind and mode, through the service's receiver (direct send calls, as a JDK device would make). */
class MidiMappingTest {
    // 7-bit mappings only: the CC14 pairing of CC 0..31 cannot change these results, so the default 20 ms timeout
    private final MidiRig rig = new MidiRig(b -> b.sceneChannel(-1).pairTimeoutMillis(20));
    private final Receiver in = rig.service.receiver("nanoKONTROL2 [hw:1,0,0]");
    private static final String W1 = StandardParams.promptWeight(1), W2 = StandardParams.promptWeight(2),
            W3 = StandardParams.promptWeight(3), W4 = StandardParams.promptWeight(4);

    @AfterEach
    void close() {
        rig.close();
    }

    @Test
    void absoluteCcWithRangeCurveAndInversion() throws Exception {
        rig.map(src(CC, 1, 7), StandardParams.VOLUME_DB, -60, 6, Curve.EXPONENTIAL, Mode.ABSOLUTE, Takeover.JUMP, false);
        rig.map(src(CC, 1, 8), W4, 1, 0, Curve.LINEAR, Mode.ABSOLUTE, Takeover.JUMP, false);
        send(in, cc(1, 7, 64), cc(1, 8, 0));
        rig.settle();
        assertEquals(-60 + 66 * (Math.pow(2, 6 * 64 / 127.0) - 1) / 63, rig.number(StandardParams.VOLUME_DB), 1e-9);
        assertEquals(1.0, rig.number(W4), 1e-12);
        send(in, cc(1, 8, 127));
        rig.settle();
        assertEquals(0.0, rig.number(W4), 1e-12);
    }

    @Test
    void channelAndDeviceFiltersSelectTheControl() throws Exception {
        rig.map(new MidiSource("nanokontrol", 2, CC, 7), W1, Mode.ABSOLUTE, Takeover.JUMP);
        rig.map(new MidiSource("Launch Control", 0, CC, 7), W2, Mode.ABSOLUTE, Takeover.JUMP);
        send(in, cc(1, 7, 0)); // channel 1: not the W1 mapping; not the Launch Control
        rig.settle();
        assertEquals(1.0, rig.number(W1), 0);
        assertEquals(0.0, rig.number(W2), 0);
        send(in, cc(2, 7, 0));
        rig.settle();
        assertEquals(0.0, rig.number(W1), 0);
    }

    @Test
    void pitchBendChannelPressureAndProgramChange() throws Exception {
        rig.map(src(PITCH_BEND, 1, 0), StandardParams.TEMPERATURE, Mode.ABSOLUTE, Takeover.JUMP);
        rig.map(src(CHANNEL_PRESSURE, 1, 0), W3, Mode.ABSOLUTE, Takeover.JUMP);
        rig.map(src(PROGRAM_CHANGE, 1, 0), "test.mode", Mode.ABSOLUTE, Takeover.JUMP);
        send(in, bend(1, 16383), pressure(1, 127), program(1, 64));
        rig.settle();
        assertEquals(4.0, rig.number(StandardParams.TEMPERATURE), 1e-12);
        assertEquals(1.0, rig.number(W3), 1e-12);
        assertEquals("busy", rig.value("test.mode"));
        send(in, bend(1, 8192), program(1, 127));
        rig.settle();
        assertEquals(4.0 * 8192 / 16383, rig.number(StandardParams.TEMPERATURE), 1e-12);
        assertEquals("wild", rig.value("test.mode"));
    }

    @Test
    void integerTargetsRound() throws Exception {
        rig.map(src(CC, 1, 9), StandardParams.TOP_K, Mode.ABSOLUTE, Takeover.JUMP);
        send(in, cc(1, 9, 50));
        rig.settle();
        assertEquals(Math.floor(1 + 1023 * 50 / 127.0 + 0.5), rig.number(StandardParams.TOP_K), 0);
    }

    @Test
    void relativeEncodingsStepFromTheCurrentValue() throws Exception {
        rig.map(src(CC, 1, 16), W2, Mode.RELATIVE_TWOS_COMPLEMENT, Takeover.PICKUP);
        rig.map(src(CC, 1, 17), W3, Mode.RELATIVE_BINARY_OFFSET, Takeover.PICKUP);
        rig.map(src(CC, 1, 18), W4, Mode.RELATIVE_SIGN_MAGNITUDE, Takeover.PICKUP);
        for (int i = 0; i < 10; i++) send(in, cc(1, 16, 1), cc(1, 17, 65), cc(1, 18, 2));
        send(in, cc(1, 16, 127), cc(1, 16, 125), cc(1, 17, 61), cc(1, 18, 66));
        rig.settle();
        assertEquals(6.0 / 127, rig.number(W2), 1e-12);
        assertEquals(7.0 / 127, rig.number(W3), 1e-12);
        assertEquals(18.0 / 127, rig.number(W4), 1e-12);
        // a value set elsewhere is where the encoder continues from (no takeover needed)
        rig.registry.set(W2, 0.5, MidiRig.OSC);
        send(in, cc(1, 16, 3));
        rig.settle();
        assertEquals(0.5 + 3.0 / 127, rig.number(W2), 1e-12);
        // and it stops at the ends
        for (int i = 0; i < 200; i++) send(in, cc(1, 16, 127));
        rig.settle();
        assertEquals(0.0, rig.number(W2), 0);
    }

    @Test
    void toggleMomentaryAndTriggers() throws Exception {
        rig.map(src(NOTE, 1, 36), StandardParams.MUTE, Mode.TOGGLE, Takeover.JUMP);
        rig.map(src(CC, 1, 20), "test.mode", 0, 2, Curve.LINEAR, Mode.TOGGLE, Takeover.JUMP, false);
        rig.map(src(CC, 1, 21), W1, 0.2, 0.7, Curve.LINEAR, Mode.MOMENTARY, Takeover.JUMP, false);
        rig.map(src(NOTE, 1, 37), StandardParams.PLAY, Mode.MOMENTARY, Takeover.JUMP);
        rig.map(src(CC, 1, 22), StandardParams.STOP, Mode.ABSOLUTE, Takeover.JUMP);

        send(in, noteOn(1, 36, 100), noteOff(1, 36));
        rig.settle();
        assertEquals(true, rig.value(StandardParams.MUTE));
        send(in, noteOn(1, 36, 5), noteOn(1, 36, 0)); // velocity 0 is a release: ignored by a toggle
        rig.settle();
        assertEquals(false, rig.value(StandardParams.MUTE));

        send(in, cc(1, 20, 127), cc(1, 20, 0));
        rig.settle();
        assertEquals("wild", rig.value("test.mode"));
        send(in, cc(1, 20, 127));
        rig.settle();
        assertEquals("calm", rig.value("test.mode"));

        send(in, cc(1, 21, 127));
        rig.settle();
        assertEquals(0.7, rig.number(W1), 1e-12);
        send(in, cc(1, 21, 0));
        rig.settle();
        assertEquals(0.2, rig.number(W1), 1e-12);

        send(in, noteOn(1, 37, 90), noteOff(1, 37), noteOn(1, 37, 90));
        send(in, cc(1, 22, 127), cc(1, 22, 127), cc(1, 22, 0), cc(1, 22, 100)); // absolute: rising edges only
        rig.settle();
        assertEquals(2L, rig.value(StandardParams.PLAY));
        assertEquals(2L, rig.value(StandardParams.STOP));
    }

    @Test
    void pickupWaitsForASlowApproach() throws Exception {
        rig.map(src(CC, 1, 1), W1, Mode.ABSOLUTE, Takeover.PICKUP);
        rig.registry.set(W1, 0.5, MidiRig.OSC);
        for (int v = 10; v <= 60; v += 10) {
            send(in, cc(1, 1, v));
            rig.settle();
            assertEquals(0.5, rig.number(W1), 0, "not picked up at " + v);
        }
        send(in, cc(1, 1, 62), cc(1, 1, 64)); // crosses 0.5 (63.5) between these two
        rig.settle();
        assertEquals(64 / 127.0, rig.number(W1), 1e-12);
        send(in, cc(1, 1, 30));
        rig.settle();
        assertEquals(30 / 127.0, rig.number(W1), 1e-12, "follows once picked up");
    }

    @Test
    void pickupCatchesAFastMoveAcrossTheValue() throws Exception {
        rig.map(src(CC, 1, 1), W1, Mode.ABSOLUTE, Takeover.PICKUP);
        send(in, cc(1, 1, 10));
        rig.settle();
        rig.registry.set(W1, 0.5, MidiRig.OSC); // a scene or OSC moves the value away from the knob
        send(in, cc(1, 1, 12));
        rig.settle();
        assertEquals(0.5, rig.number(W1), 0);
        send(in, cc(1, 1, 120)); // one message jumps from below to above: still a crossing
        rig.settle();
        assertEquals(120 / 127.0, rig.number(W1), 1e-12);
        rig.registry.set(W1, 0.2, MidiRig.OSC);
        send(in, cc(1, 1, 0)); // and from above to below
        rig.settle();
        assertEquals(0.0, rig.number(W1), 0);
    }

    @Test
    void pickupNeverJumpsWithoutACrossing() throws Exception {
        rig.map(src(CC, 1, 1), W1, Mode.ABSOLUTE, Takeover.PICKUP);
        rig.registry.set(W1, 0.9, MidiRig.OSC);
        for (int v : new int[] {20, 40, 80, 100, 110}) send(in, cc(1, 1, v));
        rig.settle();
        assertEquals(0.9, rig.number(W1), 0);
    }

    @Test
    void scaleConvergesTowardsTheEndOfTravel() throws Exception {
        rig.map(src(CC, 1, 1), W1, Mode.ABSOLUTE, Takeover.SCALE);
        rig.registry.set(W1, 0.8, MidiRig.OSC);
        send(in, cc(1, 1, 25)); // first position: nothing to scale from yet
        rig.settle();
        assertEquals(0.8, rig.number(W1), 0);
        send(in, cc(1, 1, 51));
        rig.settle();
        double t0 = 25 / 127.0, t1 = 51 / 127.0;
        double v1 = 0.8 + (t1 - t0) * (1 - 0.8) / (1 - t0);
        assertEquals(v1, rig.number(W1), 1e-12);
        send(in, cc(1, 1, 20));
        rig.settle();
        double t2 = 20 / 127.0;
        assertEquals(v1 - (t1 - t2) * v1 / t1, rig.number(W1), 1e-12);
        send(in, cc(1, 1, 0)); // both meet at the bottom, then it follows
        send(in, cc(1, 1, 40));
        rig.settle();
        assertEquals(40 / 127.0, rig.number(W1), 1e-12);
    }

    @Test
    void jumpFollowsAtOnce() throws Exception {
        rig.map(src(CC, 1, 1), W1, Mode.ABSOLUTE, Takeover.JUMP);
        rig.registry.set(W1, 0.9, MidiRig.OSC);
        send(in, cc(1, 1, 3));
        rig.settle();
        assertEquals(3 / 127.0, rig.number(W1), 1e-12);
    }

    @Test
    void pickupUsesTheCurveToFindWhereTheKnobMustBe() throws Exception {
        rig.map(src(CC, 1, 7), StandardParams.VOLUME_DB, -60, 6, Curve.EXPONENTIAL, Mode.ABSOLUTE, Takeover.PICKUP, false);
        rig.registry.set(StandardParams.VOLUME_DB, -40.0, MidiRig.OSC);
        var m = rig.mappings.list().get(0);
        int at = (int) Math.round(Transfer.travel(m, -40.0) * 127);
        send(in, cc(1, 7, at - 5), cc(1, 7, at - 2));
        rig.settle();
        assertEquals(-40.0, rig.number(StandardParams.VOLUME_DB), 0);
        send(in, cc(1, 7, at + 1));
        rig.settle();
        assertEquals(Transfer.value(m, (at + 1) / 127.0), rig.number(StandardParams.VOLUME_DB), 1e-9);
    }
}
