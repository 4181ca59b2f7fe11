package mrtbox.appliance.service;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import mrtbox.appliance.config.LoadedConfig;
import mrtbox.appliance.config.MrtboxConfig;
import mrtbox.appliance.config.ResolvedPaths;
import mrtbox.appliance.state.StateStore;
import mrtbox.control.param.ParameterRegistry;
import mrtbox.control.scene.SceneBook;

/**
 * What every component can use: the config, the directories, the state store, the parameter registry, the scenes,
 * and whatever earlier components {@link #provide provided} (the engine provides itself; the audio output asks for
 * it with {@link #require}).
 */
public final class ApplianceContext {
    private final LoadedConfig config;
    private final ResolvedPaths paths;
    private final StateStore store;
    private final ParameterRegistry registry;
    private final SceneBook scenes;
    private final Map<Class<?>, Object> services = new ConcurrentHashMap<>();
    private volatile Runnable lastStateFlush = () -> {};
    private volatile Consumer<String> exitRequest = why -> {
        throw new IllegalStateException("cannot exit (" + why + "): this appliance runs without a service around it");
    };

    public ApplianceContext(LoadedConfig config, ResolvedPaths paths, StateStore store, ParameterRegistry registry, SceneBook scenes) {
        this.config = config;
        this.paths = paths;
        this.store = store;
        this.registry = registry;
        this.scenes = scenes;
    }

    public MrtboxConfig config() { return config.config(); }
    public LoadedConfig loadedConfig() { return config; }
    public ResolvedPaths paths() { return paths; }
    public StateStore store() { return store; }
    public ParameterRegistry registry() { return registry; }
    public SceneBook scenes() { return scenes; }

    /** Saves the playing values now (before a power-off), instead of after the debounce. */
    public void flushLastState() {
        lastStateFlush.run();
    }

    void lastStateFlush(Runnable flush) {
        this.lastStateFlush = flush;
    }

    /**
     * Asks the process around the appliance ({@code mrtbox run}) to stop cleanly and exit, as SIGTERM would; under
     * systemd ({@code Restart=always}) the service then starts afresh. Returns at once.
     */
    public void requestExit(String why) {
        exitRequest.accept(why);
    }

    void exitRequest(Consumer<String> handler) {
        this.exitRequest = handler;
    }

    /** Offers {@code service} to the components made after this one. One provider per type. */
    public <T> void provide(Class<T> type, T service) {
        if (services.putIfAbsent(type, type.cast(service)) != null) {
            throw new IllegalStateException(type.getSimpleName() + " is already provided");
        }
    }

    /** A service an earlier component provided, if any did (for optional collaborators). */
    public <T> Optional<T> find(Class<T> type) {
        return Optional.ofNullable(services.get(type)).map(type::cast);
    }

    /** A service an earlier component provided; fails with the type's name when none did (a wiring mistake). */
    public <T> T require(Class<T> type) {
        Object s = services.get(type);
        if (s == null) throw new IllegalStateException("no component provides " + type.getSimpleName() + " (check the order in Components)");
        return type.cast(s);
    }
}
