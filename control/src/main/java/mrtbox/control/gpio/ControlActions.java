package mrtbox.control.gpio;

import java.util.Optional;
import mrtbox.control.mapping.LearnControl;
import mrtbox.control.notes.NoteInput;
import mrtbox.control.param.ChangeSource;
import mrtbox.control.param.ParamHandle;
import mrtbox.control.param.ParamSnapshot;
import mrtbox.control.param.ParamSpec;
import mrtbox.control.param.ParameterRegistry;
import mrtbox.control.param.SetOutcome;
import mrtbox.control.param.StandardParams;
import mrtbox.control.scene.RecallReport;
import mrtbox.control.scene.SceneBook;
import mrtbox.control.status.StatusBoard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Does what buttons and encoders ask, through the same registry, scene book, note input and learn control every
 * other frontend uses. Missing collaborators are caught by {@link GpioService} before start; results that cannot
 * be applied are logged (a button has nowhere else to show an error).
 */
final class ControlActions {
    private static final Logger log = LoggerFactory.getLogger(ControlActions.class);

    private final ParameterRegistry registry;
    private final SceneStepper scenes;
    private final NoteInput notes;
    private final LearnControl learn;
    private final StatusBoard status;
    private final SafeShutdown shutdown;

    ControlActions(ParameterRegistry registry, SceneBook scenes, NoteInput notes, LearnControl learn, StatusBoard status,
                   SafeShutdown shutdown) {
        this.registry = registry;
        this.scenes = scenes == null ? null : new SceneStepper(scenes);
        this.notes = notes;
        this.learn = learn;
        this.status = status;
        this.shutdown = shutdown;
    }

    void perform(ButtonAction action, ChangeSource source) {
        log.debug("{}: {}", source, action);
        switch (action.kind()) {
            case TRIGGER -> report(registry.trigger(action.argument(), source), action, source);
            case TOGGLE -> {
                ParamHandle h = registry.require(action.argument());
                report(registry.set(h, !registry.snapshot().bool(h), source), action, source);
            }
            case PLAY_STOP -> report(registry.trigger(status.current().playing() ? StandardParams.STOP : StandardParams.PLAY, source),
                    action, source);
            case SCENE_NEXT -> stepScene(1, source);
            case SCENE_PREVIOUS -> stepScene(-1, source);
            case SCENE_RECALL -> {
                try {
                    logRecall(scenes.recall(action.argument()), source);
                } catch (IllegalArgumentException e) {
                    log.warn("{}: cannot recall: {}", source, e.getMessage());
                }
            }
            case PANIC -> {
                notes.allNotesOff(source);
                report(registry.set(StandardParams.MUTE, true, source), action, source);
                log.info("{}: panic: all notes off, output muted", source);
            }
            case LEARN -> {
                Optional<String> armed = learn.armed();
                if (armed.isPresent() && armed.get().equals(action.argument())) {
                    learn.cancel();
                    log.info("{}: MIDI learn for {} cancelled", source, action.argument());
                } else {
                    learn.arm(action.argument());
                    log.info("{}: MIDI learn armed for {}: move a control", source, action.argument());
                }
            }
            case SHUTDOWN -> shutdown.begin(source);
        }
    }

    /**
     * Moves a parameter by {@code delta} of its own units, clamped to its range: INT and ENUM move by whole steps
     * (at least one), BOOL turns on for a positive delta and off for a negative one.
     */
    void nudge(ParamHandle h, double delta, ChangeSource source) {
        ParamSpec spec = h.spec();
        ParamSnapshot snap = registry.snapshot();
        Object value = switch (spec.type()) {
            case FLOAT -> clamp(snap.number(h) + delta, spec);
            case INT -> (int) clamp(snap.number(h) + wholeSteps(delta), spec);
            case ENUM -> (int) clamp(snap.number(h) + wholeSteps(delta), spec);
            case BOOL -> delta > 0;
            case TEXT, TRIGGER -> throw new IllegalStateException(h.id() + " cannot be turned (checked at start)");
        };
        SetOutcome o = registry.set(h, value, source);
        if (!o.ok()) log.warn("{}: {} rejected {}: {}", source, h.id(), value, o.reason());
    }

    private static double wholeSteps(double delta) {
        return Math.signum(delta) * Math.max(1, Math.round(Math.abs(delta)));
    }

    private static double clamp(double v, ParamSpec spec) {
        return Math.max(spec.min(), Math.min(spec.max(), v));
    }

    private void stepScene(int delta, ChangeSource source) {
        Optional<RecallReport> r = scenes.step(delta);
        if (r.isEmpty()) log.info("{}: no scenes saved, nothing to step to", source);
        else logRecall(r.get(), source);
    }

    private static void logRecall(RecallReport r, ChangeSource source) {
        if (r.clean()) log.info("{}: recalled scene '{}' ({} values)", source, r.scene(), r.applied());
        else log.warn("{}: recalled scene '{}' with problems: {}", source, r.scene(), r.problems());
    }

    private static void report(SetOutcome o, ButtonAction action, ChangeSource source) {
        if (!o.ok()) log.warn("{}: {} failed: {}", source, action, o.reason());
    }
}
