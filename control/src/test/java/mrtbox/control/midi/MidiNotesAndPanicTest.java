package mrtbox.control.midi;

import static mrtbox.control.mapping.MidiSource.MessageType.CC;
import static mrtbox.control.mapping.MidiSource.MessageType.NOTE;
import static mrtbox.control.midi.MidiRig.cc;
import static mrtbox.control.midi.MidiRig.noteOff;
import static mrtbox.control.midi.MidiRig.noteOn;
import static mrtbox.control.midi.MidiRig.send;
import static mrtbox.control.midi.MidiRig.src;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import javax.sound.midi.Receiver;
import mrtbox.control.mapping.Mapping.Mode;
import mrtbox.control.mapping.Mapping.Takeover;
import mrtbox.control.mapping.MidiSource;
import mrtbox.control.param.StandardParams;
import org.junit.jupiter.api.Test;

class MidiNotesAndPanicTest {
    private static final String DEV = "midi:Keystep [hw:1,0,0]";

    @Test
    void unmappedNotesReachTheNoteInputAndVelocityZeroIsOff() throws Exception {
        try (MidiRig rig = new MidiRig(b -> b.noteChannel(2))) {
            Receiver in = rig.service.receiver("Keystep [hw:1,0,0]");
            rig.map(src(NOTE, 0, 48), StandardParams.promptWeight(2), Mode.TOGGLE, Takeover.JUMP); // a pad toggling a prompt
            send(in, noteOn(2, 60, 100), noteOn(2, 60, 0), noteOn(2, 62, 80), noteOff(2, 62));
            send(in, noteOn(1, 64, 90));              // another channel: not for the model
            send(in, noteOn(2, 48, 90), noteOff(2, 48)); // mapped: drives the prompt instead
            send(in, noteOn(2, 67, 90), cc(2, 123, 0));  // all notes off from the keyboard
            rig.settle();
            assertEquals(List.of("on 60 100 " + DEV, "off 60 " + DEV, "on 62 80 " + DEV, "off 62 " + DEV,
                    "on 67 90 " + DEV, "all off " + DEV), rig.notes.events());
            assertEquals(1.0, rig.number(StandardParams.promptWeight(2)), 0);
        }
    }

    @Test
    void panicFromANoteEndsNotesAndMutes() throws Exception {
        try (MidiRig rig = new MidiRig(b -> b.panic(new MidiSource("", 16, NOTE, 0)))) {
            Receiver in = rig.service.receiver("Keystep [hw:1,0,0]");
            rig.map(src(CC, 1, 3), StandardParams.MUTE, Mode.ABSOLUTE, Takeover.JUMP);
            send(in, noteOn(1, 60, 100), cc(1, 3, 0));
            send(in, noteOn(16, 0, 1));
            rig.settle();
            assertEquals(true, rig.value(StandardParams.MUTE));
            assertEquals(List.of("on 60 100 " + DEV, "all off " + DEV), rig.notes.events());
            assertEquals(1, rig.service.stats().panics());
        }
    }

    @Test
    void panicFromACcWinsOverAMappingAndOverLearn() throws Exception {
        try (MidiRig rig = new MidiRig(b -> b.panic(new MidiSource("Keystep", 0, CC, 119)))) {
            Receiver in = rig.service.receiver("Keystep [hw:1,0,0]");
            Receiver other = rig.service.receiver("Other");
            rig.map(src(CC, 0, 119), StandardParams.promptWeight(3), Mode.ABSOLUTE, Takeover.JUMP);
            send(other, cc(1, 119, 127)); // another device: the mapping, not panic
            rig.settle();
            assertEquals(false, rig.value(StandardParams.MUTE));
            assertEquals(1.0, rig.number(StandardParams.promptWeight(3)), 0);
            rig.service.learn().arm(StandardParams.GUIDANCE);
            send(in, cc(1, 119, 0)); // released: not a press
            send(in, cc(1, 119, 127));
            rig.settle();
            assertEquals(true, rig.value(StandardParams.MUTE));
            assertEquals(StandardParams.GUIDANCE, rig.service.learn().armed().orElseThrow());
        }
    }
    @Test
    void thePanicControlIsChangedWhileRunning() throws Exception {
        try (MidiRig rig = new MidiRig(b -> { })) {
            Receiver in = rig.service.receiver("Keystep [hw:1,0,0]");
            assertEquals(null, rig.service.panic());
            send(in, noteOn(16, 0, 1));
            rig.settle();
            assertEquals(false, rig.value(StandardParams.MUTE), "no panic control yet: an ordinary note");
            rig.service.setPanic(new MidiSource("", 16, NOTE, 0));
            send(in, noteOn(16, 0, 1));
            rig.settle();
            assertEquals(true, rig.value(StandardParams.MUTE), "the running service took the new control");
            rig.registry.set(StandardParams.MUTE, false, MidiRig.OSC);
            rig.service.setPanic(new MidiSource("keystep", 0, CC, 119));
            send(in, noteOn(16, 0, 1));
            rig.settle();
            assertEquals(false, rig.value(StandardParams.MUTE), "the old control is an ordinary note again");
            send(in, cc(3, 119, 127));
            rig.settle();
            assertEquals(true, rig.value(StandardParams.MUTE));
            assertEquals(2, rig.service.stats().panics());
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> rig.service.setPanic(new MidiSource("", 0, MidiSource.MessageType.PITCH_BEND, 0)));
            assertEquals("the panic control must be a note or cc, not pitch_bend", e.getMessage());
            assertEquals(new MidiSource("keystep", 0, CC, 119), rig.service.panic(), "a refused control changes nothing");
            rig.registry.set(StandardParams.MUTE, false, MidiRig.OSC);
            rig.service.setPanic(null);
            send(in, cc(3, 119, 127));
            rig.settle();
            assertEquals(false, rig.value(StandardParams.MUTE), "none: nothing panics");
        }
    }
}
