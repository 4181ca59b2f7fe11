package mrtbox.appliance.catalog;

import java.util.concurrent.locks.LockSupport;
import mrtbox.inference.model.ModelInfo;
import mrtbox.inference.model.StepControls;
import mrtbox.inference.model.StreamingModel;

/**
 * Test scope only, never shipped: a deterministic stand-in for a model. Each output sample is a pure function of
 * (seed, sample index, channel) — two seeded sines and seeded noise, the engine tests' formula — so tests can check captured audio sample
 * by sample. It can take a fixed time per step to act as a model of a chosen real-time factor. Style guidance
 * scales the level ({@code 0.5 + guidance / 20}), so tests can hear controls arrive.
 */
public final class TestToneModel implements StreamingModel {
    public static final float AMPLITUDE = 0.5f;
    private final ModelInfo info;
    private final long stepNanos;
    private long seed;
    private long index;

    public TestToneModel(ModelInfo.Shape shape, int samplesPerStep, long stepNanos) {
        this.info = new ModelInfo("test-tone", shape, 48000, 2, samplesPerStep, false);
        this.stepNanos = stepNanos;
    }

    @Override
    public ModelInfo info() {
        return info;
    }

    @Override
    public void reset(long seed) {
        this.seed = seed;
        this.index = 0;
    }

    @Override
    public void step(StepControls controls, float[] out) {
        long deadline = System.nanoTime() + stepNanos;
        float level = controls == null ? 1f : 0.5f + controls.guidance() / 20f;
        for (int f = 0; f < info.samplesPerStep(); f++) {
            long i = index++;
            out[2 * f] = level * sample(seed, i, 0);
            out[2 * f + 1] = level * sample(seed, i, 1);
        }
        while (System.nanoTime() < deadline) LockSupport.parkNanos(Math.max(1000, deadline - System.nanoTime()));
    }

    /** The tone at full level: the engine tests' formula (inference's test model), at {@link #AMPLITUDE}. */
    public static float sample(long seed, long index, int channel) {
        return mrtbox.inference.engine.TestToneModel.sample(seed, index, channel, AMPLITUDE);
    }

    @Override
    public void close() {}
}
