package mrtbox.inference.engine;

import java.util.Objects;
import java.util.function.Supplier;
import mrtbox.inference.model.ModelInfo;
import mrtbox.inference.model.StepControls;
import mrtbox.inference.model.StreamingModel;

/**
 * Renders without a clock, as fast as the model runs: the same generator and output chain as the live engine
 * (fades, volume, limiter), driven from one thread, so a render is what the box would have played. Deterministic
 * for a deterministic model, seed, controls and step hook: the step schedule depends only on sample counts.
 */
public final class OfflineRenderer {
    /** Called on the rendering thread before each step with the step's start time (seconds of audio). */
    @FunctionalInterface
    public interface StepHook {
        void beforeStep(long stepIndex, double seconds);
    }

    /** Receives rendered audio; the array is reused after the call returns. */
    @FunctionalInterface
    public interface AudioConsumer {
        void accept(float[] interleaved, int frames) throws java.io.IOException;
    }

    private final ModelInfo info;
    private final Transport transport = new Transport(false);
    private final FloatRing ring;
    private final OutputChain chain;
    private final Generator generator;
    private final int resumeFrames;
    private final int blockFrames;
    private final int fadeFrames;
    private StepHook hook = (i, t) -> {};
    private long steps;
    private boolean latencySkipped;

    public OfflineRenderer(StreamingModel model, Supplier<StepControls> controls, EngineSettings settings, long seed) {
        Objects.requireNonNull(model, "model");
        this.info = model.info();
        this.blockFrames = 1024;
        this.fadeFrames = EngineSettings.frames(settings.fadeMs(), info.sampleRate());
        this.resumeFrames = info.samplesPerStep();
        long ringFrames = 2L * info.samplesPerStep() + blockFrames + fadeFrames;
        this.ring = new FloatRing(FloatRing.capacityFor(ringFrames * info.channels()));
        this.chain = Engine.buildChain(info, settings, ring, transport, resumeFrames);
        this.generator = new Generator(model, ring, transport, controls);
        transport.setSeed(seed);
        generator.resetNow();
        transport.setPlaying(true);
    }

    public OfflineRenderer onStep(StepHook hook) {
        this.hook = Objects.requireNonNull(hook);
        return this;
    }

    public ModelInfo modelInfo() {
        return info;
    }

    /** Output volume from now on (smoothed as live). */
    public void setVolumeDb(double db) {
        chain.volume().setVolumeDb(db);
    }

    public void setMuted(boolean muted) {
        chain.volume().setMuted(muted);
    }

    /** Resets the model before the next step; the output fades from the old audio to the new as live. */
    public void reset(long seed) {
        transport.requestReset(seed);
    }

    /** Renders {@code frames} frames into {@code out}, stepping the model whenever the buffer needs audio. */
    public void render(long frames, AudioConsumer out) throws java.io.IOException {
        int ch = info.channels();
        float[] block = new float[blockFrames * ch];
        // the limiter delays the output by its look-ahead: render and drop that much first, so that a file frame
        // lines up with the model's stream (an event at 2.0 s is at 2.0 s in the file)
        long skip = latencySkipped ? 0 : chain.latencyFrames();
        latencySkipped = true;
        long done = -skip;
        while (done < frames) {
            int n = (int) Math.min(blockFrames, done < 0 ? -done : frames - done);
            // keep enough buffered that the playout never starves: its resume level plus a block plus its guard (a fade)
            while (ring.buffered() / ch < resumeFrames + blockFrames + fadeFrames || generator.flushPending()) {
                if (ring.free() < generator.stepFloats()) break;
                hook.beforeStep(steps, steps * info.secondsPerStep());
                generator.applyPendingReset();
                if (!generator.step()) throw generator.lastFailure();
                steps++;
                generator.publish();
            }
            chain.render(block, n);
            if (done >= 0) out.accept(block, n);
            done += n;
        }
    }

    public long stepsRun() {
        return steps;
    }

    /** Underruns in the render: always 0 unless the model writes less than it claims (a model bug). */
    public long underruns() {
        return chain.underruns();
    }
}
