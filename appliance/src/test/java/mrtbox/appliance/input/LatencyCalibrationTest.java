package mrtbox.appliance.input;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mrtbox.appliance.audio.AudioOutput;
import mrtbox.appliance.audio.AudioOutputSettings;
import mrtbox.appliance.audio.AudioSink;
import mrtbox.inference.engine.AudioSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The calibration against a loopback with an exactly known delay: the output's "device" is a delay line that feeds
 * the input ring what the audio thread wrote {@code N} frames earlier, through the real {@link AudioOutput}.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LatencyCalibrationTest {

    /** Output device whose "cable" comes back into the input ring after exactly {@code delay} frames, scaled. */
    static final class DelayLineSink implements AudioSink {
        private final InputRing ring;
        private final float[] line;
        private final float scale;
        private final float[] out = new float[8192 * 2];
        private long written;

        DelayLineSink(InputRing ring, int delayFrames, float scale) {
            this.ring = ring;
            this.line = new float[Math.max(1, delayFrames) * 2];
            this.scale = scale;
        }

        @Override public String describe() { return "delay line"; }
        @Override public void open(int sampleRate, int channels, int maxBlockFrames) {}
        @Override public boolean pacesItself() { return false; }
        @Override public int bufferFrames() { return 256; }
        @Override public void close() {}

        @Override
        public boolean write(float[] interleaved, int frames) {
            int d = line.length / 2;
            for (int i = 0; i < frames; i++) {
                int slot = (int) (written % d) * 2;
                out[2 * i] = line[slot] * scale;           // what went in d frames ago
                out[2 * i + 1] = line[slot + 1] * scale;
                line[slot] = interleaved[2 * i];
                line[slot + 1] = interleaved[2 * i + 1];
                written++;
            }
            ring.write(out, frames);
            return true;
        }
    }

    static final AudioSource SILENCE = new AudioSource() {
        @Override public int sampleRate() { return 48_000; }
        @Override public int channels() { return 2; }
        @Override public void render(float[] out, int frames) { java.util.Arrays.fill(out, 0, frames * 2, 0f); }
    };

    private static LatencyCalibration.Result measure(int delayFrames, float scale, int clicks) throws Exception {
        InputRing ring = new InputRing(48_000, 1 << 17);
        LatencyCalibration cal = new LatencyCalibration(ring, Duration.ofMillis(300));
        AudioOutputSettings s = AudioOutputSettings.builder().sink(AudioOutputSettings.Sink.NULL).realtimePriority(0)
                .blockFrames(256).insert(cal).build();
        try (AudioOutput out = new AudioOutput(SILENCE, new DelayLineSink(ring, delayFrames, scale), s)) {
            out.start();
            return cal.measure(clicks, Duration.ofSeconds(10));
        }
    }

    @Test
    void findsAnExactKnownDelayThroughTheRealAudioOutput() throws Exception {
        LatencyCalibration.Result r = measure(1234, 0.3f, 3);
        assertEquals(List.of(1234, 1234, 1234), r.clicks());
        assertEquals(1234, r.delayFrames());
        assertEquals(1234 / 48.0, r.delayMs(), 1e-9);
        assertEquals(1.0, r.correlation(), 1e-4, "a clean loopback returns the click's exact shape");
    }

    @Test
    void aDelayThatIsNotAMultipleOfTheBlockAndAnInvertedCableAreFoundToo() throws Exception {
        LatencyCalibration.Result r = measure(4097, -0.05f, 1);
        assertEquals(List.of(4097), r.clicks());
    }

    @Test
    void aLoopbackThatBringsNothingBackIsAClearError() {
        IOException e = assertThrows(IOException.class, () -> measure(100, 0f, 1));
        assertTrue(e.getMessage().contains("did not come back") && e.getMessage().contains("connect the output to the input"),
                e.getMessage());
    }

    @Test
    void noInputAtAllSaysSo() {
        InputRing ring = new InputRing(48_000, 1 << 17);   // nothing ever writes it
        LatencyCalibration cal = new LatencyCalibration(ring, Duration.ofMillis(100));
        AudioOutputSettings s = AudioOutputSettings.builder().sink(AudioOutputSettings.Sink.NULL).realtimePriority(0).insert(cal).build();
        try (AudioOutput out = new AudioOutput(SILENCE, s.createSink(), s)) {
            out.start();
            IOException e = assertThrows(IOException.class, () -> cal.measure(1, Duration.ofMillis(800)));
            assertTrue(e.getMessage().contains("is the input running?"), e.getMessage());
        }
    }

    @Test
    void theClickCorrelatesWithItselfAtOneLagOnly() {
        float[] stereo = new float[(1000 + LatencyCalibration.CLICK.length) * 2];
        for (int i = 0; i < LatencyCalibration.CLICK.length; i++) {
            stereo[2 * (700 + i)] = LatencyCalibration.CLICK[i];
            stereo[2 * (700 + i) + 1] = LatencyCalibration.CLICK[i];
        }
        LatencyCalibration.Peak p = LatencyCalibration.findClick(stereo, 1000);
        assertEquals(700, p.lag());
        assertEquals(1.0, p.correlation(), 1e-6);
    }
}
