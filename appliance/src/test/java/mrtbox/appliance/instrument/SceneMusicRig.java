package mrtbox.appliance.instrument;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import mrtbox.control.param.ChangeSource;
import mrtbox.control.param.ParameterRegistry;
import mrtbox.control.param.StandardParams;
import mrtbox.control.scene.SceneBook;
import mrtbox.inference.model.NoteFrame;
import mrtbox.inference.model.StepControls;
import mrtbox.inference.mrt2.Mrt2FrameModel;
import mrtbox.inference.mrt2.Mrt2Models;

/**
 * Test scope: tiny-mrt2 playing scenes with music, the test thread being the generation thread (it steps the model
 * under greedy decoding and runs a swap at its next step boundary, as the engine does), so what a recall brings back
 * can be compared sample for sample with what played after the save.
 */
final class SceneMusicRig implements AutoCloseable {
    private static final int[] STYLE = {325, 98, 979, 657, 802, 453, 1, 2, 3, 4, 5, 6};
    static final StepControls GREEDY = new StepControls(STYLE, null, 0f, 40, 3f, NoteFrame.SILENT, Map.of());
    static final ChangeSource PAGE = ChangeSource.of(ChangeSource.Kind.WEB, "test");

    final ParameterRegistry registry;
    final SceneBook scenes;
    final SceneMusic music;
    final Mrt2FrameModel model;
    private final List<Runnable> swaps = new ArrayList<>();
    private volatile CountDownLatch asked = new CountDownLatch(1);

    SceneMusicRig(ParameterRegistry registry, SceneBook scenes, Path stateDir) throws IOException {
        this.registry = registry;
        this.scenes = scenes;
        this.music = new SceneMusic(registry, scenes, stateDir, Clock.systemUTC());
        scenes.music(music);
        model = Mrt2Models.tiny(8, true);
        model.reset(3);
        SceneStates real = SceneStates.of(model);
        SceneStates told = new SceneStates() {   // the model's states, saying when the save's snapshot was asked for
            @Override public String layout() { return real.layout(); }
            @Override public CompletableFuture<?> atNextStep() {
                CompletableFuture<?> f = real.atNextStep();
                asked.countDown();
                return f;
            }
            @Override public void write(Object s, Path file, Map<String, String> m) throws IOException { real.write(s, file, m); }
            @Override public Object read(Path file) throws IOException { return real.read(file); }
            @Override public void restore(Object s) { real.restore(s); }
            @Override public long bytes(Object s) { return real.bytes(s); }
        };
        music.attach(new SceneMusic.Player(model.info().name(), told, (action, ms) -> {
            synchronized (swaps) {
                swaps.add(action);
            }
        }));
    }

    /** One step as the generation thread takes it: pending swaps first, then the model. */
    float[] step() {
        synchronized (swaps) {
            swaps.forEach(Runnable::run);
            swaps.clear();
        }
        float[] out = new float[1920 * 2];
        model.step(GREEDY, out);
        return out;
    }

    float[][] steps(int n) {
        float[][] out = new float[n][];
        for (int i = 0; i < n; i++) out[i] = step();
        return out;
    }

    /**
     * Saves a scene with music while playing, as a page or OSC save does ({@code save} runs it), and returns the
     * {@code frames} that played from the snapshot on: the sound the scene was saved with.
     */
    float[][] saveWithMusic(String name, Runnable save, int frames) throws Exception {
        registry.set(SceneMusic.INCLUDE, true, PAGE);
        asked = new CountDownLatch(1);
        save.run();
        assertTrue(asked.await(10, TimeUnit.SECONDS), "the save asked for the model's state");
        float[][] after = steps(frames);   // the first of them took the snapshot
        Path file = music.file(SceneMusic.key(name));
        for (int i = 0; i < 500 && !Files.exists(file); i++) Thread.sleep(10);
        music.settle();
        assertTrue(Files.exists(file), "state file " + file);
        return after;
    }

    /** Waits until a recall asked for a swap (it runs at the next {@link #step}). */
    void awaitSwap() throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < end) {
            synchronized (swaps) {
                if (!swaps.isEmpty()) return;
            }
            Thread.sleep(5);
        }
        throw new AssertionError("no state swap was asked for; music status: " + registry.snapshot().text(registry.require(SceneMusic.STATUS)));
    }

    double temperature() {
        return registry.snapshot().number(registry.require(StandardParams.TEMPERATURE));
    }

    @Override
    public void close() {
        music.close();
        model.close();
    }
}
