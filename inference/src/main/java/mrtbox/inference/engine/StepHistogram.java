package mrtbox.inference.engine;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * How long model steps took since start, counted in fixed buckets (a Prometheus-style histogram): the generation
 * thread records without allocating or locking, any other thread reads a {@link Snapshot}. The buckets span MRT2's
 * 40 ms frames and MRT v1's 2 s chunks.
 */
public final class StepHistogram {
    /** Upper bounds of the buckets, seconds; one more bucket holds everything slower. */
    private static final double[] BOUNDS_SECONDS = {0.005, 0.01, 0.02, 0.03, 0.04, 0.06, 0.1, 0.25, 0.5, 1, 1.5, 2, 3, 5, 10};

    private final long[] boundsNanos = new long[BOUNDS_SECONDS.length];
    private final AtomicLongArray counts = new AtomicLongArray(BOUNDS_SECONDS.length + 1);
    private final AtomicLong sumNanos = new AtomicLong();

    public StepHistogram() {
        for (int i = 0; i < boundsNanos.length; i++) boundsNanos[i] = Math.round(BOUNDS_SECONDS[i] * 1e9);
    }

    /** Generation thread: one completed step. */
    public void record(long stepNanos) {
        int i = 0;
        while (i < boundsNanos.length && stepNanos > boundsNanos[i]) i++;
        counts.incrementAndGet(i);
        sumNanos.addAndGet(stepNanos);
    }

    public Snapshot snapshot() {
        long[] c = new long[counts.length()];
        for (int i = 0; i < c.length; i++) c[i] = counts.get(i);
        return new Snapshot(BOUNDS_SECONDS.clone(), c, sumNanos.get() / 1e9);
    }

    /**
     * @param upperBoundsSeconds bucket bounds (the last bucket, beyond them, is unbounded)
     * @param counts             steps per bucket (not cumulative), one more than the bounds
     * @param sumSeconds         total time of all steps
     */
    public record Snapshot(double[] upperBoundsSeconds, long[] counts, double sumSeconds) {
        public Snapshot {
            if (counts.length != upperBoundsSeconds.length + 1) throw new IllegalArgumentException("one count per bucket plus the overflow");
            upperBoundsSeconds = upperBoundsSeconds.clone();
            counts = counts.clone();
        }

        public long total() {
            long n = 0;
            for (long c : counts) n += c;
            return n;
        }

        @Override public double[] upperBoundsSeconds() { return upperBoundsSeconds.clone(); }
        @Override public long[] counts() { return counts.clone(); }
    }
}
