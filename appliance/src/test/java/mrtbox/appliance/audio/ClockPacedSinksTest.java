package mrtbox.appliance.audio;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.Map;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import mrtbox.appliance.catalog.TestToneModel;
import mrtbox.inference.engine.Engine;
import mrtbox.inference.engine.EngineSettings;
import mrtbox.inference.model.ModelInfo;
import mrtbox.inference.model.StepControls;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The null and WAV sinks: the clock paces the audio thread, so generation runs as it would with a sound card. */
class ClockPacedSinksTest {
    @TempDir Path dir;
    private static final StepControls CONTROLS = new StepControls(null, null, 1f, 40, 10f, null, Map.of());

    @Test
    void nullSinkConsumesInRealTime() throws Exception {
        TestToneModel model = new TestToneModel(ModelInfo.Shape.FRAME, 1920, 2_000_000);
        try (Engine engine = new Engine(model, () -> CONTROLS, EngineSettings.DEFAULTS);
             AudioOutput out = new AudioOutput(engine.output(), new NullSink(), AudioOutputSettings.builder()
                     .sink(AudioOutputSettings.Sink.NULL).realtimePriority(0).build())) {
            engine.start();
            out.start();
            engine.play();
            long t0 = System.nanoTime();
            Thread.sleep(1500);
            double elapsed = (System.nanoTime() - t0) / 1e9;
            AudioOutput.Stats s = out.stats();
            double consumed = s.framesToDevice() / 48000.0;
            assertTrue(consumed <= elapsed + 0.05, consumed + " s consumed in " + elapsed + " s: not paced");
            assertTrue(consumed >= 0.7 * elapsed, consumed + " s consumed in " + elapsed + " s");
            assertTrue(s.deviceUp());
            assertEquals("normal priority (real-time scheduling disabled in the config)", s.scheduling());
            assertEquals(0, engine.metrics().underruns());
            assertTrue(engine.metrics().stepsCompleted() > 20);
        }
    }

    @Test
    void wavSinkRecordsTheLiveOutputOffTheAudioThread() throws Exception {
        Path file = dir.resolve("live.wav");
        TestToneModel model = new TestToneModel(ModelInfo.Shape.FRAME, 1920, 1_000_000);
        AudioOutputSettings settings = AudioOutputSettings.builder().sink(AudioOutputSettings.Sink.WAV)
                .wavPath(file).format(SampleFormat.FLOAT32).realtimePriority(0).build();
        AudioSink sink = settings.createSink();
        long written;
        try (Engine engine = new Engine(model, () -> CONTROLS, EngineSettings.DEFAULTS)) {
            AudioOutput out = new AudioOutput(engine.output(), sink, settings);
            engine.start();
            out.start();
            engine.play();
            Thread.sleep(1000);
            out.close();   // closes the sink: the writer drains and patches the header
            written = out.stats().framesToDevice();
        }
        assertTrue(written > 24000);
        try (AudioInputStream in = AudioSystem.getAudioInputStream(file.toFile())) {
            assertEquals(written, in.getFrameLength());
            assertEquals(32, in.getFormat().getSampleSizeInBits());
        }
        assertEquals(0, ((WavFileSink) sink).droppedFrames());
    }
}
