package mrtbox.inference.engine;

/**
 * Predicts the next step's duration from recent ones, the way TCP predicts round trips: smoothed mean plus four
 * smoothed mean deviations (Jacobson/Karels), so a jittery model gets more headroom than a steady one. Until the
 * first step it assumes the step takes as long as the audio it makes. Generation thread only.
 */
final class StepTimeEstimator {
    private static final double GAIN = 1.0 / 8;
    private static final double DEVIATION_GAIN = 1.0 / 4;

    private double mean;
    private double deviation;
    private boolean seeded;
    private final long fallbackNanos;

    StepTimeEstimator(long fallbackNanos) {
        this.fallbackNanos = fallbackNanos;
    }

    void record(long nanos) {
        if (!seeded) {
            mean = nanos;
            deviation = nanos / 2.0;
            seeded = true;
            return;
        }
        double error = nanos - mean;
        mean += GAIN * error;
        deviation += DEVIATION_GAIN * (Math.abs(error) - deviation);
    }

    long predictedNanos() {
        return seeded ? (long) (mean + 4 * deviation) : fallbackNanos;
    }
}
