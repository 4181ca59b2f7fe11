package mrtbox.control.midi;

import static mrtbox.control.mapping.MidiSource.MessageType.CC;
import static mrtbox.control.midi.MidiRig.cc;
import static mrtbox.control.midi.MidiRig.noteOn;
import static mrtbox.control.midi.MidiRig.raw;
import static mrtbox.control.midi.MidiRig.send;
import static mrtbox.control.midi.MidiRig.src;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sound.midi.Receiver;
import mrtbox.control.mapping.Mapping.Mode;
import mrtbox.control.mapping.Mapping.Takeover;
import mrtbox.control.param.StandardParams;
import org.junit.jupiter.api.Test;

class MidiMonitorTest {

    @Test
    void liveListenersAndABoundedHistoryWithDecodedMeaning() throws Exception {
        try (MidiRig rig = new MidiRig(b -> b.monitorSize(4))) {
            List<MonitorEntry> live = new CopyOnWriteArrayList<>();
            rig.service.monitor().addListener(live::add);
            rig.service.monitor().addListener(e -> { throw new IllegalStateException("a broken page socket"); });
            rig.map(src(CC, 1, 74), StandardParams.promptWeight(1), Mode.ABSOLUTE, Takeover.JUMP);
            Receiver in = rig.service.receiver("Keys [hw:1,0,0]");
            send(in, cc(1, 74, 100), noteOn(10, 36, 127), raw(0xF8, 0xFE, 0xFA), MidiRig.bend(2, 8192), MidiRig.program(3, 4));
            rig.settle();
            assertEquals(List.of("ch 1 CC 74 = 100", "ch 10 note on 36 C2 vel 127", "start", "ch 2 pitch bend 8192 (center)",
                    "ch 3 program change 4 (scene 5)", "program change 4: there is no scene 5"),
                    live.stream().map(MonitorEntry::meaning).toList());
            assertEquals("B0 4A 64", live.get(0).bytes());
            assertEquals("Keys [hw:1,0,0]", live.get(0).device());
            List<MonitorEntry> recent = rig.service.monitor().recent();
            assertEquals(live.subList(2, 6), recent, "the last four, oldest first");
            assertEquals(List.of(2L, 3L, 4L, 5L), recent.stream().map(MonitorEntry::sequence).toList());
            assertEquals(100 / 127.0, rig.number(StandardParams.promptWeight(1)), 1e-12, "a throwing listener changes nothing");
            assertEquals(2, rig.service.stats().realtime());
        }
    }
}
