package mrtbox.appliance.instrument;

import org.junit.jupiter.api.Timeout;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import mrtbox.appliance.catalog.ModelCatalog;
import mrtbox.appliance.catalog.ModelProvider;
import mrtbox.control.notes.NoteBus;
import mrtbox.control.notes.NoteInput;
import mrtbox.control.param.ChangeSource;
import mrtbox.control.param.ParamSpec;
import mrtbox.control.param.ParameterRegistry;
import mrtbox.control.param.StandardParams;
import mrtbox.inference.model.StepControls;
import mrtbox.inference.mrt2.Mrt2FrameModel;
import mrtbox.inference.mrt2.NoteTracker;
import org.junit.jupiter.api.Test;

/** A note-conditioned model's own parameters and played notes reach its step controls, once per step. */
@Timeout(value = 300, unit = TimeUnit.SECONDS)   // TensorFlow: a hung session must not stall the build
class ModelInputsTest {
    private static final ChangeSource MIDI = ChangeSource.of(ChangeSource.Kind.MIDI, "keys");

    @Test
    void tinyMrt2sParametersAndNotesReachTheStepControls() {
        ModelProvider mrt2 = ModelCatalog.standard().require("tiny-mrt2");
        assertTrue(mrt2.takesNotes());
        ParameterRegistry registry = new ParameterRegistry();
        registry.registerAll(StandardParams.all());
        List<String> ids = mrt2.parameters().stream().map(ParamSpec::id).toList();
        mrt2.parameters().forEach(registry::register);
        assertTrue(registry.specs().stream().anyMatch(s -> s.oscAddress().equals("/mrtbox/mrt2/unmask_width")),
                "model parameters get OSC addresses like any other");

        NoteTracker tracker = new NoteTracker();
        NoteBus bus = new NoteBus();
        bus.attach(new NoteInput() {
            @Override public void noteOn(int note, int velocity, ChangeSource source) { tracker.noteOn(note); }
            @Override public void noteOff(int note, ChangeSource source) { tracker.noteOff(note); }
            @Override public void allNotesOff(ChangeSource source) { tracker.allOff(); }
        });
        ControlsAssembler controls = new ControlsAssembler(registry, StyleBlender.UNCONDITIONED, new PromptResolver(), 0, 0.04,
                new ModelInputs(ids, tracker::nextFrame));

        StepControls idle = controls.get();
        assertFalse(idle.notes().held(60));
        assertEquals(1.0, idle.extra(Mrt2FrameModel.CFG_NOTES, -1), "reference default");

        registry.set(Mrt2FrameModel.UNMASK_WIDTH, 127, MIDI);
        bus.noteOn(60, 100, MIDI);
        bus.noteOff(60, MIDI);              // a tap shorter than a frame
        StepControls tap = controls.get();
        assertTrue(tap.notes().onset(60) && tap.notes().held(60), "the tap yields one onset frame");
        assertEquals(127, tap.extra(Mrt2FrameModel.UNMASK_WIDTH, -1));
        assertFalse(controls.get().notes().held(60), "and only one");

        bus.noteOn(64, 90, MIDI);
        assertTrue(controls.get().notes().onset(64));
        StepControls held = controls.get();
        assertTrue(held.notes().held(64) && !held.notes().onset(64), "held after its onset frame");
    }
}
