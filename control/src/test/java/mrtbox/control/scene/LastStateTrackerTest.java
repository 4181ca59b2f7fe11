package mrtbox.control.scene;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mrtbox.control.param.ChangeSource;
import mrtbox.control.param.ParameterRegistry;
import mrtbox.control.param.StandardParams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LastStateTrackerTest {
    private static final ChangeSource MIDI = ChangeSource.of(ChangeSource.Kind.MIDI, "knob");

    private final ParameterRegistry registry = new ParameterRegistry();
    private final List<Map<String, Object>> writes = new CopyOnWriteArrayList<>();

    LastStateTrackerTest() {
        registry.registerAll(StandardParams.all());
    }

    private static void waitFor(java.util.function.BooleanSupplier done, long timeoutMs) throws InterruptedException {
        long end = System.nanoTime() + timeoutMs * 1_000_000;
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) return;
            Thread.sleep(5);
        }
    }

    @Test
    void aBurstOfChangesBecomesOneWriteOfTheFinalValues() throws Exception {
        try (LastStateTracker t = new LastStateTracker(registry, writes::add, Duration.ofMillis(500), Duration.ofSeconds(10))) {
            for (int i = 0; i <= 100; i++) registry.set("prompt.1.weight", i / 100.0, MIDI);
            registry.set("prompt.2.text", "rain on a tin roof", MIDI);
            waitFor(() -> !writes.isEmpty(), 5000);
            Thread.sleep(700); // nothing more may follow
            assertEquals(1, writes.size());
            assertEquals(1.0, writes.get(0).get("prompt.1.weight"));
            assertEquals("rain on a tin roof", writes.get(0).get("prompt.2.text"));
            assertEquals(registry.snapshot().persistentValues(), writes.get(0));
        }
    }

    @Test
    void triggersAloneWriteNothing() throws Exception {
        try (LastStateTracker t = new LastStateTracker(registry, writes::add, Duration.ofMillis(20), Duration.ofMillis(100))) {
            for (int i = 0; i < 10; i++) registry.trigger(StandardParams.PLAY, MIDI);
            Thread.sleep(200);
            t.flush();
            assertEquals(0, writes.size());
        }
    }

    @Test
    void aKnobThatNeverRestsIsStillSavedWithinMaxDelay() throws Exception {
        long quiet = 100;
        long maxDelay = 200;
        List<Long> changes = new ArrayList<>();
        try (LastStateTracker t = new LastStateTracker(registry, writes::add, Duration.ofMillis(quiet), Duration.ofMillis(maxDelay))) {
            long start = System.nanoTime();
            int i = 0;
            // A change every 10 ms, well inside the quiet time, for 1.2 s.
            while (System.nanoTime() - start < 1_200_000_000L) {
                changes.add(System.nanoTime());
                registry.set(StandardParams.VOLUME_DB, -30 + (i++ % 20), MIDI);
                Thread.sleep(10);
            }
            int duringSweep = writes.size();
            // Without maxDelay the knob would never be saved while it moves; 1.2 s / 200 ms gives 6 deadlines.
            assertTrue(duringSweep >= 2, "only " + duringSweep + " writes during a 1.2 s sweep with maxDelay 200 ms");
            // The quiet time only allows a write where the sweep itself paused that long (a loaded machine can stall
            // the loop): never more than those pauses plus the maxDelay deadlines.
            int pauses = 0;
            for (int k = 1; k < changes.size(); k++) if (changes.get(k) - changes.get(k - 1) >= quiet * 1_000_000) pauses++;
            long sweepMs = (changes.get(changes.size() - 1) - changes.get(0)) / 1_000_000;
            long bound = pauses + sweepMs / maxDelay + 1;
            assertTrue(duringSweep <= bound, duringSweep + " writes, more than " + bound + ": the quiet time was not honoured");
        }
    }

    @Test
    void flushWritesPendingChangesNowAndOnlyOnce() {
        try (LastStateTracker t = new LastStateTracker(registry, writes::add, Duration.ofSeconds(30), Duration.ofSeconds(60))) {
            registry.set(StandardParams.SEED, 1234, MIDI);
            assertEquals(0, writes.size());
            t.flush();
            assertEquals(1, writes.size());
            assertEquals(1234, writes.get(0).get(StandardParams.SEED));
            t.flush();
            assertEquals(1, writes.size(), "nothing unsaved, nothing written");
            registry.set(StandardParams.SEED, 99, MIDI);
        } // close flushes
        assertEquals(2, writes.size());
        assertEquals(99, writes.get(1).get(StandardParams.SEED));
        registry.set(StandardParams.SEED, 7, MIDI); // after close: no longer listening
        assertEquals(2, writes.size());
    }

    @Test
    void aFailedWriteIsRetried() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        try (LastStateTracker t = new LastStateTracker(registry, v -> {
            if (attempts.incrementAndGet() == 1) throw new IllegalStateException("disk full");
            writes.add(v);
        }, Duration.ofMillis(10), Duration.ofMillis(100))) {
            registry.set(StandardParams.TOP_K, 8, MIDI);
            waitFor(() -> !writes.isEmpty(), 5000);
            assertEquals(2, attempts.get());
            assertEquals(8, writes.get(0).get(StandardParams.TOP_K));
        }
    }

    @Test
    void refusesAQuietTimeLongerThanTheMaxDelay() {
        assertThrows(IllegalArgumentException.class,
                () -> new LastStateTracker(registry, writes::add, Duration.ofSeconds(2), Duration.ofSeconds(1)));
    }
}
