package mrtbox.control.gpio;

import java.util.Arrays;

/**
 * A repeating LED pattern: alternating on and off phases in milliseconds, starting with "on", or a steady level.
 * Pure: {@link #levelAt} and {@link #nextChangeAfter} take the time since the pattern started.
 */
final class BlinkPattern {
    private final boolean steady;
    private final boolean steadyLevel;
    private final long[] phasesNanos;
    private final long periodNanos;
    private final String text;

    private BlinkPattern(boolean steadyLevel, long[] phasesMs) {
        this.steady = phasesMs.length == 0;
        this.steadyLevel = steadyLevel;
        this.phasesNanos = new long[phasesMs.length];
        long period = 0;
        for (int i = 0; i < phasesMs.length; i++) {
            if (phasesMs[i] <= 0) throw new IllegalArgumentException("blink phases must be > 0 ms");
            phasesNanos[i] = phasesMs[i] * 1_000_000L;
            period += phasesNanos[i];
        }
        this.periodNanos = period;
        this.text = steady ? (steadyLevel ? "steady on" : "off") : describe(phasesMs);
    }

    static BlinkPattern steady(boolean on) {
        return new BlinkPattern(on, new long[0]);
    }

    /** Phases in ms: on, off, on, off, ... (an even count, so every period starts with "on"). */
    static BlinkPattern cycle(long... onOffMs) {
        if (onOffMs.length == 0 || onOffMs.length % 2 != 0) throw new IllegalArgumentException("a cycle needs on/off pairs");
        return new BlinkPattern(false, onOffMs.clone());
    }

    boolean levelAt(long elapsedNanos) {
        if (steady) return steadyLevel;
        long t = Math.floorMod(elapsedNanos, periodNanos);
        for (int i = 0; i < phasesNanos.length; i++) {
            if (t < phasesNanos[i]) return i % 2 == 0;
            t -= phasesNanos[i];
        }
        throw new AssertionError("unreachable: t is within one period");
    }

    /** The elapsed time (> {@code elapsedNanos}) at which the level next changes, or {@link Debouncer#NONE}. */
    long nextChangeAfter(long elapsedNanos) {
        if (steady) return Debouncer.NONE;
        long periodStart = elapsedNanos - Math.floorMod(elapsedNanos, periodNanos);
        long edge = periodStart;
        for (long phase : phasesNanos) {
            edge += phase;
            if (edge > elapsedNanos) return edge;
        }
        throw new AssertionError("unreachable: the last edge ends the period");
    }

    @Override
    public String toString() {
        return text;
    }

    private static String describe(long[] ms) {
        return Arrays.toString(ms).replace("[", "").replace("]", "").replace(", ", "/") + " ms on/off";
    }
}
