package mrtbox.appliance.instrument;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import mrtbox.control.param.ChangeSource;
import mrtbox.control.param.ParameterRegistry;
import mrtbox.control.param.StandardParams;
import mrtbox.control.scene.RecallReport;
import mrtbox.control.scene.SceneBook;
import mrtbox.inference.model.NoteFrame;
import mrtbox.inference.model.StepControls;
import mrtbox.inference.mrt2.Mrt2FrameModel;
import mrtbox.inference.mrt2.Mrt2Models;
import mrtbox.inference.mrtv1.MrtV1ChunkModel;
import mrtbox.inference.mrtv1.MrtV1Models;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenes with music on a real tiny MRT2 model and real files: the test thread plays the generation thread (it steps
 * the model and runs a swap at its next step boundary, as the engine does), so continuation is checked sample for sample.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SceneMusicTest {
    private static final int[] STYLE = {325, 98, 979, 657, 802, 453, 1, 2, 3, 4, 5, 6};
    private static final StepControls GREEDY = new StepControls(STYLE, null, 0f, 40, 3f, NoteFrame.SILENT, Map.of());
    private static final ChangeSource TEST = ChangeSource.of(ChangeSource.Kind.WEB, "test");

    @TempDir Path state;
    private final ParameterRegistry registry = new ParameterRegistry();
    private SceneBook book;
    private SceneMusic music;
    private Mrt2FrameModel model;
    private final List<Runnable> swaps = new ArrayList<>();
    private final List<Double> crossfades = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        registry.registerAll(StandardParams.all());
        book = new SceneBook(registry);
        music = new SceneMusic(registry, book, state, Clock.fixed(Instant.parse("2026-12-04T01:02:03Z"), ZoneOffset.UTC));
        book.music(music);
        model = Mrt2Models.tiny(8, true);
        model.reset(3);
    }

    @AfterEach
    void tearDown() {
        music.close();
        model.close();
    }

    private SceneMusic.Player player() {
        return SceneMusic.Player.of(model, (action, ms) -> {
            synchronized (swaps) {
                swaps.add(action);
                crossfades.add(ms);
            }
        });
    }

    /** One step as the generation thread takes it: pending swaps first, then the model. */
    private float[] step() {
        synchronized (swaps) {
            swaps.forEach(Runnable::run);
            swaps.clear();
        }
        float[] out = new float[1920 * 2];
        model.step(GREEDY, out);
        return out;
    }

    private float[][] steps(int n) {
        float[][] out = new float[n][];
        for (int i = 0; i < n; i++) out[i] = step();
        return out;
    }

    /** Saves with music while "playing": the snapshot is taken at the next step, which this thread takes. */
    private void saveWithMusic(String name) throws Exception {
        registry.set(SceneMusic.INCLUDE, true, TEST);
        CompletableFuture<Void> saved = CompletableFuture.runAsync(() -> book.save(name));
        saved.get(5, TimeUnit.SECONDS);
        // the worker waits for the next step's snapshot; step until the file is there
        Path file = music.file(SceneMusic.key(name));
        for (int i = 0; i < 200 && !Files.exists(file); i++) {
            step();
            Thread.sleep(10);
        }
        music.settle();
        assertTrue(Files.exists(file), "state file " + file);
    }

    @Test
    void savedMusicComesBackAtTheNextStepAndContinuesBitExactly() throws Exception {
        music.attach(player());
        steps(4);
        registry.set(StandardParams.TEMPERATURE, 0.5, TEST);
        saveWithMusic("Drop");
        // what the scene's music does from the snapshot on (the snapshot was taken before the last step above)
        String status = registry.snapshot().text(registry.require(SceneMusic.STATUS));
        assertTrue(status.contains("saved the music of scene 'Drop' with tiny-mrt2"), status);
        assertTrue(music.heldCount() == 1);

        // reference: restore by hand from the file and play on
        Mrt2FrameModel ref = Mrt2Models.tiny(8, true);
        try (ref) {
            ref.restoreState(ref.states().read(music.file("drop")));
            float[][] want = new float[6][1920 * 2];
            for (float[] w : want) ref.step(GREEDY, w);

            registry.set(StandardParams.TEMPERATURE, 1.0, TEST);
            steps(5);   // the music moves on
            RecallReport r = book.recall("drop");
            assertTrue(r.clean(), r.problems().toString());
            assertEquals(0.5, registry.snapshot().number(registry.require(StandardParams.TEMPERATURE)), 1e-9, "values recalled");
            assertEquals(List.of(50.0), crossfades, "the registry's crossfade time");
            float[][] got = steps(6);
            for (int f = 0; f < 6; f++) assertArrayEquals(want[f], got[f], "frame " + f + " after the recall");
            assertTrue(registry.snapshot().text(registry.require(SceneMusic.STATUS)).contains("held in memory"));
        }
    }

    @Test
    void stateFilesAreNamedByTheSceneAndReadBackIntoMemoryAtAttach() throws Exception {
        music.attach(player());
        saveWithMusic("Night / Drone");
        try (Stream<Path> files = Files.list(state.resolve(SceneMusic.DIR))) {
            assertEquals(List.of("night+%2F+drone.safetensors"), files.map(p -> p.getFileName().toString()).toList(),
                    "one file, named by the scene, no temp file left");
        }
        // a new start: nothing in memory until attach reads the first scenes' states
        SceneMusic again = new SceneMusic(registry, book, state, Clock.systemUTC());
        try (again) {
            book.music(again);
            again.attach(player());
            again.settle();
            assertEquals(1, again.heldCount(), "held for an instant program change");
            RecallReport r = book.recall("night / drone");
            assertTrue(r.clean(), r.problems().toString());
            assertEquals(1, swaps.size(), "swapped from memory, at once");
        }
    }

    @Test
    void musicSavedWithTinyMrt2RecalledUnderTinyV1BringsBackTheValuesWithAMessage() throws Exception {
        music.attach(player());
        registry.set(StandardParams.TEMPERATURE, 0.7, TEST);
        saveWithMusic("verse");
        registry.set(StandardParams.TEMPERATURE, 1.2, TEST);
        music.detach();
        try (MrtV1ChunkModel v1 = MrtV1Models.tiny(5)) {
            music.attach(SceneMusic.Player.of(v1, (action, ms) -> swaps.add(action)));
            music.settle();
            assertEquals(0, music.heldCount(), "tiny-v1 holds no tiny-mrt2 state");
            RecallReport r = book.recall("verse");
            assertEquals(0.7, registry.snapshot().number(registry.require(StandardParams.TEMPERATURE)), 1e-9, "the values alone");
            assertEquals(List.of("music of scene 'verse' was saved with tiny-mrt2, this box plays tiny-v1: values recalled, music not"), r.problems());
            assertTrue(swaps.isEmpty(), "no state swapped");
            assertEquals(r.problems().get(0), registry.snapshot().text(registry.require(SceneMusic.STATUS)), "and the status says so");
        }
    }

    @Test
    void damagedStateFileCostsOnlyItselfKeptAsBakAndSaidInHealth() throws Exception {
        music.attach(player());
        saveWithMusic("a");
        saveWithMusic("b");
        Path a = music.file("a");
        Files.write(a, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9});   // not a safetensors file any more
        SceneMusic again = new SceneMusic(registry, book, state, Clock.fixed(Instant.parse("2026-12-04T01:02:03Z"), ZoneOffset.UTC));
        try (again) {
            book.music(again);
            again.attach(player());
            again.settle();
            assertFalse(Files.exists(a));
            assertTrue(Files.exists(a.resolveSibling("a.safetensors.20261204T010203Z.bak")), "kept aside");
            assertTrue(again.problem().startsWith("a.safetensors: "), again.problem());
            RecallReport ra = book.recall("a");
            assertTrue(ra.clean(), "scene a plays its values: " + ra.problems());
            assertTrue(swaps.isEmpty());
            assertTrue(book.recall("b").clean());
            assertEquals(1, swaps.size(), "scene b keeps its music");
        }
    }

    @Test
    void savingWithoutMusicDropsTheOldMusicAndDeleteAndRenameFollowTheScene() throws Exception {
        music.attach(player());
        saveWithMusic("x");
        book.rename("x", "y");
        music.settle();
        assertFalse(Files.exists(music.file("x")));
        assertTrue(Files.exists(music.file("y")));
        assertTrue(book.recall("y").clean());
        assertEquals(1, swaps.size());
        swaps.clear();
        registry.set(SceneMusic.INCLUDE, false, TEST);
        book.save("y");
        music.settle();
        assertFalse(Files.exists(music.file("y")), "values only now");
        book.recall("y");
        assertTrue(swaps.isEmpty());
        saveWithMusic("z");
        book.delete("z");
        music.settle();
        assertFalse(Files.exists(music.file("z")));
    }
}
