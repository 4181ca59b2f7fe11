package mrtbox.inference.guard;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The snapshot ring against a plain list across wraps, lookups by step, dropping after a rollback, new streams. */
@Timeout(30)
class SnapshotRingTest {

    @Test
    void keepsTheNewestCapacityStatesAndFindsTheNewestAtOrBeforeAStepLikeAPlainList() {
        SnapshotRing<String> ring = new SnapshotRing<>(5);
        List<long[]> plain = new ArrayList<>();   // {step}
        Random r = new Random(3);
        long step = 0;
        for (int i = 0; i < 200; i++) {
            step += 1 + r.nextInt(30);
            ring.add(step, "s" + step);
            plain.add(new long[] {step});
            if (plain.size() > 5) plain.remove(0);
            assertEquals(plain.size(), ring.size());
            assertEquals("s" + step, ring.newest());
            assertEquals(step, ring.newestStep());
            long probe = step - r.nextInt(150);
            String expected = null;
            for (int k = plain.size() - 1; k >= 0; k--) {
                if (plain.get(k)[0] <= probe) { expected = "s" + plain.get(k)[0]; break; }
            }
            assertEquals(expected, ring.newestAtOrBefore(probe), "probe " + probe + " at " + step);
            assertEquals(expected == null ? -1 : Long.parseLong(expected.substring(1)), ring.newestStepAtOrBefore(probe));
        }
    }

    @Test
    void droppingAfterAStepForgetsTheNewerStatesAndTheRingFillsOnFromThere() {
        SnapshotRing<Integer> ring = new SnapshotRing<>(4);
        for (int s = 1; s <= 6; s++) ring.add(s * 10, s);   // keeps 30, 40, 50, 60
        ring.dropAfter(45);
        assertEquals(2, ring.size());
        assertEquals(4, ring.newest());
        ring.add(70, 7);
        ring.add(80, 8);
        ring.add(90, 9);
        assertEquals(4, ring.size());
        assertEquals(9, ring.newest());
        assertEquals(4, ring.newestAtOrBefore(69), "40 is still the newest at or before 69");
        assertNull(ring.newestAtOrBefore(39), "30 was forgotten when 90 came");
        ring.dropAfter(0);
        assertEquals(0, ring.size());
        assertNull(ring.newest());
        assertEquals(-1, ring.newestStep());
    }

    @Test
    void aStepBeforeTheNewestMeansANewStreamAndClearsTheRing() {
        SnapshotRing<String> ring = new SnapshotRing<>(3);
        ring.add(100, "a");
        ring.add(200, "b");
        ring.add(5, "after reset");
        assertEquals(1, ring.size());
        assertEquals("after reset", ring.newest());
        assertNull(ring.newestAtOrBefore(4));
    }

    @Test
    void refusesNoSlotsAndNullStates() {
        assertThrows(IllegalArgumentException.class, () -> new SnapshotRing<String>(0));
        SnapshotRing<String> ring = new SnapshotRing<>(1);
        assertThrows(NullPointerException.class, () -> ring.add(1, null));
        ring.add(1, "x");
        ring.add(2, "y");
        assertEquals(1, ring.size());
        assertEquals("y", ring.newest());
    }
}
