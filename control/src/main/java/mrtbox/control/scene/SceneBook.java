package mrtbox.control.scene;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import mrtbox.control.param.ChangeSource;
import mrtbox.control.param.ParamHandle;
import mrtbox.control.param.ParamSnapshot;
import mrtbox.control.param.ParameterRegistry;
import mrtbox.control.param.SetOutcome;

/**
 * The scenes of one box: save the registry's persistent values under a name, recall them, list, rename, delete.
 * Thread-safe. Persistence lives outside (the appliance's state store listens and writes the file).
 */
public final class SceneBook {
    /**
     * Told after every change to the set of scenes, with the full new set. Calls never overlap, and the last call
     * always carries the latest set, so a listener that writes the set to disk ends with the right file.
     */
    public interface Listener {
        void scenesChanged(List<Scene> scenes);
    }

    /**
     * What a scene carries beyond its values (the model's state, kept by the appliance): told after each save,
     * recall, rename and delete, on the caller's thread. It must not block for long (slow work goes to its own thread).
     */
    public interface Music {
        void saved(Scene scene);

        /** After the scene's values were applied; returns what to add to the recall's problems (none: empty). */
        List<String> recalled(Scene scene);

        void renamed(String from, String to);

        void deleted(String name);

        Music NONE = new Music() {
            @Override public void saved(Scene scene) { }
            @Override public List<String> recalled(Scene scene) { return List.of(); }
            @Override public void renamed(String from, String to) { }
            @Override public void deleted(String name) { }
        };
    }

    private final ParameterRegistry registry;
    private volatile Music music = Music.NONE;
    private final Map<String, Scene> scenes = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    /** Serialises notifications: each one reads the set inside this lock, so the last one told is never stale. */
    private final Object fireLock = new Object();

    public SceneBook(ParameterRegistry registry) {
        this.registry = registry;
    }

    /** Who keeps the scenes' music (set once by the composition root, before the frontends start). */
    public void music(Music music) {
        this.music = java.util.Objects.requireNonNull(music, "music");
    }

    /** Replaces all scenes without notifying listeners: used when loading from disk. */
    public synchronized void load(List<Scene> loaded) {
        scenes.clear();
        for (Scene s : loaded) scenes.put(s.name(), s);
    }

    /** Saves the current persistent values under {@code name}, replacing a scene of that name. */
    public Scene save(String name) {
        Scene scene = new Scene(name, registry.snapshot().persistentValues());
        synchronized (this) {
            scenes.remove(scene.name()); // keep the new spelling when only the case differs
            scenes.put(scene.name(), scene);
        }
        fire();
        music.saved(scene);
        return scene;
    }

    public synchronized Optional<Scene> get(String name) {
        return Optional.ofNullable(scenes.get(name == null ? "" : name.strip()));
    }

    /** Scenes in name order; program change N recalls the N-th (0-based) of this list. */
    public synchronized List<Scene> list() {
        List<Scene> out = new ArrayList<>(scenes.values());
        out.sort(Comparator.comparing(Scene::name, String.CASE_INSENSITIVE_ORDER));
        return out;
    }

    public Optional<Scene> byIndex(int index) {
        List<Scene> all = list();
        return index >= 0 && index < all.size() ? Optional.of(all.get(index)) : Optional.empty();
    }

    public boolean delete(String name) {
        boolean removed;
        synchronized (this) {
            removed = scenes.remove(name == null ? "" : name.strip()) != null;
        }
        if (removed) {
            fire();
            music.deleted(name.strip());
        }
        return removed;
    }

    /** Renames a scene; fails when the old name is missing or the new one is taken by another scene. */
    public void rename(String from, String to) {
        String oldName;
        String newName;
        synchronized (this) {
            Scene old = scenes.get(from == null ? "" : from.strip());
            if (old == null) throw new IllegalArgumentException("no scene '" + from + "'");
            newName = Scene.checkName(to);
            oldName = old.name();
            Scene clash = scenes.get(newName);
            if (clash != null && clash != old) throw new IllegalArgumentException("a scene named '" + newName + "' exists");
            scenes.remove(old.name());
            scenes.put(newName, new Scene(newName, old.values()));
        }
        fire();
        music.renamed(oldName, newName);
    }

    /**
     * Applies a scene's values through the registry (validated like any other write), then its music, if it carries
     * any (what the music could not bring back is in the report's problems).
     */
    public RecallReport recall(String name) {
        Scene scene = get(name).orElseThrow(() -> new IllegalArgumentException("no scene '" + name + "'"));
        RecallReport values = apply(scene.name(), scene.values(), registry, ChangeSource.SCENE);
        List<String> more = music.recalled(scene);
        if (more.isEmpty()) return values;
        List<String> problems = new ArrayList<>(values.problems());
        problems.addAll(more);
        return new RecallReport(values.scene(), values.applied(), problems);
    }

    /**
     * Applies stored values (a scene, the last state) to a registry. Everything valid is applied; every value that
     * was refused, or applied only after an adjustment (clamped, truncated), is listed in the report's problems.
     */
    public static RecallReport apply(String label, Map<String, Object> values, ParameterRegistry registry, ChangeSource source) {
        ParamSnapshot snap = registry.snapshot();
        Map<ParamHandle, Object> batch = new LinkedHashMap<>();
        List<String> skipped = new ArrayList<>(values.size());   // per entry, in order: why it was left out, or null
        for (Map.Entry<String, Object> e : values.entrySet()) {
            ParamHandle h = snap.handle(e.getKey());
            if (h == null) {
                skipped.add(e.getKey() + ": no such parameter in this configuration (kept, not applied)");
            } else if (!h.spec().persistent()) {
                skipped.add(e.getKey() + ": a " + h.spec().type().name().toLowerCase() + " is not a stored value, ignored");
            } else {
                batch.put(h, e.getValue());
                skipped.add(null);
            }
        }
        // One registry change: the engine hears the whole scene at one step, never half of it.
        var outcomes = registry.setAll(batch, source).iterator();
        int applied = 0;
        List<String> problems = new ArrayList<>();
        for (String why : skipped) {
            if (why != null) {
                problems.add(why);
                continue;
            }
            SetOutcome o = outcomes.next();
            if (o.ok()) applied++;
            if (o.reason() != null) problems.add(o.id() + ": " + o.reason() + (o.ok() ? " (applied)" : ""));
        }
        return new RecallReport(label, applied, problems);
    }

    public void addListener(Listener l) {
        listeners.add(l);
    }

    private void fire() {
        synchronized (fireLock) {
            List<Scene> all = list();
            for (Listener l : listeners) l.scenesChanged(all);
        }
    }
}
