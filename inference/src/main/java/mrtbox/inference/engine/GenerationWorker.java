package mrtbox.inference.engine;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The generation thread's loop: handle resets, wait for the pacer, step, publish. One worker runs at a time.
 *
 * <p>The watchdog may abandon a worker whose step hangs: it flips the state from IN_STEP to ABANDONED with a CAS.
 * The worker flips IN_STEP back to OUTSIDE with a CAS after each step and writes to the ring only when that
 * succeeded, so an abandoned worker can never write again (the ring keeps its single producer), even if its
 * step returns later. The engine starts the replacement worker only after the abandoned thread has ended, so two
 * threads are never inside one model or its step buffer.
 */
final class GenerationWorker implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(GenerationWorker.class);
    static final int OUTSIDE = 0;
    static final int IN_STEP = 1;
    static final int ABANDONED = 2;
    private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    private static final long MAX_PACING_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final Engine engine;
    private final Generator generator;
    private final Pacer pacer;
    private final boolean resetFirst;
    private final AtomicInteger state = new AtomicInteger(OUTSIDE);
    private volatile long stepStartedNanos;
    private long failingSince = -1;
    private volatile Thread thread;

    GenerationWorker(Engine engine, Generator generator, Pacer pacer, boolean resetFirst) {
        this.engine = engine;
        this.generator = generator;
        this.pacer = pacer;
        this.resetFirst = resetFirst;
    }

    Thread start(int number) {
        Thread t = new Thread(this, "mrtbox-generation-" + number);
        t.setDaemon(true);
        t.setPriority(Thread.MAX_PRIORITY);
        thread = t;
        t.start();
        return t;
    }

    Thread thread() {
        return thread;
    }

    boolean inStep() {
        return state.get() == IN_STEP;
    }

    long stepStartedNanos() {
        return stepStartedNanos;
    }

    boolean abandoned() {
        return state.get() == ABANDONED;
    }

    /** The watchdog's side: succeeds only while a step is running, and then the worker never writes again. */
    boolean abandon() {
        return state.compareAndSet(IN_STEP, ABANDONED);
    }

    @Override
    public void run() {
        try {
            if (resetFirst) generator.resetNow();
            loop();
        } catch (RuntimeException e) {
            log.error("generation thread failed; the watchdog will restart it", e);
            engine.workerDied(this);
        }
    }

    private void loop() {
        int channels = generator.info().channels();
        int stepFloats = generator.stepFloats();
        FloatRing ring = engine.ring();
        Transport transport = engine.transport();
        NanoClock clock = engine.clock();
        while (!engine.closing() && state.get() != ABANDONED) {
            generator.applyPendingReset();
            try {
                generator.applyPendingSwap();
            } catch (RuntimeException e) {
                log.warn("state swap failed; playing on: {}", e.toString());
                engine.noteError("state swap failed: " + e.getMessage());
            }
            if (!transport.playing()) {
                LockSupport.parkNanos(IDLE_PARK_NANOS);
                continue;
            }
            long wait = generator.flushPending() || generator.swapPending() ? 0 : pacer.nanosUntilNextStep(ring.buffered() / channels);
            if (wait > 0) {
                LockSupport.parkNanos(Math.min(wait, MAX_PACING_PARK_NANOS));
                continue;
            }
            if (ring.free() < stepFloats) {
                LockSupport.parkNanos(IDLE_PARK_NANOS);
                continue;
            }
            if (!state.compareAndSet(OUTSIDE, IN_STEP)) return;
            long start = clock.nanoTime();
            stepStartedNanos = start;
            boolean ok = generator.step();
            long took = clock.nanoTime() - start;
            if (!state.compareAndSet(IN_STEP, OUTSIDE)) {
                log.warn("abandoned generation step returned after {} ms; its audio is discarded", took / 1_000_000);
                return;
            }
            if (ok) {
                failingSince = -1;
                engine.stepTimes().record(took);
                engine.stepHistogramRecorder().record(took);
                pacer.stepCompleted(took);
                if (!generator.publish()) engine.countDroppedStep();
            } else {
                stepFailed(clock, took);
            }
        }
    }

    private void stepFailed(NanoClock clock, long took) {
        long dropped = engine.countDroppedStep();
        RuntimeException e = generator.lastFailure();
        if (dropped <= 3 || dropped % 100 == 0) log.warn("model step failed (dropped steps: {}): {}", dropped, e.toString(), e);
        engine.noteError("model step failed: " + e);
        long now = clock.nanoTime();
        if (failingSince < 0) failingSince = now;
        if (now - failingSince > engine.watchdog().limitNanos(0)) {
            log.warn("model steps have failed for {} s: resetting the model", (now - failingSince) / 1_000_000_000L);
            engine.countStall();
            failingSince = now;
            try {
                generator.resetNow();
            } catch (RuntimeException resetFailure) {
                log.error("model reset failed", resetFailure);
            }
        }
        // do not spin on a broken model: wait about as long as the audio a step would have made
        LockSupport.parkNanos(Math.max(took, Math.min(IDLE_PARK_NANOS * 4,
                (long) (generator.info().secondsPerStep() * 1e9))));
    }
}
