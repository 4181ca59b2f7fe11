package mrtbox.appliance.instrument;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import mrtbox.control.param.ChangeSource;
import mrtbox.control.param.ParameterRegistry;
import mrtbox.control.param.StandardParams;
import mrtbox.inference.codec.ResidualQuantizer;
import mrtbox.inference.engine.AudioSource;
import mrtbox.inference.engine.Engine;
import mrtbox.inference.engine.EngineSettings;
import mrtbox.inference.model.ModelInfo;
import mrtbox.inference.model.StepControls;
import mrtbox.inference.model.StreamingModel;
import mrtbox.inference.style.EmbeddingCache;
import mrtbox.inference.style.StyleBlend;
import mrtbox.inference.style.StyleEmbedder;
import mrtbox.inference.style.StyleMixer;
import mrtbox.inference.style.TinyStyleEmbedder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A prompt change on a chunk model (MRT v1) is heard in the chunk that follows it: the real prompt path (registry,
 * controls assembler, the live pipeline's blender, style mixer worker with an embedder that takes 10 ms a text like a
 * small MusicCoCa) into the engine, with prompt texts changed at random moments of a chunk. Counts the
 * changes whose next chunk still had the old style: must be none.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ChunkPromptLatencyTest {
    private static final ChangeSource OSC = ChangeSource.of(ChangeSource.Kind.OSC, "test");
    private static final int CHANGES = 20;

    /** A chunk model that only takes time: 0.4 s of audio per step made in 5 ms. */
    private static final class SlowChunkModel implements StreamingModel {
        private final ModelInfo info = new ModelInfo("chunk-recorder", ModelInfo.Shape.CHUNK, 48000, 2, 19200, false);
        @Override public ModelInfo info() { return info; }
        @Override public void reset(long seed) {}
        @Override public void step(StepControls controls, float[] out) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
            Arrays.fill(out, 0.1f);
        }
        @Override public void close() {}
    }

    /** The tiny embedder, 10 ms per text. */
    private static final class SlowEmbedder implements StyleEmbedder {
        private final TinyStyleEmbedder tiny = new TinyStyleEmbedder(1, 64, 16000, 160000);
        @Override public String modelId() { return tiny.modelId(); }
        @Override public int dim() { return tiny.dim(); }
        @Override public int clipSampleRate() { return tiny.clipSampleRate(); }
        @Override public int clipSamples() { return tiny.clipSamples(); }
        @Override public float[] embedText(String text) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
            return tiny.embedText(text);
        }
        @Override public float[] embedAudioClip(float[] clip) { return tiny.embedAudioClip(clip); }
        @Override public void close() {}
    }

    private record Step(long startedNanos, int[] tokens) {}

    @Test
    void everyPromptChangeIsHeardInTheNextChunk() throws Exception {
        ParameterRegistry registry = new ParameterRegistry();
        registry.registerAll(StandardParams.all());
        registry.set(StandardParams.promptText(1), "word 0", OSC);
        registry.set(StandardParams.promptWeight(1), 1.0, OSC);
        SlowChunkModel model = new SlowChunkModel();
        List<Step> steps = new ArrayList<>();
        try (MixerStyleBlender mixer = mixer()) {
            ControlsAssembler assembler = new ControlsAssembler(registry, LivePipeline.blenderFor(model.info(), mixer),
                    new PromptResolver(), 0, model.info().secondsPerStep(), ModelInputs.NONE);
            try (Engine engine = new Engine(model, () -> {
                long started = System.nanoTime();
                StepControls c = assembler.get();
                synchronized (steps) { steps.add(new Step(started, c.styleTokens())); }
                return c;
            }, EngineSettings.builder().chunkMarginMs(50).build());
                 Listener out = new Listener(engine.output())) {
                engine.start();
                engine.play();
                Thread.sleep(500);
                Random random = new Random(3);
                long[] writing = new long[CHANGES];
                long[] changedAt = new long[CHANGES];
                for (int i = 0; i < CHANGES; i++) {
                    writing[i] = System.nanoTime();
                    registry.set(StandardParams.promptText(1), "word " + (i + 1), OSC);
                    changedAt[i] = System.nanoTime();
                    Thread.sleep(450 + random.nextInt(200));   // at random moments of the next chunk
                }
                Thread.sleep(300);
                List<Step> seen;
                synchronized (steps) { seen = List.copyOf(steps); }
                int missed = 0;
                List<String> misses = new ArrayList<>();
                for (int i = 0; i < CHANGES; i++) {
                    int next = firstStepAfter(seen, changedAt[i]);
                    int before = firstStepAfter(seen, writing[i]) - 1;
                    assertTrue(before >= 0 && next > 0, "change " + i + " has chunks before and after it");
                    int[] expected = styleOf("word " + (i + 1));
                    assertFalse(Arrays.equals(seen.get(before).tokens(), expected), "change " + i + " changes the style tokens");
                    if (!Arrays.equals(seen.get(next).tokens(), expected)) {
                        missed++;
                        misses.add(String.valueOf(i));
                    }
                }
                assertEquals(0, missed, "changes that missed the next chunk: " + misses);
            }
        }
    }

    /** The style tokens of one prompt at weight 1, as an offline render (which waits for every style) computes them. */
    private static int[] styleOf(String text) throws Exception {
        ParameterRegistry registry = new ParameterRegistry();
        registry.registerAll(StandardParams.all());
        registry.set(StandardParams.promptText(1), text, OSC);
        registry.set(StandardParams.promptWeight(1), 1.0, OSC);
        try (MixerStyleBlender mixer = mixer()) {
            return new ControlsAssembler(registry, mixer.waitingForEachStyle(), new PromptResolver(), 0, 0.4, ModelInputs.NONE)
                    .get().styleTokens();
        }
    }

    private static MixerStyleBlender mixer() {
        return new MixerStyleBlender(new StyleMixer(new SlowEmbedder(), ResidualQuantizer.random(12, 1024, 64, 1), 12,
                StyleBlend.ZeroWeights.FIRST_PROMPT, EmbeddingCache.inMemory(), null));
    }

    private static int firstStepAfter(List<Step> steps, long nanos) {
        for (int i = 0; i < steps.size(); i++) if (steps.get(i).startedNanos() > nanos) return i;
        return -1;
    }

    /** Pulls the engine's output at the sample rate, as an audio thread does. */
    private static final class Listener implements AutoCloseable {
        private volatile boolean running = true;
        private final Thread thread;

        Listener(AudioSource source) {
            thread = new Thread(() -> {
                float[] block = new float[256 * source.channels()];
                long period = 256 * 1_000_000_000L / source.sampleRate();
                long next = System.nanoTime();
                while (running) {
                    source.render(block, 256);
                    next += period;
                    long wait = next - System.nanoTime();
                    if (wait > 0) LockSupport.parkNanos(wait);
                }
            }, "test-audio");
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join(2000);
        }
    }
}
