package mrtbox.inference.kernel;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed set of threads that share one range of work: the range is cut into chunks that the caller and the
 * workers claim one at a time, and the call returns when every chunk is done. Built for the ~300 small
 * matrix-vector products of an MRT2 frame on a box whose cores are shared (the codec, other processes): with fixed
 * shares a worker that the scheduler has not run yet stalls the caller for a whole time slice; with claimed chunks
 * the caller simply does that worker's chunks itself, and a worker that arrives late finds nothing left and goes
 * back to waiting. A worker spins briefly on the next call before it parks, so back-to-back calls hand over in well
 * under a microsecond; it yields while it waits, so a thread sharing its core (the codec of a pipelined frame) is not
 * starved. One caller at a time (the generation thread); not reentrant.
 */
public final class KernelPool implements AutoCloseable {
    /** Work over the half-open range [from, to). */
    @FunctionalInterface
    public interface Range {
        void run(int from, int to);
    }

    /** How long a worker spins for the next call before it parks (the gap between two products of one step). */
    private static final long SPIN_NANOS = 200_000;
    /** Chunks per thread a call is cut into: enough to even out a late start, few enough to keep streams long. */
    private static final int CHUNKS_PER_THREAD = 4;

    private final Worker[] workers;
    /**
     * The call's generation (bits 32-63), its chunk count (16-31) and its next unclaimed chunk (0-15): one CAS claims
     * a chunk. The count travels in the same word so a worker never checks a claim against the next call's count
     * (the caller writes that before it publishes the next generation: a claim past the end would then succeed).
     */
    private final AtomicLong control = new AtomicLong();
    private final AtomicInteger done = new AtomicInteger();
    private volatile boolean closed;
    private volatile RuntimeException failure;
    // the call's parameters: written by the caller before the generation is published, read after it
    private Range task;
    private int n;
    private int chunk;
    private int chunks;
    private int generation;

    private KernelPool(int threads) {
        if (threads < 1 || threads > 1024) throw new IllegalArgumentException("threads must be 1..1024, got " + threads);
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
     * Runs {@code task} over [0, n) in chunks of a multiple of {@code grain} (the last takes the rest) and returns
     * when all are done. A chunk's exception is rethrown here.
     */
    public void run(int n, int grain, Range task) {
        if (workers.length == 0 || n <= grain) {
            task.run(0, n);
            return;
        }
        if (closed) throw new IllegalStateException("kernel pool is closed");
        int parts = threads() * CHUNKS_PER_THREAD;   // < 2^16 (at most 256 threads): fits the control word
        this.task = task;
        this.n = n;
        this.chunk = ((n + parts - 1) / parts + grain - 1) / grain * grain;
        this.chunks = (n + chunk - 1) / chunk;
        failure = null;
        done.set(0);
        int g = ++generation;
        control.set((long) g << 32 | (long) chunks << 16);   // publishes the fields above to a worker that reads it
        for (Worker w : workers) w.wake();
        try {
            work(g);
        } finally {
            while (done.get() != chunks) Thread.onSpinWait();
        }
        RuntimeException f = failure;
        if (f != null) throw f;
    }

    /** Claims and runs chunks of generation {@code g} until none is left; true if it ran at least one. */
    private boolean work(int g) {
        boolean ran = false;
        while (true) {
            long c = control.get();
            int index = (int) (c & 0xFFFF), count = (int) (c >>> 16 & 0xFFFF);
            if ((int) (c >>> 32) != g || index >= count) return ran;
            if (!control.compareAndSet(c, c + 1)) continue;
            // a claim of generation g succeeded, so the caller is still waiting for g: its fields are g's
            ran = true;
            int from = index * chunk;
            try {
                task.run(from, Math.min(n, from + chunk));
            } catch (RuntimeException e) {
                failure = e;
            } finally {
                done.incrementAndGet();
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Worker w : workers) LockSupport.unpark(w.thread);
    }

    private final class Worker implements Runnable {
        final Thread thread;
        volatile boolean parked;
        int seen;

        Worker(int index) {
            this.thread = new Thread(this, "kernel-" + index);
            thread.setDaemon(true);
        }

        void wake() {
            if (parked) LockSupport.unpark(thread);
        }

        private int published() {
            return (int) (control.get() >>> 32);
        }

        @Override
        public void run() {
            while (!closed) {
                long waitStart = System.nanoTime();
                int g;
                while ((g = published()) == seen && !closed) {
                    if (System.nanoTime() - waitStart < SPIN_NANOS) {
                        // yield, not a busy spin: a thread that shares this core (the codec decoding the previous
                        // frame) runs meanwhile, and the caller never waits for a worker that is not running
                        Thread.yield();
                    } else {
                        parked = true;
                        if (published() == seen && !closed) LockSupport.park(this);
                        parked = false;
                    }
                }
                if (closed) return;
                seen = g;
                work(g);
            }
        }
    }
}
