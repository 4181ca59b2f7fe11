package mrtbox.appliance.audio;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Map.Entry;
import mrtbox.appliance.catalog.TestToneModel;
import mrtbox.inference.engine.Engine;
import mrtbox.inference.engine.EngineMetrics;
import mrtbox.inference.engine.EngineSettings;
import mrtbox.inference.model.ModelInfo;
import mrtbox.inference.model.StepControls;

/**
 * Child-JVM entry point for the ALSA tests (test scope). Java Sound reads the ALSA configuration once per JVM, so
 * each configuration runs in its own JVM started by {@link AlsaHarness} with a test HOME holding the .asoundrc.
 * Runs the real engine with the test tone model into a {@link JavaSoundSink} through {@link AudioOutput},
 * prints a STATUS line every 200 ms and a RESULT line at the end, and optionally dumps the float samples that
 * were handed to the device (successful writes only) for sample-by-sample comparison.
 *
 * <p>Arguments (key=value): seconds, stepMs, limiter, seed, record (file), bufferFrames, reopenMaxMs, model (a
 * catalog name such as tiny-v1 instead of the test tone).
 */
public final class AlsaScenarioMain {
    public static void main(String[] args) throws Exception {
        Map<String, String> a = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            a.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        double seconds = Double.parseDouble(a.getOrDefault("seconds", "3"));
        long stepNanos = (long) (Double.parseDouble(a.getOrDefault("stepMs", "5")) * 1e6);
        boolean limiter = Boolean.parseBoolean(a.getOrDefault("limiter", "true"));
        long seed = Long.parseLong(a.getOrDefault("seed", "3"));
        String record = a.get("record");

        mrtbox.inference.model.StreamingModel model = a.containsKey("model")
                ? mrtbox.appliance.catalog.ModelCatalog.standard().require(a.get("model")).open()
                : new TestToneModel(ModelInfo.Shape.FRAME, 1920, stepNanos);
        StepControls controls = new StepControls(null, null, 1f, 40, 10f, null, Map.of());   // level 1.0
        EngineSettings settings = EngineSettings.builder().limiterEnabled(limiter).monitorIntervalMs(50).build();
        AudioOutputSettings out = AudioOutputSettings.builder()
                .format(SampleFormat.PCM16)
                .bufferFrames(Integer.parseInt(a.getOrDefault("bufferFrames", "2048")))
                .reopenMinMs(250)
                .reopenMaxMs(Integer.parseInt(a.getOrDefault("reopenMaxMs", "1000")))
                .build();
        RecordingSink sink = new RecordingSink(new JavaSoundSink(out.device(), out.format(), out.bufferFrames()),
                record == null ? 0 : (int) ((seconds + 2) * 48000 * 2));
        try (model; Engine engine = new Engine(model, () -> controls, settings);
             AudioOutput output = new AudioOutput(engine.output(), sink, out)) {
            engine.setSeed(seed);
            engine.start();
            output.start();
            engine.play();
            System.out.println("PLAYING");
            long start = System.nanoTime();
            long end = start + (long) (seconds * 1e9);
            while (System.nanoTime() < end) {
                Thread.sleep(200);
                System.out.println("STATUS t=" + String.format("%.2f", (System.nanoTime() - start) / 1e9) + " "
                        + line(engine.metrics(), output.stats()));
            }
            sink.stopRecording();   // the recording ends before the stop fade
            engine.stop();
            Thread.sleep(200);
            System.out.println("RESULT " + line(engine.metrics(), output.stats()));
            System.out.println("SCHEDULING " + output.stats().scheduling());
        }
        if (record != null) sink.dump(Path.of(record));
        System.out.flush();
        System.exit(0);
    }

    private static String line(EngineMetrics m, AudioOutput.Stats s) {
        Map<String, Object> v = new java.util.LinkedHashMap<>();
        v.put("steps", m.stepsCompleted());
        v.put("underruns", m.underruns());
        v.put("dropped", m.droppedSteps());
        v.put("rtf", String.format("%.2f", m.realTimeFactor()));
        v.put("leadMs", String.format("%.0f", m.leadMs()));
        v.put("deviceUp", s.deviceUp());
        v.put("toDevice", s.framesToDevice());
        v.put("byClock", s.framesByClock());
        v.put("failures", s.deviceFailures());
        v.put("reopens", s.reopens());
        StringBuilder b = new StringBuilder();
        for (Entry<String, Object> e : v.entrySet()) b.append(e.getKey()).append('=').append(e.getValue()).append(' ');
        return b.toString().trim();
    }

    /** Keeps a copy of every block the device accepted (preallocated; the copy is test instrumentation). */
    static final class RecordingSink implements AudioSink {
        private final AudioSink inner;
        private final float[] recorded;
        private int size;
        private volatile boolean recording = true;

        RecordingSink(AudioSink inner, int capacity) {
            this.inner = inner;
            this.recorded = new float[capacity];
        }

        @Override public String describe() { return inner.describe(); }
        @Override public void open(int rate, int ch, int block) throws IOException { inner.open(rate, ch, block); }
        @Override public boolean pacesItself() { return inner.pacesItself(); }
        @Override public int bufferFrames() { return inner.bufferFrames(); }
        @Override public void close() { inner.close(); }

        @Override
        public boolean write(float[] interleaved, int frames) {
            boolean ok = inner.write(interleaved, frames);
            int n = frames * 2;
            if (ok && recording && size + n <= recorded.length) {
                System.arraycopy(interleaved, 0, recorded, size, n);
                size += n;
            }
            return ok;
        }

        void stopRecording() {
            recording = false;
        }

        void dump(Path file) throws IOException {
            ByteBuffer b = ByteBuffer.allocate(size * 4).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < size; i++) b.putFloat(recorded[i]);
            Files.write(file, b.array());
        }
    }
}
