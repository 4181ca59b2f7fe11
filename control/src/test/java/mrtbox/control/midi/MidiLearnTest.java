package mrtbox.control.midi;

import static mrtbox.control.mapping.MidiSource.MessageType.CC;
import static mrtbox.control.mapping.MidiSource.MessageType.CC14;
import static mrtbox.control.mapping.MidiSource.MessageType.NOTE;
import static mrtbox.control.mapping.MidiSource.MessageType.NRPN;
import static mrtbox.control.mapping.MidiSource.MessageType.PITCH_BEND;
import static mrtbox.control.midi.MidiRig.bend;
import static mrtbox.control.midi.MidiRig.cc;
import static mrtbox.control.midi.MidiRig.noteOff;
import static mrtbox.control.midi.MidiRig.noteOn;
import static mrtbox.control.midi.MidiRig.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sound.midi.Receiver;
import mrtbox.control.mapping.Mapping;
import mrtbox.control.mapping.MidiSource;
import mrtbox.control.param.StandardParams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MidiLearnTest {
    private final MidiRig rig = new MidiRig();
    private final Receiver in = rig.service.receiver("nanoKONTROL2 [hw:1,0,0]");
    private final MidiLearn learn = rig.service.learn();
    private final List<Mapping> learned = new CopyOnWriteArrayList<>();
    private static final String W1 = StandardParams.promptWeight(1), W2 = StandardParams.promptWeight(2),
            W3 = StandardParams.promptWeight(3), W4 = StandardParams.promptWeight(4);

    MidiLearnTest() {
        learn.addListener(learned::add);
    }

    @AfterEach
    void close() {
        rig.close();
    }

    private MidiSource only(String target) {
        List<Mapping> ms = rig.mappings.list().stream().filter(m -> m.target().equals(target)).toList();
        assertEquals(1, ms.size(), "mappings for " + target + ": " + ms);
        return ms.get(0).source();
    }

    @Test
    void theNextMovedControlBecomesTheMapping() throws Exception {
        learn.arm(W1);
        assertEquals(W1, learn.armed().orElseThrow());
        send(in, cc(3, 74, 10), cc(3, 74, 11));
        rig.settle();
        assertEquals(new MidiSource("nanoKONTROL2", 3, CC, 74), only(W1));
        assertTrue(learn.armed().isEmpty(), "learn disarms after one control");
        assertEquals(1.0, rig.number(W1), 0, "the learning move does not change the value");
        Mapping m = learned.get(0);
        assertEquals(0.0, m.min());
        assertEquals(1.0, m.max());
        assertEquals(Mapping.Takeover.PICKUP, m.takeover());
        assertTrue(m.feedback());
        send(in, cc(3, 74, 127)); // and now it drives the parameter (picked up: at the value)
        rig.settle();
        assertEquals(1.0, rig.number(W1), 0);
        send(in, cc(3, 74, 64));
        rig.settle();
        assertEquals(64 / 127.0, rig.number(W1), 1e-12);
    }

    /** A knob learned onto guidance spans the playing model's range: MRT2's 0..5 (default 3), not MRT v1's 0..10. */
    @Test
    void aLearnedGuidanceKnobSpansTheModelsRange() throws Exception {
        try (MidiRig mrt2 = new MidiRig(new StandardParams.Guidance(3.0, 5.0), b -> { })) {
            Receiver knobs = mrt2.service.receiver("nanoKONTROL2 [hw:1,0,0]");
            MidiLearn l = mrt2.service.learn();
            l.arm(StandardParams.GUIDANCE);
            send(knobs, cc(1, 16, 20));
            mrt2.settle();
            Mapping m = mrt2.mappings.list().stream().filter(x -> x.target().equals(StandardParams.GUIDANCE)).findFirst().orElseThrow();
            assertEquals(0.0, m.min());
            assertEquals(5.0, m.max(), "the learned range is the parameter's");
            assertEquals(3.0, mrt2.number(StandardParams.GUIDANCE), 0, "MRT2's default, untouched by the learning move");
            send(knobs, cc(1, 16, 60), cc(1, 16, 100)); // crosses 3.0 (76.2 of 127): picked up
            mrt2.settle();
            assertEquals(100 * 5.0 / 127, mrt2.number(StandardParams.GUIDANCE), 1e-9);
            send(knobs, cc(1, 16, 127));
            mrt2.settle();
            assertEquals(5.0, mrt2.number(StandardParams.GUIDANCE), 1e-12, "the knob's top is MRT2's top, no dead half");
        }
    }

    @Test
    void aFourteenBitPairIsLearnedAsOneControl() throws Exception {
        learn.arm(W2);
        send(in, cc(1, 1, 5), cc(1, 33, 10));
        rig.settle();
        assertEquals(new MidiSource("nanoKONTROL2", 1, CC14, 1), only(W2));
    }

    @Test
    void aSevenBitCcBelow32IsNotMistakenForAPair() throws Exception {
        learn.arm(W4);
        send(in, cc(1, 2, 10));
        rig.settle();
        assertEquals(new MidiSource("nanoKONTROL2", 1, CC, 2), only(W4));
    }

    @Test
    void anNrpnIsLearnedByItsParameterNumber() throws Exception {
        learn.arm(W3);
        send(in, cc(2, 99, 1), cc(2, 98, 7), cc(2, 6, 64), cc(2, 38, 0));
        rig.settle();
        assertEquals(new MidiSource("nanoKONTROL2", 2, NRPN, 135), only(W3));
        learn.arm(W4); // an encoder that only sends increments is an NRPN too
        send(in, cc(2, 99, 0), cc(2, 98, 9), cc(2, 96, 1));
        rig.settle();
        assertEquals(new MidiSource("nanoKONTROL2", 2, NRPN, 9), only(W4));
    }

    @Test
    void notesAndPitchBendAndLearnDefaultsForButtons() throws Exception {
        learn.arm(StandardParams.MUTE);
        send(in, noteOff(1, 40), noteOn(1, 41, 90));
        rig.settle();
        assertEquals(new MidiSource("nanoKONTROL2", 1, NOTE, 41), only(StandardParams.MUTE));
        assertEquals(Mapping.Mode.TOGGLE, learned.get(0).mode());
        learn.arm(StandardParams.PLAY);
        send(in, noteOn(1, 42, 90));
        rig.settle();
        assertEquals(Mapping.Mode.MOMENTARY, learned.get(1).mode());
        learn.arm(StandardParams.TEMPERATURE);
        send(in, bend(1, 9000));
        rig.settle();
        assertEquals(new MidiSource("nanoKONTROL2", 1, PITCH_BEND, 0), only(StandardParams.TEMPERATURE));
        send(in, noteOn(1, 41, 100));
        rig.settle();
        assertEquals(true, rig.value(StandardParams.MUTE));
    }

    @Test
    void relearningAControlMovesIt() throws Exception {
        learn.arm(W1);
        send(in, cc(1, 74, 1));
        rig.settle();
        learn.arm(W2);
        send(in, cc(1, 74, 2));
        rig.settle();
        assertEquals(1, rig.mappings.list().size());
        assertEquals(W2, rig.mappings.list().get(0).target());
    }

    @Test
    void cancelAndUnlearn() throws Exception {
        learn.arm(W1);
        learn.cancel();
        send(in, cc(1, 75, 3));
        rig.settle();
        assertTrue(rig.mappings.list().isEmpty());
        assertEquals(1.0, rig.number(W1), 0, "a cancelled learn leaves the value alone");
        learn.arm(W1);
        send(in, cc(1, 75, 3));
        rig.settle();
        learn.arm(W2);
        send(in, cc(1, 76, 3));
        rig.settle();
        assertEquals(1, learn.unlearn(W1));
        assertEquals(List.of(W2), rig.mappings.list().stream().map(Mapping::target).toList());
        assertEquals(0, learn.unlearn(W1));
    }

    @Test
    void armRejectsUnknownAndTextParameters() {
        assertThrows(IllegalArgumentException.class, () -> learn.arm("no.such.param"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> learn.arm(StandardParams.promptText(1)));
        assertTrue(e.getMessage().contains("text"), e.getMessage());
        assertTrue(learn.armed().isEmpty());
    }
}
