package mrtbox.control.midi;

import java.util.Locale;
import mrtbox.control.mapping.MidiSource;
import mrtbox.control.mapping.MidiSource.MessageType;
import mrtbox.control.notes.NoteInput;
import mrtbox.control.param.ChangeSource;
import mrtbox.control.param.ParamHandle;
import mrtbox.control.param.ParameterRegistry;
import mrtbox.control.param.StandardParams;
import mrtbox.control.scene.RecallReport;
import mrtbox.control.scene.Scene;
import mrtbox.control.scene.SceneBook;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where each decoded {@link ControlEvent} goes, first match wins: the panic control, MIDI learn, program change
 * to a scene, the mappings (into the {@link PendingWrites}), notes to the note input. Dispatcher thread only.
 */
final class EventRouter {
    private static final Logger log = LoggerFactory.getLogger(EventRouter.class);
    private static final int ALL_SOUND_OFF = 120, ALL_NOTES_OFF = 123;

    private final MidiSettings settings;
    private final ParameterRegistry registry;
    private final SceneBook scenes;
    private final NoteInput notes;
    private final MidiLearn learn;
    private final MidiMonitor monitor;
    private final MappingEngine mappings;
    private final PendingWrites pending;
    private final RegistryWriter writer;
    private final FeedbackSender feedback;
    private final MidiCounters counters;
    private volatile MidiSource panic;   // settable while running (the page); read once per event

    EventRouter(MidiSettings settings, ParameterRegistry registry, SceneBook scenes, NoteInput notes, MidiLearn learn,
                MidiMonitor monitor, MappingEngine mappings, PendingWrites pending, RegistryWriter writer,
                FeedbackSender feedback, MidiCounters counters) {
        this.settings = settings;
        this.registry = registry;
        this.scenes = scenes;
        this.notes = notes;
        this.learn = learn;
        this.monitor = monitor;
        this.mappings = mappings;
        this.pending = pending;
        this.writer = writer;
        this.feedback = feedback;
        this.counters = counters;
        this.panic = settings.panic();
    }

    MidiSource panicControl() {
        return panic;
    }

    /** Any thread: the next event is judged against the new control (null: none). */
    void panicControl(MidiSource control) {
        this.panic = MidiSettings.checkPanic(control);
    }

    /** One event from {@code port}, received at {@code nanos}. */
    void route(String port, ControlEvent e, long nanos) {
        counters.events++;
        if ((e.type() == MessageType.CC14 || e.type() == MessageType.NRPN)) monitor.record(port, "", MessageText.assembled(e));
        if (isPanicControl(e, port)) {
            if (e.pressed()) panic(port);
            return; // its release too: neither learned, mapped nor played
        }
        if (learn.offer(e, port)) return;
        if (e.type() == MessageType.PROGRAM_CHANGE && onSceneChannel(e.channel())) {
            recallScene(e.raw(), port);
            return;
        }
        boolean mapped = mappings.handle(e, port, nanos);
        if (mapped || notes == null || !onChannel(settings.noteChannel(), e.channel())) return;
        ChangeSource src = ChangeSource.of(ChangeSource.Kind.MIDI, port);
        if (e.type() == MessageType.NOTE) {
            if (e.pressed()) notes.noteOn(e.number(), e.raw(), src);
            else notes.noteOff(e.number(), src);
        } else if (e.type() == MessageType.CC && (e.number() == ALL_SOUND_OFF || e.number() == ALL_NOTES_OFF)) {
            notes.allNotesOff(src); // what a keyboard or sequencer sends when it stops
        }
    }

    private boolean isPanicControl(ControlEvent e, String port) {
        MidiSource s = panic;
        if (s == null || s.type() != e.type() || s.number() != e.number()) return false;
        if (s.channel() != 0 && s.channel() != e.channel()) return false;
        return s.device().isEmpty() || port.toLowerCase(Locale.ROOT).contains(s.device().toLowerCase(Locale.ROOT));
    }

    private void panic(String port) {
        counters.panics++;
        ChangeSource src = ChangeSource.of(ChangeSource.Kind.MIDI, port);
        if (notes != null) notes.allNotesOff(src);
        ParamHandle mute = registry.handle(StandardParams.MUTE);
        if (mute != null) {
            pending.remove(mute); // a knob move queued before the panic must not unmute after it
            registry.set(mute, Boolean.TRUE, src);
            feedback.markTarget(mappings, StandardParams.MUTE, null, null);
        }
        monitor.record(port, "", "PANIC: all notes off, output muted");
        log.warn("MIDI panic from '{}': all notes off, output muted", port);
    }

    private boolean onSceneChannel(int channel) {
        return scenes != null && onChannel(settings.sceneChannel(), channel);
    }

    private static boolean onChannel(int setting, int channel) {
        return setting == 0 || setting == channel;
    }

    private void recallScene(int program, String port) {
        if (!writer.idle()) writer.apply(); // moves made before the program change must not land after it
        Scene scene = scenes.byIndex(program).orElse(null);
        if (scene == null) {
            monitor.record(port, "", "program change " + program + ": there is no scene " + (program + 1));
            return;
        }
        RecallReport r = scenes.recall(scene.name());
        counters.scenesRecalled++;
        feedback.requestRefresh();
        monitor.record(port, "", "recalled scene " + (program + 1) + " '" + scene.name() + "' (" + r.applied() + " values"
                + (r.clean() ? ")" : ", " + r.problems().size() + " not applied)"));
    }
}
