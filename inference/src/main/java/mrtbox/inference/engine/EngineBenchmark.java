package mrtbox.inference.engine;

import java.util.Map;
import java.util.function.Supplier;
import mrtbox.inference.model.ModelInfo;
import mrtbox.inference.model.StepControls;
import mrtbox.inference.model.StreamingModel;

/**
 * Measures what the engine itself costs per model step, without threads or a clock: reading the controls,
 * publishing the step into the ring, and the audio-side chain (fades, volume, limiter, metering tap) over the
 * step's frames in 256-frame blocks. The model's own time is measured separately, so with a real model the
 * report shows what share of a step is the model. Allocation-free in the measured loop.
 */
public final class EngineBenchmark {
    private static final int BLOCK = 256;

    /**
     * @param shape          what was measured ("frame 40 ms", a model name)
     * @param steps          measured steps (after warm-up)
     * @param overheadMedianMicros engine overhead per step, median
     * @param overheadP99Micros    engine overhead per step, 99th percentile
     * @param modelMedianMicros    the model's step, median
     * @param modelP99Micros       the model's step, 99th percentile
     * @param secondsPerStep       audio per step
     */
    public record Result(String shape, int steps, double overheadMedianMicros, double overheadP99Micros,
                         double modelMedianMicros, double modelP99Micros, double secondsPerStep) {
        /** Audio seconds per second of model + engine time, from the medians. */
        public double realTimeFactor() {
            return secondsPerStep * 1e6 / (overheadMedianMicros + modelMedianMicros);
        }
    }

    private EngineBenchmark() {}

    /** Runs {@code warmup + steps} steps of {@code model} through the engine's paths and times them. */
    public static Result run(String label, StreamingModel model, Supplier<StepControls> controls,
                             EngineSettings settings, int warmup, int steps) {
        ModelInfo info = model.info();
        Transport transport = new Transport(true);
        int stepFloats = info.samplesPerStep() * info.channels();
        FloatRing ring = new FloatRing(FloatRing.capacityFor(3L * stepFloats + 4096L * info.channels()));
        OutputChain chain = Engine.buildChain(info, settings, ring, transport, 1);
        Generator generator = new Generator(model, ring, transport, controls);
        transport.setPlaying(true);
        generator.resetNow();
        float[] block = new float[BLOCK * info.channels()];
        float[] drain = new float[8192];
        FloatRing tap = chain.tap();
        StepTimes overhead = new StepTimes(steps);
        StepTimes modelTimes = new StepTimes(steps);
        long owed = 0;   // frames the output still has to play from published steps
        for (int i = 0; i < warmup + steps; i++) {
            long t0 = System.nanoTime();
            StepControls c = controls.get();
            long t1 = System.nanoTime();
            model.step(c, generator.stepBuffer());
            long t2 = System.nanoTime();
            generator.publish();
            owed += info.samplesPerStep();
            // the playout keeps a guard unread, so leave that much owed: the next step tops it up
            while (owed > BLOCK + 2 * EngineSettings.frames(settings.fadeMs(), info.sampleRate())) {
                chain.render(block, BLOCK);
                owed -= BLOCK;
            }
            long t3 = System.nanoTime();
            while (tap.read(drain, 0, drain.length) > 0) { /* the metering thread's share is off the step path */ }
            if (i >= warmup) {
                overhead.record((t1 - t0) + (t3 - t2));
                modelTimes.record(t2 - t1);
            }
        }
        StepTimes.Summary o = overhead.summary();
        StepTimes.Summary m = modelTimes.summary();
        return new Result(label, steps, o.median() / 1e3, o.p99() / 1e3, m.median() / 1e3, m.p99() / 1e3,
                info.secondsPerStep());
    }

    /** The engine's overhead for a model shape, with a trivial model (a table lookup per sample). */
    public static Result trivial(ModelInfo.Shape shape, int warmup, int steps) {
        int samples = shape == ModelInfo.Shape.FRAME ? 1920 : 96000;
        String label = shape == ModelInfo.Shape.FRAME ? "frame 40 ms" : "chunk 2 s";
        StepControls constant = new StepControls(null, null, 1.1f, 40, 5f, null, Map.of());
        try (TrivialModel model = new TrivialModel(shape, samples)) {
            return run(label, model, () -> constant, EngineSettings.DEFAULTS, warmup, steps);
        }
    }

    /** A benchmark fixture, not a music model: a 441 Hz table tone at -12 dBFS. Never offered in the catalog. */
    private static final class TrivialModel implements StreamingModel {
        private final ModelInfo info;
        private final float[] table = new float[48000 / 441 * 441];
        private int phase;

        TrivialModel(ModelInfo.Shape shape, int samplesPerStep) {
            info = new ModelInfo("bench-trivial", shape, 48000, 2, samplesPerStep, false);
            for (int i = 0; i < table.length; i++) table[i] = (float) (0.25 * Math.sin(2 * Math.PI * 441 * i / 48000.0));
        }

        @Override public ModelInfo info() { return info; }
        @Override public void reset(long seed) { phase = 0; }

        @Override
        public void step(StepControls controls, float[] out) {
            for (int f = 0; f < info.samplesPerStep(); f++) {
                float v = table[phase];
                phase = phase + 1 == table.length ? 0 : phase + 1;
                out[2 * f] = v;
                out[2 * f + 1] = v;
            }
        }

        @Override public void close() {}
    }
}
