package mrtbox.inference.engine;

import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import mrtbox.inference.guard.EqualPowerCrossfade;
import mrtbox.inference.guard.GuardAction;
import mrtbox.inference.guard.GuardSettings;
import mrtbox.inference.guard.GuardStatus;
import mrtbox.inference.guard.OutputGuard;
import mrtbox.inference.model.ModelInfo;
import mrtbox.inference.model.RestorableModel;
import mrtbox.inference.model.StepControls;
import mrtbox.inference.model.StreamingModel;

/**
 * The output guard around the generator's steps: after each step the guard looks at it; when it rolled the model
 * back or reset it, the step is made again from the restored state and the step the guard rejected fades over into
 * it (equal power, within the step, so the audio already in the ring ends where the rejected step begins and
 * nothing clicks). Generation thread only, apart from {@link #settings} and {@link #status}.
 *
 * <p>A model that cannot save its state ({@link RestorableModel}) is reset instead of rolled back, and its stuck
 * check falls back to the audio correlation (no tokens).
 */
final class GuardedStep {
    private final StreamingModel model;
    private final RestorableModel restorable;
    private final OutputGuard<Object> guard;
    private final BooleanSupplier muted;
    private final float[] rejected;
    private final int stepFrames;
    private final int channels;
    private EqualPowerCrossfade fade;
    private long step;

    GuardedStep(StreamingModel model, LongSupplier seed, BooleanSupplier muted, GuardSettings settings) {
        this.model = model;
        this.restorable = model instanceof RestorableModel r ? r : null;
        this.muted = muted;
        ModelInfo info = model.info();
        this.channels = info.channels();
        this.stepFrames = info.samplesPerStep();
        this.rejected = new float[stepFrames * channels];
        this.guard = new OutputGuard<>(channels, info.sampleRate(), rejected.length, info.secondsPerStep(), settings,
                new OutputGuard.StateAccess<>() {
                    @Override public Object capture() { return restorable == null ? null : restorable.captureState(); }
                    @Override public void restore(Object s) { restorable.restoreState(s); }
                    @Override public void reset() { model.reset(seed.getAsLong()); }
                });
    }

    void settings(GuardSettings s) {
        guard.settings(s);
    }

    GuardSettings settings() {
        return guard.settings();
    }

    GuardStatus status() {
        return guard.status();
    }

    /** A transport reset or a watchdog restart began a new stream. */
    void streamRestarted() {
        step = 0;
        guard.streamRestarted();
    }

    /** Looks at the step in {@code buffer}; after a rollback or reset, remakes it and crossfades into it. */
    void afterStep(Supplier<StepControls> controls, float[] buffer) {
        if (restorable != null && !restorable.lastStepGenerated()) return;   // a prefill's placeholder audio
        int[] tokens = restorable == null ? null : restorable.lastStepTokens();
        OutputGuard.Verdict v = guard.inspect(step++, buffer, buffer.length, tokens, muted.getAsBoolean());
        if (v == null || v.action() == GuardAction.REPORT) return;
        System.arraycopy(buffer, 0, rejected, 0, buffer.length);
        model.step(controls.get(), buffer);
        for (int i = 0; i < buffer.length; i++) if (!Float.isFinite(buffer[i])) buffer[i] = 0f;
        int frames = Math.min(stepFrames, EqualPowerCrossfade.framesFor(guard.settings().crossfadeMs(), model.info().sampleRate()));
        if (fade == null || fade.frames() != frames) fade = new EqualPowerCrossfade(channels, frames);
        fade.restart();
        fade.mix(rejected, buffer, buffer, stepFrames);
    }
}
