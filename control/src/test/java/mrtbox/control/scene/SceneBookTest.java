package mrtbox.control.scene;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import mrtbox.control.param.ChangeSource;
import mrtbox.control.param.ParameterRegistry;
import mrtbox.control.param.StandardParams;
import org.junit.jupiter.api.Test;

class SceneBookTest {
    private static final ChangeSource WEB = ChangeSource.of(ChangeSource.Kind.WEB, "");

    private final ParameterRegistry registry = new ParameterRegistry();
    private final SceneBook book;
    private final List<List<Scene>> told = new java.util.concurrent.CopyOnWriteArrayList<>();

    SceneBookTest() {
        registry.registerAll(StandardParams.all());
        book = new SceneBook(registry);
        book.addListener(told::add);
    }

    private static List<String> names(List<Scene> scenes) {
        return scenes.stream().map(Scene::name).toList();
    }

    @Test
    void recallIsOneRegistryChangeSoNoReaderSeesHalfAScene() throws Exception {
        registry.set("prompt.1.text", "jazz piano", WEB);
        registry.set("prompt.1.weight", 1.0, WEB);
        registry.set("prompt.2.text", "techno", WEB);
        registry.set("prompt.2.weight", 0.0, WEB);
        book.save("A");
        registry.set("prompt.1.weight", 0.0, WEB);
        registry.set("prompt.2.weight", 1.0, WEB);
        registry.set(StandardParams.TOP_K, 77, WEB);
        book.save("B");

        // Every snapshot a listener or a reader can see has both weights of one scene: (1,0) or (0,1), never mixed.
        List<String> mixed = new java.util.concurrent.CopyOnWriteArrayList<>();
        registry.addListener(c -> {
            double w1 = c.snapshot().number(registry.require("prompt.1.weight"));
            double w2 = c.snapshot().number(registry.require("prompt.2.weight"));
            if (w1 + w2 != 1.0) mixed.add("listener saw " + w1 + "/" + w2);
        });
        long before = registry.snapshot().version();
        RecallReport a = book.recall("A");
        assertTrue(a.clean(), a.problems().toString());
        assertEquals(before + 1, registry.snapshot().version(), "a recall publishes exactly one snapshot");
        assertEquals(40, registry.snapshot().integer(registry.require(StandardParams.TOP_K)));

        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        Thread reader = new Thread(() -> {
            var h1 = registry.require("prompt.1.weight");
            var h2 = registry.require("prompt.2.weight");
            while (!stop.get()) {
                var snap = registry.snapshot();
                double w1 = snap.number(h1);
                double w2 = snap.number(h2);
                if (w1 + w2 != 1.0) mixed.add("reader saw " + w1 + "/" + w2);
            }
        });
        reader.start();
        for (int i = 0; i < 2000; i++) book.recall(i % 2 == 0 ? "B" : "A");
        stop.set(true);
        reader.join(10_000);
        assertEquals(List.of(), mixed);
    }

    @Test
    void saveAndRecallRoundTripEveryStoredValue() {
        registry.set("prompt.2.text", "choir pads", WEB);
        registry.set("prompt.2.weight", 0.6, WEB);
        registry.set(StandardParams.TOP_K, 100, WEB);
        registry.set(StandardParams.MUTE, true, WEB);
        Map<String, Object> saved = registry.snapshot().persistentValues();
        Scene scene = book.save("  Choir  ");
        assertEquals("Choir", scene.name());
        assertEquals(saved, scene.values());
        assertFalse(scene.values().containsKey(StandardParams.PLAY), "triggers are not stored");

        registry.resetToDefaults(ChangeSource.DEFAULT);
        registry.trigger(StandardParams.PLAY, WEB);
        RecallReport report = book.recall("choir"); // names match regardless of case
        assertTrue(report.clean(), report.problems().toString());
        assertEquals("Choir", report.scene());
        assertEquals(saved.size(), report.applied());
        assertEquals(saved, registry.snapshot().persistentValues());
        assertEquals(1L, registry.snapshot().value(StandardParams.PLAY));
    }

