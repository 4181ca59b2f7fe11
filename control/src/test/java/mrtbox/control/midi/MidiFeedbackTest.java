package mrtbox.control.midi;

import static mrtbox.control.mapping.MidiSource.MessageType.CC;
import static mrtbox.control.mapping.MidiSource.MessageType.CC14;
import static mrtbox.control.mapping.MidiSource.MessageType.NOTE;
import static mrtbox.control.mapping.MidiSource.MessageType.NRPN;
import static mrtbox.control.mapping.MidiSource.MessageType.PITCH_BEND;
import static mrtbox.control.midi.MidiRig.cc;
import static mrtbox.control.midi.MidiRig.noteOn;
import static mrtbox.control.midi.MidiRig.program;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import mrtbox.control.mapping.Mapping.Curve;
import mrtbox.control.mapping.Mapping.Mode;
import mrtbox.control.mapping.Mapping.Takeover;
import mrtbox.control.mapping.MidiSource;
import mrtbox.control.param.StandardParams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Feedback to a controller's output (captured), program-change scenes, and no echo of a hand's own move. */
class MidiFeedbackTest {
    private static final String NAME = "X-Touch Mini [hw:2,0,0]";
    private static final String W1 = StandardParams.promptWeight(1), W2 = StandardParams.promptWeight(2);
    private final MidiRig rig = new MidiRig(b -> b.sceneChannel(16));
    private final SimulatedMidiProvider.Device dev = rig.provider.plug(NAME, true);

    @AfterEach
    void close() {
        rig.close();
    }

    private static MidiSource on(MidiSource.MessageType type, int ch, int n) {
        return new MidiSource("X-Touch Mini", ch, type, n);
    }

    private void connect() throws Exception {
        rig.service.pollDevices();
        assertEquals(java.util.Set.of(NAME), rig.service.connectedOutputs());
        rig.settle();
    }

    @Test
    void aNewlyConnectedControllerGetsEveryMappedValue() throws Exception {
        rig.map(on(CC, 1, 7), W1, 0, 1, Curve.LINEAR, Mode.ABSOLUTE, Takeover.PICKUP, true);
        rig.map(on(NOTE, 1, 36), StandardParams.MUTE, 0, 1, Curve.LINEAR, Mode.TOGGLE, Takeover.JUMP, true);
        rig.map(on(CC14, 1, 1), StandardParams.TEMPERATURE, 0, 4, Curve.LINEAR, Mode.ABSOLUTE, Takeover.PICKUP, true);
        rig.map(on(NRPN, 2, 300), W2, 0, 1, Curve.LINEAR, Mode.ABSOLUTE, Takeover.PICKUP, true);
        rig.map(on(PITCH_BEND, 3, 0), StandardParams.VOLUME_DB, -60, 6, Curve.LINEAR, Mode.ABSOLUTE, Takeover.PICKUP, true);
        rig.map(on(CC, 1, 8), StandardParams.GUIDANCE, 0, 10, Curve.LINEAR, Mode.ABSOLUTE, Takeover.PICKUP, false);
        connect();
        int t = (int) Math.round(1.1 / 4 * 16383);
        int v = (int) Math.round(60.0 / 66 * 16383);
        int w2 = 0;
        assertEquals(List.of(
                "B0 7 127",                                   // prompt 1 weight 1.0
                "90 36 0",                                    // mute off: light off
                "B0 1 " + (t >> 7), "B0 33 " + (t & 127),     // 14-bit pair
                "B1 99 2", "B1 98 44", "B1 6 " + (w2 >> 7), "B1 38 " + (w2 & 127), // NRPN 300
                "E2 " + (v & 127) + " " + (v >> 7)),          // pitch bend
                sorted(dev.output.describe(), List.of("B0 7", "90 36", "B0 1 ", "B0 33", "B1 99", "B1 98", "B1 6 ", "B1 38", "E2")));
        assertTrue(dev.output.cc(1, 8).isEmpty(), "feedback off: nothing sent for guidance");
    }

