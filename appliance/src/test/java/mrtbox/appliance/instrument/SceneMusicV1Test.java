package mrtbox.appliance.instrument;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import mrtbox.control.param.ChangeSource;
import mrtbox.control.param.ParameterRegistry;
import mrtbox.control.param.StandardParams;
import mrtbox.control.scene.RecallReport;
import mrtbox.control.scene.SceneBook;
import mrtbox.inference.model.StepControls;
import mrtbox.inference.model.StreamingModel;
import mrtbox.inference.mrt2.Mrt2FrameModel;
import mrtbox.inference.mrt2.Mrt2Models;
import mrtbox.inference.mrtv1.ChunkCrossfade;
import mrtbox.inference.mrtv1.MrtV1ChunkModel;
import mrtbox.inference.mrtv1.MrtV1Models;
import mrtbox.inference.weights.SafetensorsFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenes with music under MRT v1 on a real tiny-v1 model (its tiny codec) and real files: the test thread plays the
 * generation thread (it steps the model one 2 s chunk at a time and runs a swap at its next chunk boundary, as the
 * engine does), so continuation after a recall is checked sample for sample under greedy decoding.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class SceneMusicV1Test {
    private static final StepControls GREEDY = new StepControls(new int[] {325, 98, 979, 657, 802, 453}, null, 0f, 40, 3f, null, Map.of());
    private static final ChangeSource TEST = ChangeSource.of(ChangeSource.Kind.WEB, "test");

    @TempDir Path state;
    private final ParameterRegistry registry = new ParameterRegistry();
    private SceneBook book;
    private SceneMusic music;
    private MrtV1ChunkModel model;
    private final List<Runnable> swaps = new ArrayList<>();
    private final List<Double> crossfades = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        registry.registerAll(StandardParams.all());
        book = new SceneBook(registry);
        music = new SceneMusic(registry, book, state, Clock.systemUTC());
        book.music(music);
        model = MrtV1Models.tiny(21);
        model.reset(4);
    }

    @AfterEach
    void tearDown() {
        music.close();
        model.close();
    }

    private SceneMusic.Player player(StreamingModel m) {
        return SceneMusic.Player.of(m, (action, ms) -> {
            synchronized (swaps) {
                swaps.add(action);
                crossfades.add(ms);
            }
        });
    }

    /** One chunk as the generation thread takes it: pending swaps first, then the model. */
    private float[] step() {
        synchronized (swaps) {
            swaps.forEach(Runnable::run);
            swaps.clear();
        }
        float[] out = new float[ChunkCrossfade.EMIT * ChunkCrossfade.CHANNELS];
        model.step(GREEDY, out);
        return out;
    }

    private void saveWithMusic(String name) throws Exception {
        registry.set(SceneMusic.INCLUDE, true, TEST);
        CompletableFuture.runAsync(() -> book.save(name)).get(5, TimeUnit.SECONDS);
        Path file = music.file(SceneMusic.key(name));
        for (int i = 0; i < 50 && !Files.exists(file); i++) {
            step();   // the worker's snapshot is taken as this chunk begins
            Thread.sleep(20);
        }
        music.settle();
        assertTrue(Files.exists(file), "state file " + file);
    }

    @Test
    void savedContextTokensComeBackAtTheNextChunkAndContinueBitExactly() throws Exception {
        music.attach(player(model));
        step();
        registry.set(StandardParams.TEMPERATURE, 0.5, TEST);
        saveWithMusic("Drop");
        String status = registry.snapshot().text(registry.require(SceneMusic.STATUS));
        assertTrue(status.startsWith("saved the music of scene 'Drop' with tiny-v1 (46 KiB)"), status);
        try (SafetensorsFile f = SafetensorsFile.open(music.file("drop"))) {
            Map<String, String> m = f.metadata();
            assertEquals("mrtbox-mrtv1-state", m.get("format"));
            assertEquals("tiny-v1", m.get("model"));
            assertEquals("Drop", m.get("scene"));
            assertEquals(model.states().layout(), m.get("layout"));
            assertEquals(List.of(250L, 16L), java.util.Arrays.stream(f.shape("context")).boxed().toList());
        }

        // reference: another tiny-v1 with the same weights, restored by hand from the file, plays on
        float[][] want = new float[2][ChunkCrossfade.EMIT * ChunkCrossfade.CHANNELS];
        try (MrtV1ChunkModel ref = MrtV1Models.tiny(21)) {
            ref.restoreState(ref.states().read(music.file("drop")));
            for (float[] w : want) ref.step(GREEDY, w);
        }
        registry.set(StandardParams.TEMPERATURE, 1.0, TEST);
        step();   // the music moves on
        RecallReport r = book.recall("drop");
        assertTrue(r.clean(), r.problems().toString());
        assertEquals(0.5, registry.snapshot().number(registry.require(StandardParams.TEMPERATURE)), 1e-9, "values recalled");
        assertEquals(List.of(50.0), crossfades, "the registry's crossfade time");
        assertTrue(registry.snapshot().text(registry.require(SceneMusic.STATUS)).contains("held in memory"));
        assertArrayEquals(want[0], step(), "first chunk after the recall");
        assertArrayEquals(want[1], step(), "second chunk after the recall");
    }

    @Test
    void aTinyV1StateIsHeldInMemoryAtAttachAndRefusedUnderTinyMrt2() throws Exception {
        music.attach(player(model));
        registry.set(StandardParams.TEMPERATURE, 0.7, TEST);
        saveWithMusic("verse");
        registry.set(StandardParams.TEMPERATURE, 1.2, TEST);

        SceneMusic again = new SceneMusic(registry, book, state, Clock.systemUTC());
        try (again) {
            book.music(again);
            again.attach(player(model));
            again.settle();
            assertEquals(1, again.heldCount(), "held for an instant program change");

            again.detach();
            try (Mrt2FrameModel mrt2 = Mrt2Models.tiny(8, true)) {
                again.attach(player(mrt2));
                again.settle();
                assertEquals(0, again.heldCount());
                RecallReport r = book.recall("verse");
                assertEquals(0.7, registry.snapshot().number(registry.require(StandardParams.TEMPERATURE)), 1e-9, "the values alone");
                assertEquals(List.of("music of scene 'verse' was saved with tiny-v1, this box plays tiny-mrt2: values recalled, music not"), r.problems());
                assertTrue(swaps.isEmpty(), "no state swapped");
            }
        }
    }
}
