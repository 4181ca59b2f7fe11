package mrtbox.appliance.catalog;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The models this build can open, by name. {@link #standard()} holds the built-in providers plus any
 * {@link ModelProvider} found with {@link ServiceLoader} on the class path (that is also how tests add their
 * deterministic test model, from test resources only: it is never part of the shipped jar).
 */
public final class ModelCatalog {
    private final Map<String, ModelProvider> byName = new TreeMap<>();

    public ModelCatalog(List<ModelProvider> providers) {
        for (ModelProvider p : providers) {
            if (byName.putIfAbsent(p.name(), p) != null) {
                throw new IllegalArgumentException("two models are named '" + p.name() + "'");
            }
        }
    }

    /**
     * The catalog of this build. Built-in models are added to {@code BUILT_IN} as they land (tiny-v1, the MRT v1
     * and MRT2 loaders); ServiceLoader adds the rest.
     */
    public static ModelCatalog standard() {
        return standard(null);
    }

    /** {@link #standard()} plus the models installed under {@code modelsDir} (see {@link InstalledModelProvider}). */
    public static ModelCatalog standard(java.nio.file.Path modelsDir) {
        List<ModelProvider> all = new ArrayList<>(builtIn());
        all.addAll(InstalledModelProvider.scan(modelsDir));
        for (ModelProvider p : ServiceLoader.load(ModelProvider.class)) all.add(p);
        return new ModelCatalog(all);
    }

    private static List<ModelProvider> builtIn() {
        return List.of(new TinyV1Provider(), new TinyMrt2Provider());
    }

    public List<ModelProvider> providers() {
        return Collections.unmodifiableList(new ArrayList<>(byName.values()));
    }

    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    /** The provider for a name; throws with the names on offer when there is none. */
    public ModelProvider require(String name) {
        ModelProvider p = byName.get(name);
        if (p != null) return p;
        String offer = byName.isEmpty()
                ? "this build has no models yet"
                : "models: " + byName.keySet().stream().collect(Collectors.joining(", "));
        throw new IllegalArgumentException("unknown model '" + name + "'; " + offer);
    }
}
