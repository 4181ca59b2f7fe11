package mrtbox.inference.guard;

/**
 * The output guard's checks, with their documented defaults (docs/guard.md says why each default was chosen).
 * A check fires when its condition has held for {@code seconds} of generated audio in a row.
 */
public enum GuardCheck {
    /** Step RMS below {@code threshold} dBFS, while not muted. */
    SILENCE("silence", "dBFS", -60, 8, GuardAction.ROLLBACK),
    /** The step's codec tokens equal those of one of the last 8 steps (without tokens: audio correlation at a whole-step lag at or above {@code threshold}). */
    STUCK("stuck", "correlation", 0.999, 6, GuardAction.ROLLBACK),
    /** Step RMS above {@code threshold} dBFS, or more than 1% of the step's samples at full scale (the limiter would be working flat out). */
    LOUD("loud", "dBFS", -6, 4, GuardAction.REPORT),
    /** The running mean (1 s time constant) of a channel further from zero than {@code threshold}. */
    DC("dc", "", 0.1, 4, GuardAction.REPORT),
    /** A NaN or infinite sample; the guard zeroes them before they reach the ring. */
    NONFINITE("nonfinite", "", 0, 0, GuardAction.ROLLBACK),
    /** Entropy of the last 2 s of sampled tokens below {@code threshold} times its running median over the last minute. */
    COLLAPSE("collapse", "ratio", 0.5, 6, GuardAction.ROLLBACK);

    private final String id;
    private final String unit;
    private final double defaultThreshold;
    private final double defaultSeconds;
    private final GuardAction defaultAction;

    GuardCheck(String id, String unit, double defaultThreshold, double defaultSeconds, GuardAction defaultAction) {
        this.id = id;
        this.unit = unit;
        this.defaultThreshold = defaultThreshold;
        this.defaultSeconds = defaultSeconds;
        this.defaultAction = defaultAction;
    }

    /** The check's word in parameter ids ({@code guard.<id>.seconds}), OSC and status lines. */
    public String id() {
        return id;
    }

    public String unit() {
        return unit;
    }

    public double defaultThreshold() {
        return defaultThreshold;
    }

    public double defaultSeconds() {
        return defaultSeconds;
    }

    public GuardAction defaultAction() {
        return defaultAction;
    }

    /** Whether the check has a threshold a performer may change (non-finite samples are bad at any count). */
    public boolean hasThreshold() {
        return this != NONFINITE;
    }
}
