package mrtbox.appliance.input;

import static org.junit.jupiter.api.Assertions.*;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class InputRingTest {

    private static float[] ramp(long from, int frames) {
        float[] b = new float[frames * 2];
        for (int i = 0; i < frames; i++) {
            b[2 * i] = from + i;
            b[2 * i + 1] = -(from + i);
        }
        return b;
    }

    @Test
    void readsFramesByAbsolutePositionWithZerosBeforeTheStartAndAfterTheNewest() {
        InputRing ring = new InputRing(48_000, 1024);
        ring.write(ramp(0, 100), 100);
        assertEquals(100, ring.framesWritten());
        float[] dst = new float[20 * 2];
        assertEquals(10, ring.read(10, dst, 20), "frames -10..-1 were never captured");
        for (int i = 0; i < 10; i++) assertEquals(0f, dst[2 * i]);
        for (int i = 10; i < 20; i++) assertEquals(i - 10, dst[2 * i]);
        assertEquals(5, ring.read(105, dst, 10), "frames 100..104 are not captured yet");
        assertEquals(95f, dst[0]);
        assertEquals(-99f, dst[9]);
        assertEquals(0f, dst[10]);
    }

    @Test
    void audioOlderThanTheRingIsGoneNotWrong() {
        InputRing ring = new InputRing(48_000, 1024);
        ring.write(ramp(1, 3000), 3000);   // wraps almost three times
        float[] dst = new float[1024 * 2];
        int real = ring.read(3000, dst, 1024);
        // the last write chunk (capacity/8) may be in flight for a concurrent writer: those oldest frames read as zeros
        assertEquals(1024 - 128, real);
        for (int i = 0; i < 128; i++) assertEquals(0f, dst[2 * i]);
        for (int i = 128; i < 1024; i++) assertEquals(3000 - 1024 + i + 1, dst[2 * i], "frame " + i);
        assertEquals(0, ring.read(1000, dst, 100), "frames 900..999 were overwritten long ago");
    }

    @Test
    void readersNeverSeeTornAudioWhileTheWriterRuns() throws Exception {
        InputRing ring = new InputRing(48_000, 4096);
        AtomicReference<String> bad = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            long f = 0;
            float[] buf = new float[300 * 2];
            while (f < 3_000_000) {
                for (int i = 0; i < 300; i++) {
                    buf[2 * i] = (f + i) % 1_000_000 + 1;
                    buf[2 * i + 1] = -buf[2 * i];
                }
                ring.write(buf, 300);
                f += 300;
            }
        });
        writer.start();
        float[] dst = new float[4096 * 2];
        long reads = 0;
        while (writer.isAlive() || reads == 0) {
            long end = ring.framesWritten();
            int count = 1 + (int) (reads % 4096);
            ring.read(end, dst, count);
            for (int i = 0; i < count; i++) {
                float v = dst[2 * i];
                if (v == 0f) continue;   // not captured or already overwritten: zeros, never stale data
                long frame = end - count + i;
                if (v != frame % 1_000_000 + 1 || dst[2 * i + 1] != -v) {
                    bad.compareAndSet(null, "frame " + frame + " read as " + v);
                }
            }
            reads++;
        }
        writer.join();
        assertNull(bad.get());
        assertTrue(reads > 10, "the reader ran alongside the writer");
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.SECONDS)
    void sizesItselfForSeconds() {
        InputRing ring = InputRing.forSeconds(48_000, 20);
        assertTrue(ring.capacityFrames() >= 960_000);
        assertEquals(1 << 20, ring.capacityFrames());
    }
}
