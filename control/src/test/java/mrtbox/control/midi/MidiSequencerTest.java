package mrtbox.control.midi;

import static mrtbox.control.mapping.MidiSource.MessageType.CC;
import static mrtbox.control.mapping.MidiSource.MessageType.CC14;
import static mrtbox.control.mapping.MidiSource.MessageType.CHANNEL_PRESSURE;
import static mrtbox.control.mapping.MidiSource.MessageType.NOTE;
import static mrtbox.control.mapping.MidiSource.MessageType.NRPN;
import static mrtbox.control.mapping.MidiSource.MessageType.PITCH_BEND;
import static mrtbox.control.midi.MidiRig.bend;
import static mrtbox.control.midi.MidiRig.cc;
import static mrtbox.control.midi.MidiRig.noteOff;
import static mrtbox.control.midi.MidiRig.noteOn;
import static mrtbox.control.midi.MidiRig.pressure;
import static mrtbox.control.midi.MidiRig.program;
import static mrtbox.control.midi.MidiRig.src;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiMessage;
import javax.sound.midi.MetaMessage;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;
import javax.sound.midi.Sequencer;
import javax.sound.midi.Track;
import javax.sound.midi.Transmitter;
import mrtbox.control.mapping.Mapping.Mode;
import mrtbox.control.mapping.Mapping.Takeover;
import mrtbox.control.param.StandardParams;
import org.junit.jupiter.api.Test;

/** The JDK's software sequencer plays a performance into the service's receiver, in real time, through its transmitter. */
class MidiSequencerTest {
    private static final int MARKER = 0x06;

    @Test
    void aSequencedPerformanceDrivesEveryKindOfMapping() throws Exception {
        try (MidiRig rig = new MidiRig(b -> b.sceneChannel(16))) {
            String w1 = StandardParams.promptWeight(1), w2 = StandardParams.promptWeight(2), w3 = StandardParams.promptWeight(3);
            rig.map(src(CC, 1, 74), w1, Mode.ABSOLUTE, Takeover.PICKUP);
            rig.map(src(CC14, 1, 1), StandardParams.TEMPERATURE, Mode.ABSOLUTE, Takeover.JUMP);
            rig.map(src(NRPN, 1, 130), w2, Mode.ABSOLUTE, Takeover.JUMP);
            rig.map(src(PITCH_BEND, 1, 0), StandardParams.GUIDANCE, Mode.ABSOLUTE, Takeover.JUMP);
            rig.map(src(CHANNEL_PRESSURE, 1, 0), w3, Mode.ABSOLUTE, Takeover.JUMP);
            rig.map(src(NOTE, 1, 36), StandardParams.MUTE, Mode.TOGGLE, Takeover.JUMP);
            rig.map(src(CC, 1, 75), "test.mode", Mode.RELATIVE_BINARY_OFFSET, Takeover.JUMP);
            rig.registry.set(w1, 0.0, MidiRig.OSC);
            rig.registry.set(StandardParams.TOP_K, 200, MidiRig.OSC);
            rig.scenes.save("one");
            rig.registry.set(StandardParams.TOP_K, 40, MidiRig.OSC);

            Sequence seq = new Sequence(Sequence.PPQ, 480); // 120 bpm: about 1 ms per tick
            Track t = seq.createTrack();
            long tick = 1;
            add(t, tick, program(16, 0));                                          // scene "one" first
            for (int v = 0; v <= 100; v += 4) add(t, tick += 3, cc(1, 74, v));     // a knob sweep, picked up at 0
            add(t, tick += 5, cc(1, 1, 96));
            add(t, tick, cc(1, 33, 64));                                           // a 14-bit pair
            add(t, tick += 5, cc(1, 99, 1));
            add(t, tick, cc(1, 98, 2));
            add(t, tick, cc(1, 6, 32));
            add(t, tick, cc(1, 38, 1));                                            // NRPN 130
            add(t, tick += 5, bend(1, 0));
            add(t, tick += 5, pressure(1, 64));
            add(t, tick += 5, noteOn(1, 36, 100));
            add(t, tick += 20, noteOff(1, 36));
            add(t, tick += 5, cc(1, 75, 66));                                     // +2 choices: calm -> wild
            add(t, tick += 5, noteOn(1, 60, 70));                                  // unmapped: to the model
            add(t, tick += 10, noteOff(1, 60));
            // a marker after the performance, then a long silence: when a sequence ends the JDK sequencer sends
            // all-notes-off and reset-controllers on every channel and replays ("chases") the last controller
            // values, program and bend; the test disconnects at the marker to check the performance itself
            add(t, tick += 5, new MetaMessage(MARKER, "end".getBytes(StandardCharsets.US_ASCII), 3));
            add(t, tick + 60_000, new MetaMessage(MARKER, "tail".getBytes(StandardCharsets.US_ASCII), 4));

            Sequencer sequencer = MidiSystem.getSequencer(false);
            CountDownLatch ended = new CountDownLatch(1);
            sequencer.addMetaEventListener(meta -> {
                if (meta.getType() == MARKER) ended.countDown();
            });
            sequencer.open();
            try {
                Transmitter out = sequencer.getTransmitter();
                out.setReceiver(rig.service.receiver("Sequencer"));
                sequencer.setSequence(seq);
                sequencer.start();
                assertTrue(ended.await(20, TimeUnit.SECONDS), "the sequence did not reach its end marker");
                out.close();
            } finally {
                sequencer.close();
            }
            rig.settle();

            assertEquals(100 / 127.0, rig.number(w1), 1e-12);
            assertEquals(4.0 * ((96 << 7) | 64) / 16383, rig.number(StandardParams.TEMPERATURE), 1e-12);
            assertEquals(((32 << 7) | 1) / 16383.0, rig.number(w2), 1e-12);
            assertEquals(0.0, rig.number(StandardParams.GUIDANCE), 0);
            assertEquals(64 / 127.0, rig.number(w3), 1e-12);
            assertEquals(true, rig.value(StandardParams.MUTE));
            assertEquals("wild", rig.value("test.mode"));
            assertEquals(200, rig.value(StandardParams.TOP_K), "program change recalled scene one");
            List<String> notes = rig.notes.events();
            assertEquals(List.of("on 60 70 midi:Sequencer", "off 60 midi:Sequencer"),
                    notes.stream().filter(n -> n.contains(" 60 ")).toList());
        }
    }

    private static void add(Track t, long tick, MidiMessage m) {
        t.add(new MidiEvent(m, tick));
    }
}
