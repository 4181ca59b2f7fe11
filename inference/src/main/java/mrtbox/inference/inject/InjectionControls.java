package mrtbox.inference.inject;

import mrtbox.inference.model.StepControls;

/**
 * The audio-injection controls in force for one model step. They reach the model as {@link StepControls#extras()}
 * under the parameter ids below (the box registers them; {@code input.delay_ms} is the input component's latency
 * compensation), so no model interface changes and every frontend sees them as ordinary parameters.
 *
 * <p>The input arrives at the level the input component delivers (after its {@code input.gain}); like the reference
 * notebook's mix, it is added at unity.
 *
 * @param enabled  inject at all (off: the model's context is exactly what it generated)
 * @param feedback how much of the model's own output goes into the mix (the reference's {@code model_feedback})
 * @param delayMs  how far before the newest captured sample the injected input window ends
 */
public record InjectionControls(boolean enabled, float feedback, float delayMs) {
    public static final String INJECT = "input.inject";
    public static final String FEEDBACK = "input.feedback";
    public static final String DELAY_MS = "input.delay_ms";

    /** The reference's playing value of {@code model_feedback} (after its intro loops). */
    public static final float DEFAULT_FEEDBACK = 0.95f;
    public static final InjectionControls OFF = new InjectionControls(false, DEFAULT_FEEDBACK, 0f);

    public InjectionControls {
        if (!(feedback >= 0) || !Float.isFinite(feedback)) throw new IllegalArgumentException("feedback " + feedback + " must be a finite value >= 0");
        if (!(delayMs >= 0) || !Float.isFinite(delayMs)) throw new IllegalArgumentException("input delay " + delayMs + " ms must be a finite value >= 0");
    }

    /** Reads the controls from a step's extras; absent ids take the defaults (off, feedback 0.95, delay 0). */
    public static InjectionControls of(StepControls c) {
        return new InjectionControls(c.extra(INJECT, 0) >= 0.5, (float) Math.max(0, c.extra(FEEDBACK, DEFAULT_FEEDBACK)),
                (float) Math.max(0, c.extra(DELAY_MS, 0)));
    }

    /** The delay in whole sample frames at {@code sampleRate}. */
    public long delayFrames(int sampleRate) {
        return Math.round(delayMs * (double) sampleRate / 1000.0);
    }
}
