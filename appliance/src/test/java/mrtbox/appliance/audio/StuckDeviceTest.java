package mrtbox.appliance.audio;

import static org.junit.jupiter.api.Assertions.*;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mrtbox.inference.engine.AudioSource;
import org.junit.jupiter.api.Test;

/**
 * The last resort of the audio supervisor, which no real device in a test can provoke (a closed Java Sound line
 * always releases its writer, see AlsaPathsTest): a device write that stays blocked even after close. The
 * stuck thread is abandoned, a fresh audio thread keeps consuming by the clock, and the abandoned one never pulls
 * from the engine again when it finally returns.
 */
class StuckDeviceTest {

    /** A device whose third write never returns until the test lets it, and whose close does not help. */
    private static final class StubbornSink implements AudioSink {
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger writes = new AtomicInteger();
        volatile boolean opened;

        @Override public String describe() { return "stubborn test device"; }
        @Override public void open(int rate, int channels, int block) { opened = true; }
        @Override public boolean pacesItself() { return false; }
        @Override public void close() { }

        @Override
        public boolean write(float[] interleaved, int frames) {
            if (writes.incrementAndGet() == 3) {
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return true;
        }
    }

    /** Counts pulls per thread; fails the test if two threads ever pull at once. */
    private static final class CountingSource implements AudioSource {
        final AtomicInteger pulls = new AtomicInteger();
        final AtomicInteger concurrent = new AtomicInteger();
        volatile boolean overlapped;
        volatile Thread last;

        @Override public int sampleRate() { return 48000; }
        @Override public int channels() { return 2; }

        @Override
        public void render(float[] out, int frames) {
            if (concurrent.incrementAndGet() > 1) overlapped = true;
            last = Thread.currentThread();
            pulls.incrementAndGet();
            concurrent.decrementAndGet();
        }
    }

    @Test
    void aWriteThatCloseCannotReleaseIsAbandonedAndTheClockTakesOver() throws Exception {
        StubbornSink sink = new StubbornSink();
        CountingSource source = new CountingSource();
        AudioOutputSettings settings = AudioOutputSettings.builder().sink(AudioOutputSettings.Sink.NULL)
                .realtimePriority(0).reopenMinMs(50).reopenMaxMs(100).build();
        try (AudioOutput out = new AudioOutput(source, sink, settings)) {
            out.start();
            Thread.sleep(300);
            Thread stuck = source.last;
            // limit 500 ms: close at ~0.5 s, abandon at ~2 s
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (source.last == stuck && System.nanoTime() < deadline) Thread.sleep(50);
            assertNotSame(stuck, source.last, "a new audio thread took over");
            int pullsAfterTakeover = source.pulls.get();
            Thread.sleep(500);
            assertTrue(source.pulls.get() > pullsAfterTakeover + 50, "the new thread keeps pulling in real time");
            assertTrue(out.stats().deviceFailures() >= 1);
            sink.release.countDown();   // the abandoned write returns: that thread must not pull again
            Thread.sleep(300);
            assertFalse(source.overlapped, "two threads pulled from the engine at once");
            assertNotSame(stuck, source.last);
            assertTrue(out.stats().reopens() >= 1, "the device was reopened: " + out.stats());
        }
    }
}
