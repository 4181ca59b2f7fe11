package mrtbox.inference.kernel;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed set of threads that split one range of work between them: the caller runs the first share itself and
 * waits for the others. Built for the ~300 small matrix-vector products of an MRT2 frame, where an executor's
 * submit/get costs a visible share of each product: a worker spins briefly on a volatile epoch before it parks, so
 * back-to-back calls hand over in well under a microsecond; a parked worker is unparked. One caller at a time (the
 * generation thread); not reentrant.
 */
public final class KernelPool implements AutoCloseable {
    /** Work over the half-open range [from, to). */
    @FunctionalInterface
    public interface Range {
        void run(int from, int to);
    }

    /** How long a worker spins for the next call before it parks (the gap between two products of one step). */
    private static final long SPIN_NANOS = 50_000;

    private final Worker[] workers;
    private final AtomicInteger pending = new AtomicInteger();
    private volatile boolean closed;
    private volatile RuntimeException failure;
    private Range task;
    private int n;
    private int grain;

    private KernelPool(int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        workers = new Worker[threads - 1];
        for (int i = 0; i < workers.length; i++) {
            workers[i] = new Worker(i + 1);
            workers[i].thread.start();
        }
    }

    /** A pool of {@code threads} (the caller counts as one: {@code threads - 1} workers are started). */
    public static KernelPool of(int threads) {
        return new KernelPool(threads);
    }

    public int threads() {
        return workers.length + 1;
    }

    /**
     * Runs {@code task} over [0, n) split into {@link #threads} contiguous shares, each a multiple of {@code grain}
     * (the last takes the rest), and returns when all are done. A share's exception is rethrown here.
     */
    public void run(int n, int grain, Range task) {
        if (workers.length == 0 || n <= grain) {
            task.run(0, n);
            return;
        }
        if (closed) throw new IllegalStateException("kernel pool is closed");
        this.task = task;
        this.n = n;
        this.grain = grain;
        failure = null;
        pending.set(workers.length);
        for (Worker w : workers) w.start();
        try {
            task.run(shareFrom(0), shareTo(0));
        } finally {
            while (pending.get() != 0) Thread.onSpinWait();
        }
        RuntimeException f = failure;
        if (f != null) throw f;
    }

    private int per() {
        int parts = threads();
        return ((n + parts - 1) / parts + grain - 1) / grain * grain;
    }

    private int shareFrom(int index) {
        return Math.min(n, index * per());
    }

    private int shareTo(int index) {
        return index == workers.length ? n : Math.min(n, (index + 1) * per());
    }

    @Override
    public void close() {
        closed = true;
        for (Worker w : workers) LockSupport.unpark(w.thread);
    }

    private final class Worker implements Runnable {
        final int index;
        final Thread thread;
        volatile long epoch;
        long seen;

        Worker(int index) {
            this.index = index;
            this.thread = new Thread(this, "kernel-" + index);
            thread.setDaemon(true);
        }

        void start() {
            epoch++;
            LockSupport.unpark(thread);
        }

        @Override
        public void run() {
            while (!closed) {
                long waitStart = System.nanoTime();
                while (epoch == seen && !closed) {
                    if (System.nanoTime() - waitStart < SPIN_NANOS) Thread.onSpinWait();
                    else LockSupport.park(this);
                }
                if (closed) return;
                seen = epoch;
                try {
                    int from = shareFrom(index), to = shareTo(index);
                    if (from < to) task.run(from, to);
                } catch (RuntimeException e) {
                    failure = e;
                } finally {
                    pending.decrementAndGet();
                }
            }
        }
    }
}