    /** The messages in the order of the given prefixes (mapping order is not part of the contract). */
    private static List<String> sorted(List<String> got, List<String> prefixes) {
        return prefixes.stream().map(p -> got.stream().filter(g -> g.startsWith(p)).findFirst().orElse("missing " + p)).toList();
    }

    @Test
    void changesFromElsewhereAreSentRateLimitedWithTheLatestValue() throws Exception {
        rig.map(on(CC, 1, 7), W1, 0, 1, Curve.LINEAR, Mode.ABSOLUTE, Takeover.PICKUP, true);
        connect();
        dev.output.clear();
        rig.registry.set(W1, 0.5, MidiRig.OSC);
        rig.settle();
        assertEquals(List.of(64), dev.output.cc(1, 7));
        dev.output.clear();
        long start = System.nanoTime();
        for (int i = 0; i <= 400; i++) rig.registry.set(W1, i / 400.0, MidiRig.OSC);
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        rig.settle();
        List<Integer> sent = dev.output.cc(1, 7);
        assertEquals(127, sent.get(sent.size() - 1), "the last value always arrives");
        assertTrue(sent.size() <= elapsedMs / 20 + 3, sent.size() + " messages for 401 changes in " + elapsedMs + " ms");
    }

    @Test
    void aMoveIsNotEchoedToTheControlThatMadeItButReachesOtherControls() throws Exception {
        rig.map(on(CC, 1, 7), W1, 0, 1, Curve.LINEAR, Mode.ABSOLUTE, Takeover.JUMP, true);
        rig.map(on(CC, 1, 9), W1, 0, 1, Curve.LINEAR, Mode.ABSOLUTE, Takeover.JUMP, true); // a second knob, same target
        rig.map(on(NOTE, 1, 36), StandardParams.MUTE, 0, 1, Curve.LINEAR, Mode.TOGGLE, Takeover.JUMP, true);
        connect();
        dev.output.clear();
        dev.send(cc(1, 7, 100));
        dev.send(noteOn(1, 36, 127));
        rig.settle();
        assertEquals(100 / 127.0, rig.number(W1), 1e-12);
        assertEquals(List.of(), dev.output.cc(1, 7), "no echo to the knob in the hand");
        assertEquals(List.of(100), dev.output.cc(1, 9), "the other knob's LED ring follows");
        assertEquals(List.of("90 36 127"), dev.output.describe().stream().filter(s -> s.startsWith("90")).toList(),
                "a toggle's light shows the state only the box knows");
    }

    @Test
    void aMotorFaderEchoingFeedbackDoesNotMoveTheValue() throws Exception {
        rig.map(on(CC, 1, 7), W1, 0, 1, Curve.LINEAR, Mode.ABSOLUTE, Takeover.PICKUP, true);
        connect();
        rig.registry.set(W1, 0.9, MidiRig.OSC);
        rig.settle();
        assertEquals(114, dev.output.cc(1, 7).get(dev.output.cc(1, 7).size() - 1));
        dev.send(cc(1, 7, 114)); // the fader moved there and reports its position
        dev.send(cc(1, 7, 115)); // and settles a step off
        rig.settle();
        assertEquals(0.9, rig.number(W1), 0, "the echo did not quantise the value to 114/127 or 115/127");
        dev.send(cc(1, 7, 110)); // the hand takes it from there: picked up at once
        rig.settle();
        assertEquals(110 / 127.0, rig.number(W1), 1e-12);
    }