    @Test
    void listRenameDeleteAndNotify() {
        book.save("beta");
        book.save("Alpha");
        book.save("gamma");
        assertEquals(List.of("Alpha", "beta", "gamma"), names(book.list()));
        assertEquals("beta", book.byIndex(1).orElseThrow().name());
        assertTrue(book.byIndex(3).isEmpty());
        assertTrue(book.byIndex(-1).isEmpty());

        book.rename("beta", "Zeta");
        assertEquals(List.of("Alpha", "gamma", "Zeta"), names(book.list()));
        book.rename("zeta", "ZETA"); // case-only rename of the same scene is allowed
        assertEquals(List.of("Alpha", "gamma", "ZETA"), names(book.list()));
        IllegalArgumentException taken = assertThrows(IllegalArgumentException.class, () -> book.rename("alpha", "Gamma"));
        assertEquals("a scene named 'Gamma' exists", taken.getMessage());
        assertThrows(IllegalArgumentException.class, () -> book.rename("nope", "x"));
        assertThrows(IllegalArgumentException.class, () -> book.rename("alpha", " "));

        assertTrue(book.delete(" GAMMA "));
        assertFalse(book.delete("gamma"));
        assertFalse(book.delete(null));
        assertEquals(List.of("Alpha", "ZETA"), names(book.list()));

        book.save("alpha"); // replacing keeps the newest spelling
        assertEquals(List.of("alpha", "ZETA"), names(book.list()));

        assertEquals(7, told.size(), "save x3, rename x2, delete, save: one notification each");
        assertEquals(names(book.list()), names(told.get(told.size() - 1)));
    }

    @Test
    void loadReplacesWithoutNotifying() {
        book.save("old");
        told.clear();
        book.load(List.of(new Scene("one", Map.of()), new Scene("two", Map.of())));
        assertEquals(List.of("one", "two"), names(book.list()));
        assertTrue(told.isEmpty());
    }

    @Test
    void recallAppliesWhatItCanAndReportsTheRest() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("prompt.1.text", "glassy arpeggios");
        values.put("prompt.1.weight", 0.4);
        values.put("mrt2.notes.velocity", 64);           // another model's parameter
        values.put(StandardParams.TEMPERATURE, 99);      // out of range, rejected
        values.put(StandardParams.TOP_K, "many");        // wrong type
        values.put(StandardParams.VOLUME_DB, 20);        // clamped to +6 dB: applied, but said
        values.put(StandardParams.MUTE, null);           // no value
        values.put(StandardParams.PLAY, 3);              // a trigger in a scene file
        book.load(List.of(new Scene("messy", values)));

        RecallReport r = book.recall("messy");
        assertEquals(3, r.applied());
        assertFalse(r.clean());
        assertEquals(List.of(
                "mrt2.notes.velocity: no such parameter in this configuration (kept, not applied)",
                "sampling.temperature: sampling.temperature out of range [0, 4]: 99",
                "sampling.top_k: sampling.top_k needs a number",
                "output.volume: clamped, out of range [-60, 6]: 20 (applied)",
                "output.mute: output.mute needs a value",
                "transport.play: a trigger is not a stored value, ignored"), r.problems());
        assertEquals("glassy arpeggios", registry.snapshot().value("prompt.1.text"));
        assertEquals(0.4, registry.snapshot().value("prompt.1.weight"));
        assertEquals(6.0, registry.snapshot().value(StandardParams.VOLUME_DB));
        assertEquals(1.1, registry.snapshot().value(StandardParams.TEMPERATURE));
        assertEquals(0L, registry.snapshot().value(StandardParams.PLAY));
        assertTrue(book.get("messy").orElseThrow().values().containsKey("mrt2.notes.velocity"), "unknown ids are kept");
        assertThrows(IllegalArgumentException.class, () -> book.recall("absent"));
    }

    @Test
    void sceneNamesAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> new Scene(null, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> new Scene("   ", Map.of()));
        assertThrows(IllegalArgumentException.class, () -> new Scene("a\nb", Map.of()));
        assertThrows(IllegalArgumentException.class, () -> new Scene("x".repeat(65), Map.of()));
        assertEquals("x".repeat(64), new Scene("x".repeat(64), Map.of()).name());
        Map<String, Object> values = new LinkedHashMap<>(Map.of("a", 1));
        Scene s = new Scene("copy", values);
        values.put("b", 2);
        assertEquals(Map.of("a", 1), s.values(), "a scene copies its values");
    }

    /** Saves racing on several threads: after each burst, the last notification must carry every scene. */
    @Test
    void concurrentSavesEndWithACompleteNotification() throws Exception {
        // A slow first listener widens the gap between reading the set and telling the next listener.
        book.addListener(all -> LockSupport.parkNanos(100_000));
        AtomicReference<List<Scene>> last = new AtomicReference<>();
        book.addListener(last::set);
        int threads = 4;
        int each = 10;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int round = 0; round < 30; round++) {
                CountDownLatch go = new CountDownLatch(1);
                List<Future<?>> futures = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    String prefix = "r" + round + "-t" + t + "-";
                    futures.add(pool.submit(() -> {
                        go.await();
                        for (int i = 0; i < each; i++) book.save(prefix + i);
                        return null;
                    }));
                }
                go.countDown();
                for (Future<?> f : futures) f.get(30, TimeUnit.SECONDS);
                int expected = (round + 1) * threads * each;
                assertEquals(expected, book.list().size());
                assertEquals(expected, last.get().size(), "round " + round + ": the last listener call carried a stale set");
            }
        } finally {
            pool.shutdown();
        }
    }
}
