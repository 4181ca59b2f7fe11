package mrtbox.inference.engine;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import mrtbox.inference.model.ModelInfo;
import mrtbox.inference.model.StepControls;
import mrtbox.inference.model.StreamingModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Watchdog recovery with a model that is not thread-safe (like the real ones): a step hangs past the stall limit and
 * ignores interrupts (as a step stuck in native code does), then returns. A second thread must never enter the model,
 * and the audio after the recovery must be the reset model's own stream, sample for sample.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StallRecoveryTest {
    private static final long MS = 1_000_000;
    private static final long SEED = 7;
    private static final float AMPLITUDE = 0.5f;
    private static final StepControls PLAIN = new StepControls(null, null, 1f, 40, 0f, null, Map.of());

    /** No locks at all: its sample counter is plain state, as a real model's caches and buffers are. */
    static final class UnsynchronizedToneModel implements StreamingModel {
        private final ModelInfo info = new ModelInfo("unsynchronized-tone", ModelInfo.Shape.FRAME, 48000, 2, 1920, false);
        final AtomicInteger inside = new AtomicInteger();
        final AtomicInteger overlaps = new AtomicInteger();
        final AtomicInteger steps = new AtomicInteger();
        final AtomicInteger resets = new AtomicInteger();
        volatile long hungStepReturnedNanos;
        private final int hangOnStep;
        private final long hangNanos;
        private long seed;
        private long sampleIndex;

        UnsynchronizedToneModel(int hangOnStep, long hangNanos) {
            this.hangOnStep = hangOnStep;
            this.hangNanos = hangNanos;
        }

        @Override public ModelInfo info() { return info; }

        @Override public void reset(long seed) {
            enter();
            this.seed = seed;
            this.sampleIndex = 0;
            resets.incrementAndGet();
            inside.decrementAndGet();
        }

        @Override public void step(StepControls controls, float[] out) {
            enter();
            int n = steps.getAndIncrement();
            long start = System.nanoTime();
            long stepNanos = n == hangOnStep ? hangNanos : 3 * MS;
            for (int f = 0; f < info.samplesPerStep(); f++) {
                long i = sampleIndex++;
                out[2 * f] = TestToneModel.sample(seed, i, 0, AMPLITUDE);
                out[2 * f + 1] = TestToneModel.sample(seed, i, 1, AMPLITUDE);
                if (f == info.samplesPerStep() / 2) {
                    // interrupts do not end the wait: a step stuck in native code does not notice them either
                    while (System.nanoTime() - start < stepNanos) LockSupport.parkNanos(MS);
                }
            }
            if (n == hangOnStep) hungStepReturnedNanos = System.nanoTime();
            inside.decrementAndGet();
        }

        private void enter() {
            if (inside.incrementAndGet() > 1) overlaps.incrementAndGet();
        }

        @Override public void close() {}
    }

    @Test
    void recoveryWaitsForTheHungStepSoNoSecondThreadEntersTheModelAndTheAudioIsTheResetStream() throws Exception {
        UnsynchronizedToneModel model = new UnsynchronizedToneModel(30, 1500 * MS);
        EngineSettings settings = EngineSettings.builder().stallSeconds(0.3).monitorIntervalMs(20).build();
        try (Engine engine = new Engine(model, () -> PLAIN, settings);
             ClockedListener out = new ClockedListener(engine.output(), 10)) {
            engine.setSeed(SEED);
            engine.start();
            engine.play();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(8);
            while (engine.metrics().stalls() == 0 && System.nanoTime() < deadline) Thread.sleep(20);
            assertEquals(1, engine.metrics().stalls(), "the hung step was detected");
            int stepsAtAbandon = model.steps.get();
            while (model.hungStepReturnedNanos == 0 && System.nanoTime() < deadline) Thread.sleep(10);
            assertTrue(model.hungStepReturnedNanos > 0, "the hung step returned");
            int framesAtReturn = out.frames();
            Thread.sleep(1200);
            assertEquals(0, model.overlaps.get(), "a second thread entered the model");
            assertTrue(model.resets.get() >= 2, "the model was reset before generation restarted");
            assertTrue(model.steps.get() > stepsAtAbandon + 20, "generation goes on after the recovery");
            EngineMetrics m = engine.metrics();
            assertTrue(m.audible(), "the output plays again");
            assertEquals(1, m.stalls());
            assertEquals(0, m.droppedSteps(), "no step failed");

            // the audio from the hung step's return on (after the replacement's fade-in) is the reset stream
            float[] s = out.samples();
            int from = framesAtReturn + 48000 / 4;
            int frames = s.length / 2 - from;
            assertTrue(frames > 24000, "half a second to check, have " + frames);
            long index = findIndex(s, from);
            assertTrue(index >= 0, "the audio after recovery is not the model's stream");
            for (int f = 0; f < frames; f++) {
                long i = index + f;
                assertEquals(TestToneModel.sample(SEED, i, 0, AMPLITUDE), s[2 * (from + f)], 1e-4, "left at frame " + f);
                assertEquals(TestToneModel.sample(SEED, i, 1, AMPLITUDE), s[2 * (from + f) + 1], 1e-4, "right at frame " + f);
            }
        }
    }

    /** The model's sample index that the captured audio at {@code frame} is, or -1. */
    private static long findIndex(float[] s, int frame) {
        for (long i = 0; i < 48000L * 10; i++) {
            boolean match = true;
            for (int k = 0; k < 16 && match; k++) {
                match = Math.abs(TestToneModel.sample(SEED, i + k, 0, AMPLITUDE) - s[2 * (frame + k)]) < 1e-4;
            }
            if (match) return i;
        }
        return -1;
    }
}
