package mrtbox.inference.engine;

import static org.junit.jupiter.api.Assertions.*;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class FloatRingTest {

    @Test
    void capacityMustBeAPowerOfTwo() {
        assertThrows(IllegalArgumentException.class, () -> new FloatRing(1000));
        assertEquals(1024, FloatRing.capacityFor(1000));
        assertEquals(1024, FloatRing.capacityFor(1024));
    }

    @Test
    void writesAreAllOrNothingAndWrapAround() {
        FloatRing ring = new FloatRing(8);
        float[] five = {1, 2, 3, 4, 5};
        assertTrue(ring.write(five, 0, 5));
        assertFalse(ring.write(five, 0, 5), "only 3 free: must refuse the whole write");
        assertEquals(3, ring.free());
        float[] out = new float[8];
        assertEquals(4, ring.read(out, 0, 4));
        assertArrayEquals(new float[] {1, 2, 3, 4}, java.util.Arrays.copyOf(out, 4));
        assertTrue(ring.write(five, 0, 5));           // wraps past the end of the array
        assertEquals(6, ring.available());
        assertEquals(6, ring.read(out, 0, 8));
        assertArrayEquals(new float[] {5, 1, 2, 3, 4, 5}, java.util.Arrays.copyOf(out, 6));
        assertEquals(0, ring.read(out, 0, 8));
        assertEquals(10, ring.writePosition());
        assertEquals(10, ring.readPosition());
    }

    @Test
    void consumerSkipsToAPublishedPositionOnly() {
        FloatRing ring = new FloatRing(16);
        ring.write(new float[] {1, 2, 3, 4, 5, 6}, 0, 6);
        ring.skipTo(4);
        float[] out = new float[2];
        assertEquals(2, ring.read(out, 0, 2));
        assertArrayEquals(new float[] {5, 6}, out);
        assertThrows(IllegalStateException.class, () -> ring.skipTo(7), "beyond what was written");
        assertThrows(IllegalStateException.class, () -> ring.skipTo(3), "behind the reader");
    }

    /** Two threads, odd sizes, a small ring: every value arrives once, in order. Bounded by count and time. */
    @Test
    void twoThreadStressKeepsEverySampleInOrder() throws Exception {
        FloatRing ring = new FloatRing(1024);
        final int total = 4_000_000;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread producer = new Thread(() -> {
            float[] chunk = new float[700];
            int next = 0;
            while (next < total && System.nanoTime() < deadline) {
                int n = Math.min(1 + (next % 691), total - next);
                for (int i = 0; i < n; i++) chunk[i] = (next + i) % 16_777_216;   // exact in a float
                if (ring.write(chunk, 0, n)) next += n;
                else Thread.onSpinWait();
            }
        }, "ring-producer");
        producer.start();
        float[] buf = new float[513];
        int expected = 0;
        while (expected < total && System.nanoTime() < deadline) {
            int n = ring.read(buf, 0, 1 + (expected % 513));
            for (int i = 0; i < n; i++) {
                if (buf[i] != (expected % 16_777_216)) {
                    failure.set(new AssertionError("at " + expected + " got " + buf[i]));
                    break;
                }
                expected++;
            }
            if (failure.get() != null) break;
            if (n == 0) Thread.onSpinWait();
        }
        producer.join(TimeUnit.SECONDS.toMillis(25));
        assertNull(failure.get());
        assertEquals(total, expected, "all samples must arrive within the time bound");
    }
}
