package mrtbox.appliance.state;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import mrtbox.control.scene.Scene;

/** {@code scenes.json}: the box's scenes, each a name and parameter values. Validated on read. */
public record ScenesFile(List<Entry> scenes) {
    public static final DocumentType<ScenesFile> TYPE = DocumentType.of("scenes.json", 1, ScenesFile.class, () -> new ScenesFile(List.of()));

    public record Entry(String name, Map<String, Object> values) {
        public Entry {
            name = Scene.checkName(name);
            values = StoredValues.check(values, "value");
        }
    }

    public ScenesFile {
        scenes = scenes == null ? List.of() : List.copyOf(scenes);
        Set<String> seen = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        for (Entry e : scenes) {
            if (!seen.add(e.name())) throw new IllegalArgumentException("two scenes are named '" + e.name() + "'");
        }
    }

    public static ScenesFile of(List<Scene> scenes) {
        List<Entry> entries = new ArrayList<>();
        for (Scene s : scenes) entries.add(new Entry(s.name(), s.values()));
        return new ScenesFile(entries);
    }

    public List<Scene> toScenes() {
        List<Scene> out = new ArrayList<>();
        for (Entry e : scenes) out.add(new Scene(e.name(), e.values()));
        return out;
    }
}
