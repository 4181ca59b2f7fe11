package mrtbox.inference.engine;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The most recent step durations in a fixed ring: the generation thread records without allocating; any other
 * thread takes a {@link Summary} (that side copies and sorts, off the hot path).
 */
public final class StepTimes {
    private final AtomicLongArray nanos;
    private volatile long count;

    public StepTimes(int capacity) {
        if (capacity < 1) throw new IllegalArgumentException("capacity must be positive");
        nanos = new AtomicLongArray(capacity);
    }

    /** Generation thread only. */
    public void record(long stepNanos) {
        long n = count;
        nanos.lazySet((int) (n % nanos.length()), stepNanos);
        count = n + 1;
    }

    public long count() {
        return count;
    }

    /** Percentiles over the recent window (nearest-rank); all zeros before the first step. */
    public Summary summary() {
        long n = count;
        int size = (int) Math.min(n, nanos.length());
        if (size == 0) return Summary.EMPTY;
        long[] copy = new long[size];
        for (int i = 0; i < size; i++) copy[i] = nanos.get(i);
        Arrays.sort(copy);
        double sum = 0;
        for (long v : copy) sum += v;
        return new Summary(n, size, rank(copy, 0.5), rank(copy, 0.95), rank(copy, 0.99), copy[size - 1], sum / size);
    }

    private static long rank(long[] sorted, double q) {
        int i = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    /** Step durations in nanoseconds over the last {@code window} steps. */
    public record Summary(long totalSteps, int window, long median, long p95, long p99, long max, double mean) {
        public static final Summary EMPTY = new Summary(0, 0, 0, 0, 0, 0, 0);
    }
}
