package mrtbox.control.param;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Several writer threads, one reader checking every snapshot it can grab. Each writer owns one counter parameter
 * and writes 1, 2, 3, ... so every write is an accepted change; the version then equals the number of registrations
 * plus the sum of all counters, which holds only if each snapshot is one consistent state.
 */
class RegistryConcurrencyTest {
    private static final int WRITERS = 4;
    private static final int WRITES_EACH = 20_000;

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void readersSeeConsistentSnapshotsWithNonDecreasingVersions() throws Exception {
        ParameterRegistry registry = new ParameterRegistry();
        List<ParamHandle> counters = new ArrayList<>();
        List<ParamHandle> labels = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            counters.add(registry.register(ParamSpec.builder("w" + w + ".count", ParamType.INT).range(0, WRITES_EACH).build()));
            labels.add(registry.register(ParamSpec.builder("w" + w + ".label", ParamType.TEXT).build()));
        }
        long registrations = registry.snapshot().version();
        assertEquals(2L * WRITERS, registrations);

        // A listener must see each change's own snapshot holding the new value.
        AtomicBoolean listenerSawMismatch = new AtomicBoolean();
        registry.addListener(c -> {
            if (!c.newValue().equals(c.snapshot().value(c.id()))) listenerSawMismatch.set(true);
        });

        ExecutorService pool = Executors.newFixedThreadPool(WRITERS + 1);
        CountDownLatch go = new CountDownLatch(1);
        AtomicBoolean writing = new AtomicBoolean(true);
        List<Future<?>> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            ParamHandle counter = counters.get(w);
            ParamHandle label = labels.get(w);
            ChangeSource src = ChangeSource.of(ChangeSource.Kind.OSC, "writer" + w);
            writers.add(pool.submit(() -> {
                go.await();
                for (int i = 1; i <= WRITES_EACH; i++) {
                    SetOutcome o = registry.set(counter, i, src);
                    if (o.status() != SetOutcome.Status.ACCEPTED) throw new AssertionError(o.toString());
                    if (i % 100 == 0) registry.set(label, "n" + i, src); // TEXT writes interleave too
                }
                return null;
            }));
        }
        Future<long[]> reader = pool.submit(() -> {
            go.await();
            long checked = 0;
            long lastVersion = -1;
            long[] lastCounts = new long[WRITERS];
            while (writing.get() || checked == 0) {
                ParamSnapshot s = registry.snapshot();
                long sum = 0;
                for (int w = 0; w < WRITERS; w++) {
                    int n = s.integer(counters.get(w));
                    if (n < lastCounts[w]) throw new AssertionError("counter " + w + " went back from " + lastCounts[w] + " to " + n);
                    lastCounts[w] = n;
                    sum += n;
                    String label = s.text(labels.get(w));
                    long labelled = label.isEmpty() ? 0 : Long.parseLong(label.substring(1));
                    if (labelled > n) throw new AssertionError("label " + label + " ahead of counter " + n + " in one snapshot");
                    sum += labelled / 100;
                }
                if (s.version() < lastVersion) throw new AssertionError("version went back from " + lastVersion + " to " + s.version());
                if (s.version() != registrations + sum) {
                    throw new AssertionError("snapshot version " + s.version() + " does not match its contents (" + (registrations + sum) + ")");
                }
                lastVersion = s.version();
                checked++;
            }
            return new long[] {checked, lastVersion};
        });
        go.countDown();
        for (Future<?> f : writers) f.get(50, TimeUnit.SECONDS);
        writing.set(false);
        long[] result = reader.get(10, TimeUnit.SECONDS);
        pool.shutdown();

        long expectedFinal = registrations + (long) WRITERS * WRITES_EACH + (long) WRITERS * (WRITES_EACH / 100);
        assertEquals(expectedFinal, registry.snapshot().version());
        assertTrue(result[0] > 0, "the reader checked no snapshot");
        for (ParamHandle c : counters) assertEquals(WRITES_EACH, registry.snapshot().integer(c));
        assertTrue(!listenerSawMismatch.get(), "a listener saw a snapshot without its own change");
    }
}
