package mrtbox.control.midi;

import static mrtbox.control.midi.MidiRig.program;
import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import mrtbox.control.param.StandardParams;
import mrtbox.control.scene.RecallReport;
import mrtbox.control.scene.Scene;
import mrtbox.control.scene.SceneBook;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The scene book's music hook as the paths reach it: a MIDI program change, and save/rename/delete/recall directly. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ProgramChangeMusicTest {
    private static final String W1 = StandardParams.promptWeight(1);
    private final MidiRig rig = new MidiRig(b -> b.sceneChannel(16));
    private final SimulatedMidiProvider.Device dev = rig.provider.plug("Launch Control [hw:3,0,0]", true);
    private final List<String> told = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() {
        rig.close();
    }

    private void listen(String problem) {
        rig.scenes.music(new SceneBook.Music() {
            @Override public void saved(Scene scene) { told.add("saved " + scene.name()); }
            @Override public List<String> recalled(Scene scene) {
                told.add("recalled " + scene.name() + " with " + scene.values().get(W1));
                return problem == null ? List.of() : List.of(problem);
            }
            @Override public void renamed(String from, String to) { told.add("renamed " + from + " " + to); }
            @Override public void deleted(String name) { told.add("deleted " + name); }
        });
    }

    @Test
    void programChangeRecallsTheValuesThenTheMusicOfTheScene() throws Exception {
        listen(null);
        rig.registry.set(W1, 0.25, MidiRig.OSC);
        rig.scenes.save("a");
        rig.registry.set(W1, 0.75, MidiRig.OSC);
        rig.scenes.save("b");
        rig.service.pollDevices();
        rig.settle();
        dev.send(program(16, 0));
        rig.settle();
        assertEquals(0.25, rig.number(W1), 0);
        assertEquals(List.of("saved a", "saved b", "recalled a with 0.25"), told);
    }

    @Test
    void whatTheMusicCouldNotBringBackJoinsTheRecallsProblemsAndTheValuesStay() {
        listen("music of scene 'a' was saved with tiny-mrt2, this box plays tiny-v1: values recalled, music not");
        rig.registry.set(W1, 0.25, MidiRig.OSC);
        rig.scenes.save("a");
        rig.registry.set(W1, 0.5, MidiRig.OSC);
        RecallReport r = rig.scenes.recall("A");
        assertEquals(0.25, rig.number(W1), 0);
        assertEquals(List.of("music of scene 'a' was saved with tiny-mrt2, this box plays tiny-v1: values recalled, music not"), r.problems());
        rig.scenes.rename("a", "Intro");
        assertTrue(rig.scenes.delete("intro"));
        assertEquals(List.of("saved a", "recalled a with 0.25", "renamed a Intro", "deleted intro"), told);
    }
}
