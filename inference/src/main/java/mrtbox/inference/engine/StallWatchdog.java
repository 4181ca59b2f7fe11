package mrtbox.inference.engine;

/**
 * Decides when a model step has hung: it has run longer than the configured stall time, and longer than four
 * times the slowest recent step (so a slow but working chunk model is never taken for a hung one).
 */
final class StallWatchdog {
    private final long stallNanos;

    StallWatchdog(double stallSeconds) {
        this.stallNanos = (long) (stallSeconds * 1e9);
    }

    long limitNanos(long slowestRecentStepNanos) {
        return Math.max(stallNanos, 4 * slowestRecentStepNanos);
    }

    boolean stalled(long now, long stepStartedNanos, long slowestRecentStepNanos) {
        return now - stepStartedNanos > limitNanos(slowestRecentStepNanos);
    }
}
