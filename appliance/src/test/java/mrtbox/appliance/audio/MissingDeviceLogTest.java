package mrtbox.appliance.audio;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mrtbox.inference.engine.AudioSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A box without its sound card retries for as long as it runs: the log says the problem once in full, then one
 * short line per change, then once that the device is back; the status carries the sentence, not Java Sound's text.
 */
@Timeout(30)
class MissingDeviceLogTest {
    /** Java Sound's words for a missing card, as a box without one logged them every 5-7 s. */
    private static final String JAVA_SOUND_TEXT = "No line matching interface SourceDataLine supporting format PCM_SIGNED "
            + "48000.0 Hz, 16 bit, stereo, 4 bytes/frame, little-endian is supported.";

    /** A device that fails to open with the error it is given until it is told to open. */
    private static final class AbsentSink implements AudioSink {
        volatile String sentence = "no sound card found";
        volatile boolean present;
        final AtomicInteger attempts = new AtomicInteger();

        @Override public String describe() { return "test card"; }
        @Override public boolean pacesItself() { return false; }
        @Override public boolean write(float[] interleaved, int frames) { return true; }
        @Override public void close() { }

        @Override
        public void open(int rate, int channels, int block) throws IOException {
            attempts.incrementAndGet();
            if (!present) throw new IOException(sentence, new IllegalArgumentException(JAVA_SOUND_TEXT));
        }
    }

    private static final AudioSource SILENCE = new AudioSource() {
        @Override public int sampleRate() { return 48000; }
        @Override public int channels() { return 2; }
        @Override public void render(float[] out, int frames) { java.util.Arrays.fill(out, 0, frames * 2, 0f); }
    };

    private static void waitForAttempts(AbsentSink sink, int more) throws InterruptedException {
        int until = sink.attempts.get() + more;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (sink.attempts.get() < until && System.nanoTime() < deadline) Thread.sleep(10);
        assertTrue(sink.attempts.get() >= until, "the output kept trying: " + sink.attempts.get());
    }

    @Test
    void aMissingDeviceIsLoggedOnceThenOnlyItsChanges() throws Exception {
        List<String> warnings = new CopyOnWriteArrayList<>();
        List<String> infos = new CopyOnWriteArrayList<>();
        AbsentSink sink = new AbsentSink();
        AudioOutputSettings settings = AudioOutputSettings.builder().sink(AudioOutputSettings.Sink.NULL)
                .realtimePriority(0).reopenMinMs(10).reopenMaxMs(20).build();
        try (AudioOutput out = new AudioOutput(SILENCE, sink, settings,
                new DeviceProblemLog("audio output", warnings::add, infos::add))) {
            out.start();
            waitForAttempts(sink, 20);
            assertEquals(1, warnings.size(), "one line for twenty failed tries: " + warnings);
            assertTrue(warnings.get(0).contains("no sound card found") && warnings.get(0).contains(JAVA_SOUND_TEXT), warnings.get(0));
            assertFalse(out.stats().deviceUp());
            assertEquals("no sound card found", out.stats().lastError(), "the status carries the sentence only");

            sink.sentence = "sound card 'USB Audio' is busy or gone (another program may be using it)";
            waitForAttempts(sink, 10);
            assertEquals(2, warnings.size(), warnings.toString());
            assertEquals("audio output still unavailable, now: sound card 'USB Audio' is busy or gone (another program may be using it)",
                    warnings.get(1), "a change is one short line");

            sink.present = true;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while ((!out.stats().deviceUp() || infos.isEmpty()) && System.nanoTime() < deadline) Thread.sleep(10);
            assertTrue(out.stats().deviceUp());
            assertEquals(List.of("audio output back: test card"), infos);
            assertEquals("", out.stats().lastError());
            assertEquals(2, warnings.size(), warnings.toString());
        }
    }
}
