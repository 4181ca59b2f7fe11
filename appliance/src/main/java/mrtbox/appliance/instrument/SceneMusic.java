package mrtbox.appliance.instrument;

import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import mrtbox.appliance.service.Component;
import mrtbox.control.param.ChangeSource;
import mrtbox.control.param.ParamSpec;
import mrtbox.control.param.ParamType;
import mrtbox.control.param.ParameterRegistry;
import mrtbox.control.scene.Scene;
import mrtbox.control.scene.SceneBook;
import mrtbox.inference.model.StreamingModel;
import mrtbox.inference.mrt2.Mrt2FrameModel;
import mrtbox.inference.mrtv1.MrtV1ChunkModel;
import mrtbox.inference.weights.SafetensorsFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scenes that remember the music: with {@code scene.include_music} on, saving a scene also stores the model's state
 * (MRT2: the state snapshot of the next whole frame; MRT v1: its context tokens, tail, seed and chunk counter at the
 * next chunk boundary) as {@code <state>/scene-states/<scene>.safetensors}, written
 * atomically, its metadata naming the scene, the model and the model's state layout. Recalling the scene (page, OSC,
 * MIDI program change, GPIO, schedule: every path goes through {@link SceneBook#recall}) puts that state back at the
 * engine's next step boundary with an equal-power crossfade over {@code scene.crossfade_ms} from the audio already
 * buffered ({@link mrtbox.inference.engine.Engine#swapState}). A state saved with another model is refused with a
 * message in the recall's problems and the values alone are recalled.
 *
 * <p>The states of the first {@value #HELD} scenes in name order (MIDI programs 0 to 15) and of the scenes recalled
 * last are held in memory, so a program change swaps at once; others are read on this class's worker first. A
 * damaged state file costs only itself: it is kept as a timestamped {@code .bak} and named in health.
 */
public final class SceneMusic implements SceneBook.Music, Component, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SceneMusic.class);
    public static final String INCLUDE = "scene.include_music";
    public static final String CROSSFADE = "scene.crossfade_ms";
    public static final String STATUS = "scene.music_status";
    /** States held in memory (MRT2 small with true CFG: 23.6 MiB each; MRT v1: 47 KiB; see the README). */
    public static final int HELD = 16;
    static final String DIR = "scene-states";
    static final String SUFFIX = ".safetensors";
    private static final long SNAPSHOT_TIMEOUT_MS = 5000;
    private static final ChangeSource SOURCE = ChangeSource.of(ChangeSource.Kind.ENGINE, "scenes");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    /** Changes the model's state at the engine's next step boundary, crossfading over the given milliseconds. */
    @FunctionalInterface
    public interface Swapper {
        void swap(Runnable atStepBoundary, double crossfadeMs);
    }

    /**
     * The model playing now: its name, and for a model whose state scenes can carry (MRT2, MRT v1) its states and the
     * way to swap them; a model without ({@code states} null) still lets a recall say why the music stays.
     */
    public record Player(String name, SceneStates states, Swapper swapper) {
        /** The player for this model: with its states when it is a model whose state scenes carry. */
        public static Player of(StreamingModel model, Swapper swapper) {
            String name = model.info().name();
            if (model instanceof Mrt2FrameModel m) return new Player(name, SceneStates.of(m), swapper);
            if (model instanceof MrtV1ChunkModel m) return new Player(name, SceneStates.of(m), swapper);
            return without(name);
        }

        public static Player without(String name) {
            return new Player(name, null, null);
        }

        String layout() {
            return states == null ? "" : states.layout();
        }
    }

    /** What a state file says it belongs to (its metadata). */
    record Stored(String scene, String model, String layout) {}

    private final ParameterRegistry registry;
    private final SceneBook scenes;
    private final Path dir;
    private final Clock clock;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "mrtbox-scene-music");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Stored> index = new ConcurrentHashMap<>();   // scene key -> its file's metadata
    private final Map<String, Object> held = new LinkedHashMap<>(16, 0.75f, true);   // guarded by itself; access order
    private final Map<String, String> problems = new ConcurrentHashMap<>();   // file name -> what is wrong
    private volatile Player player;

    /** Registers the scene music parameters (before the last state is restored, so their values come back). */
    public SceneMusic(ParameterRegistry registry, SceneBook scenes, Path stateDir, Clock clock) {
        this.registry = registry;
        this.scenes = scenes;
        this.dir = stateDir.resolve(DIR);
        this.clock = clock;
        for (ParamSpec spec : parameters()) if (registry.handle(spec.id()) == null) registry.register(spec);
    }

    static List<ParamSpec> parameters() {
        return List.of(
                ParamSpec.builder(INCLUDE, ParamType.BOOL).defaultValue(false)
                        .description("Saving a scene also stores the model's state (the music playing), recalled with the scene")
                        .label("Scenes include music").group("Scenes").build(),
                ParamSpec.builder(CROSSFADE, ParamType.FLOAT).range(10, 1000).defaultValue(50).unit("ms").clampOutOfRange()
                        .description("Equal-power crossfade from the old music to a recalled scene's (at most what the engine has buffered: 55 ms for MRT2, 240 ms for MRT v1)")
                        .label("Scene crossfade").group("Scenes").build(),
                ParamSpec.builder(STATUS, ParamType.TEXT).defaultText("").maxLength(400).transientValue()
                        .description("How the last scene music save or recall went (read only)").label("Scene music status").group("Scenes").build());
    }

    /**
     * The model now playing (the engine calls this once it runs): reads the state files' metadata and, on the
     * worker, the states of the first {@value #HELD} scenes that this model can take.
     */
    public void attach(Player p) {
        player = p;
        index.clear();
        synchronized (held) {
            held.clear();
        }
        if (!Files.isDirectory(dir)) return;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            for (Path f : files) {
                String key = keyOfFile(f);
                try (SafetensorsFile sf = SafetensorsFile.open(f)) {
                    Map<String, String> m = sf.metadata();
                    index.put(key, new Stored(m.getOrDefault("scene", key), m.getOrDefault("model", "?"), m.getOrDefault("layout", "")));
                } catch (IOException | RuntimeException e) {
                    damaged(f, e);
                }
            }
        } catch (IOException e) {
            problems.put(DIR, "cannot list " + dir + ": " + e.getMessage());
        }
        if (p.states() == null) return;
        background(() -> {
            int n = 0;
            for (Scene s : scenes.list()) {
                if (n++ >= HELD) break;
                String key = key(s.name());
                Stored st = index.get(key);
                if (st == null || !belongs(st, p)) continue;
                try {
                    hold(key, p.states().read(file(key)));
                } catch (IOException | RuntimeException e) {
                    damaged(file(key), e);
                }
            }
        });
    }

    /** The model stopped playing: recalls bring back values only until the next {@link #attach}. */
    public void detach() {
        player = null;
    }

    @Override
    public void saved(Scene scene) {
        String key = key(scene.name());
        if (!registry.snapshot().bool(registry.require(INCLUDE))) {
            if (index.containsKey(key)) forget(key, "saved without music: its old music is gone");
            return;
        }
        Player p = player;
        if (p == null || p.states() == null) {
            status("scene '" + scene.name() + "' saved without music: " + (p == null ? "no model plays" : p.name() + " keeps no scene music"));
            return;
        }
        background(() -> {
            try {
                Object s;
                try {
                    s = p.states().atNextStep().get(SNAPSHOT_TIMEOUT_MS, TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    throw new IllegalStateException("the model took no step in " + SNAPSHOT_TIMEOUT_MS / 1000 + " s: music is saved while playing");
                }
                Path file = file(key);
                Files.createDirectories(dir);
                Path tmp = dir.resolve(file.getFileName() + ".tmp");
                String layout = p.layout();
                p.states().write(s, tmp, Map.of("scene", scene.name(), "layout", layout));
                try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                    ch.force(true);
                }
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                index.put(key, new Stored(scene.name(), p.name(), layout));
                hold(key, s);
                problems.remove(file.getFileName().toString());
                status(String.format("saved the music of scene '%s' with %s (%d KiB)", scene.name(), p.name(), p.states().bytes(s) / 1024));
            } catch (Exception e) {
                status("saving the music of scene '" + scene.name() + "' failed: " + message(e));
            }
        });
    }

    @Override
    public List<String> recalled(Scene scene) {
        String key = key(scene.name());
        Stored st = index.get(key);
        if (st == null) return List.of();   // a scene of values only
        Player p = player;
        if (p == null || !belongs(st, p)) {
            String why = "music of scene '" + scene.name() + "' was saved with " + st.model() + ", this box plays "
                    + (p == null ? "no model" : p.name() + (p.states() == null ? " (which keeps no scene music)" : st.model().equals(p.name()) ? " with another state layout" : ""))
                    + ": values recalled, music not";
            status(why);
            return List.of(why);
        }
        double ms = registry.snapshot().number(registry.require(CROSSFADE));
        Object now;
        synchronized (held) {
            now = held.get(key);
        }
        if (now != null) {
            swap(p, now, ms);
            status("recalled the music of scene '" + scene.name() + "' (held in memory)");
            return List.of();
        }
        background(() -> {
            try {
                Object s = p.states().read(file(key));
                hold(key, s);
                swap(p, s, ms);
                status("recalled the music of scene '" + scene.name() + "' (read from its file)");
            } catch (IOException | RuntimeException e) {
                damaged(file(key), e);
                status("the music of scene '" + scene.name() + "' could not be read (kept as .bak): " + message(e) + "; values recalled");
            }
        });
        return List.of();
    }

    @Override
    public void renamed(String from, String to) {
        String a = key(from);
        String b = key(to);
        if (a.equals(b) || !index.containsKey(a)) return;
        background(() -> {
            try {
                Files.move(file(a), file(b), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                Stored st = index.remove(a);
                index.put(b, new Stored(to, st.model(), st.layout()));
                synchronized (held) {
                    Object s = held.remove(a);
                    if (s != null) held.put(b, s);
                }
            } catch (IOException e) {
                status("moving the music of scene '" + from + "' to '" + to + "' failed: " + message(e));
            }
        });
    }

    @Override
    public void deleted(String name) {
        String key = key(name);
        if (index.containsKey(key)) forget(key, "deleted");
    }

    /** What is wrong with the scene state files (for health), or empty. */
    public String problem() {
        return String.join("; ", problems.values());
    }

    /** States held in memory now. */
    public int heldCount() {
        synchronized (held) {
            return held.size();
        }
    }

    /** Waits for the worker's queued work (tests and a clean stop). */
    void settle() throws Exception {
        worker.submit(() -> { }).get(10, TimeUnit.SECONDS);
    }

    private static boolean belongs(Stored st, Player p) {
        return p.states() != null && st.model().equals(p.name()) && st.layout().equals(p.layout());
    }

    private static void swap(Player p, Object s, double ms) {
        p.swapper().swap(() -> p.states().restore(s), ms);
    }

    private void hold(String key, Object s) {
        synchronized (held) {
            held.put(key, s);
            while (held.size() > HELD) held.remove(held.keySet().iterator().next());   // the least recently used
        }
    }

    private void forget(String key, String why) {
        index.remove(key);
        synchronized (held) {
            held.remove(key);
        }
        background(() -> {
            try {
                Files.deleteIfExists(file(key));
            } catch (IOException e) {
                status("removing the music of '" + key + "' (" + why + ") failed: " + message(e));
            }
        });
    }

    /** A state file that cannot be read: kept aside as a timestamped .bak, reported, and its scene plays values only. */
    private void damaged(Path f, Exception e) {
        String name = f.getFileName().toString();
        index.remove(keyOfFile(f));
        synchronized (held) {
            held.remove(keyOfFile(f));
        }
        Path bak = f.resolveSibling(name + "." + STAMP.format(clock.instant()) + ".bak");
        try {
            Files.move(f, bak, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException moveFailed) {
            log.warn("could not keep {} aside: {}", f, moveFailed.getMessage());
        }
        problems.put(name, name + ": " + message(e) + " (kept as " + bak.getFileName() + ")");
        log.warn("scene music {}: {}; kept as {}", f, message(e), bak.getFileName());
    }

    private void status(String s) {
        log.info("scene music: {}", s);
        registry.set(STATUS, s.length() > 400 ? s.substring(0, 400) : s, SOURCE);
    }

    private static String message(Exception e) {
        Throwable t = e instanceof java.util.concurrent.ExecutionException && e.getCause() != null ? e.getCause() : e;
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }

    /** Scene names are case-insensitive; the file name is the lower-cased name, URL-encoded (any printable name fits). */
    static String key(String sceneName) {
        return sceneName.strip().toLowerCase(Locale.ROOT);
    }

    Path file(String key) {
        return dir.resolve(URLEncoder.encode(key, StandardCharsets.UTF_8) + SUFFIX);
    }

    private static String keyOfFile(Path f) {
        String n = f.getFileName().toString();
        return URLDecoder.decode(n.substring(0, n.length() - SUFFIX.length()), StandardCharsets.UTF_8);
    }

    /** Runs file work on the worker; once the box has stopped it is refused in the scene music status. */
    private void background(Runnable work) {
        try {
            worker.execute(work);
        } catch (RejectedExecutionException stopped) {
            status("scene music has stopped with the box: not done");
        }
    }

    @Override
    public String name() {
        return "scene music";
    }

    @Override
    public void start() {}   // the worker starts with the first file work

    /** Lets queued saves, renames and deletes finish (up to 10 s), then ends the worker thread. */
    @Override
    public void stop() {
        close();
    }

    @Override
    public void close() {
        worker.shutdown();
        try {
            if (!worker.awaitTermination(10, TimeUnit.SECONDS)) worker.shutdownNow();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