    @Test
    void programChangeRecallsTheScenesAndRefreshesTheController() throws Exception {
        rig.map(on(CC, 1, 7), W1, 0, 1, Curve.LINEAR, Mode.ABSOLUTE, Takeover.PICKUP, true);
        rig.map(on(CC, 1, 8), W2, 0, 1, Curve.LINEAR, Mode.ABSOLUTE, Takeover.PICKUP, true);
        rig.registry.set(W1, 0.2, MidiRig.OSC);
        rig.scenes.save("a intro");
        rig.registry.set(W1, 0.9, MidiRig.OSC);
        rig.scenes.save("b drop");
        connect();
        dev.output.clear();
        dev.send(program(16, 0));
        rig.settle();
        assertEquals(0.2, rig.number(W1), 0);
        assertEquals(List.of(25), dev.output.cc(1, 7));
        assertEquals(List.of(0), dev.output.cc(1, 8), "unchanged values are refreshed after a recall too");
        dev.send(program(1, 1)); // another channel: not a scene change
        dev.send(program(16, 7)); // no eighth scene: reported, nothing changes
        rig.settle();
        assertEquals(0.2, rig.number(W1), 0);
        assertTrue(rig.service.monitor().recent().stream().anyMatch(e -> e.meaning().equals("program change 7: there is no scene 8")));
        dev.output.clear();
        dev.send(program(16, 1));
        rig.settle();
        assertEquals(0.9, rig.number(W1), 0);
        assertEquals(List.of(114), dev.output.cc(1, 7));
        dev.send(cc(1, 7, 50)); // pickup: the recall moved the value away from the knob
        rig.settle();
        assertEquals(0.9, rig.number(W1), 0);
        assertEquals(2, rig.service.stats().scenesRecalled());
    }

    @Test
    void aReadOnlyValueTheBoxSetsLightsAMappedPadAndThePadCannotChangeIt() throws Exception {
        rig.registry.register(mrtbox.control.param.ParamSpec.builder("test.state", mrtbox.control.param.ParamType.ENUM)
                .choices(List.of("ok", "rollback", "reset", "gave_up")).readOnly().build());
        rig.map(on(NOTE, 1, 40), "test.state", 0, 1, Curve.LINEAR, Mode.TOGGLE, Takeover.JUMP, true);
        rig.map(on(CC, 1, 20), "test.state", 0, 3, Curve.LINEAR, Mode.ABSOLUTE, Takeover.JUMP, true);
        connect();
        assertTrue(!notes(40).isEmpty() && notes(40).stream().allMatch("90 40 0"::equals), "off while ok: " + notes(40));
        dev.output.clear();
        rig.registry.set("test.state", "rollback", mrtbox.control.param.ChangeSource.INTERNAL);
        rig.settle();
        assertEquals(List.of("90 40 127"), notes(40), "lit while the box says so");
        assertEquals(List.of(42), dev.output.cc(1, 20), "an LED ring over the whole range shows which");
        dev.output.clear();
        dev.send(noteOn(1, 40, 127));   // a press on the pad: the value is the box's alone
        rig.settle();
        assertEquals("rollback", rig.value("test.state"));
        rig.registry.set("test.state", "gave_up", mrtbox.control.param.ChangeSource.INTERNAL);
        rig.settle();
        assertEquals(List.of(127), dev.output.cc(1, 20));
        rig.registry.set("test.state", "ok", mrtbox.control.param.ChangeSource.INTERNAL);
        rig.settle();
        assertEquals("90 40 0", notes(40).get(notes(40).size() - 1), "off again");
    }

    private List<String> notes(int note) {
        return dev.output.describe().stream().filter(s -> s.startsWith("90 " + note + " ")).toList();
    }

    @Test
    void aPulledOutputIsCountedNotFatal() throws Exception {
        rig.map(on(CC, 1, 7), W1, 0, 1, Curve.LINEAR, Mode.ABSOLUTE, Takeover.PICKUP, true);
        connect();
        dev.output.pull(); // gone between two polls
        rig.registry.set(W1, 0.3, MidiRig.OSC);
        rig.settle();
        assertTrue(rig.service.stats().feedbackErrors() >= 1);
        rig.registry.set(W1, 0.4, MidiRig.OSC);
        rig.settle();
        assertEquals(0.4, rig.number(W1), 0);
    }
}
