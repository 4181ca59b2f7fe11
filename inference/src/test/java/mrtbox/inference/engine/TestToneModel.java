package mrtbox.inference.engine;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import mrtbox.inference.model.ModelInfo;
import mrtbox.inference.model.StepControls;
import mrtbox.inference.model.StreamingModel;

/**
 * Test-scope only (never shipped as a model): a deterministic streaming "model" whose output is a continuous
 * sum of two sines with seeded frequencies and a seeded noise floor, so each sample is a known function of
 * (seed, sample index). It can take a set time per step (to simulate a real-time factor) and hang on a chosen
 * step (to exercise the watchdog). The appliance's tests reuse its {@link #sample} formula.
 */
public final class TestToneModel implements StreamingModel {
    private final ModelInfo info;
    private final long stepNanos;
    private final float amplitude;
    private volatile int hangOnStep = -1;
    private volatile int slowSteps;
    private volatile long slowNanos;
    private final CountDownLatch hangRelease = new CountDownLatch(1);
    final AtomicInteger steps = new AtomicInteger();
    final AtomicInteger resets = new AtomicInteger();
    private long seed;
    private long sampleIndex;

    TestToneModel(ModelInfo.Shape shape, int samplesPerStep, long stepNanos, float amplitude) {
        this.info = new ModelInfo("test-tone", shape, 48000, 2, samplesPerStep, false);
        this.stepNanos = stepNanos;
        this.amplitude = amplitude;
    }

    static TestToneModel frames(long stepNanos) {
        return new TestToneModel(ModelInfo.Shape.FRAME, 1920, stepNanos, 0.5f);
    }

    static TestToneModel chunks(int samplesPerStep, long stepNanos) {
        return new TestToneModel(ModelInfo.Shape.CHUNK, samplesPerStep, stepNanos, 0.5f);
    }

    /** The next time step number {@code n} (counted from 0 over the model's life) runs, it blocks until released. */
    void hangOnStep(int n) {
        hangOnStep = n;
    }

    /** The first {@code count} steps take {@code nanos} each (a warm-up or a prefill), the rest the usual time. */
    void slowFirstSteps(int count, long nanos) {
        slowSteps = count;
        slowNanos = nanos;
    }

    void releaseHang() {
        hangRelease.countDown();
    }

    @Override
    public ModelInfo info() {
        return info;
    }

    @Override
    public synchronized void reset(long seed) {
        this.seed = seed;
        this.sampleIndex = 0;
        resets.incrementAndGet();
    }

    @Override
    public void step(StepControls controls, float[] out) {
        int n = steps.getAndIncrement();
        if (n == hangOnStep) {
            try {
                hangRelease.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        long deadline = System.nanoTime() + (n < slowSteps ? slowNanos : stepNanos);
        synchronized (this) {
            float gain = controls == null ? 1f : (float) controls.extra("gain", 1.0);
            for (int f = 0; f < info.samplesPerStep(); f++) {
                long i = sampleIndex++;
                out[2 * f] = gain * sample(seed, i, 0, amplitude);
                out[2 * f + 1] = gain * sample(seed, i, 1, amplitude);
            }
        }
        while (System.nanoTime() < deadline) LockSupport.parkNanos(Math.max(1000, deadline - System.nanoTime()));
    }

    /** The model's output, as a pure function: what tests compare captured audio against. */
    public static float sample(long seed, long index, int channel, float amplitude) {
        double f1 = 110 + (seed % 7) * 20 + channel * 3;
        double f2 = 440 + (seed % 5) * 30;
        double t = index / 48000.0;
        long h = (index * 0x9E3779B97F4A7C15L) ^ (seed * 0xBF58476D1CE4E5B9L) ^ channel;
        h ^= h >>> 31;
        h *= 0x94D049BB133111EBL;
        h ^= h >>> 29;
        double noise = ((h >>> 40) / (double) (1L << 24) - 0.5) * 0.02;
        return (float) (amplitude * (0.7 * Math.sin(2 * Math.PI * f1 * t) + 0.3 * Math.sin(2 * Math.PI * f2 * t)) + noise);
    }

    @Override
    public void close() {}
}
