package mrtbox.appliance.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The directories the box uses, decided once at start.
 *
 * <p>State (scenes, mappings, last state): {@code paths.state} from the config; else {@code $STATE_DIRECTORY}
 * (systemd's {@code StateDirectory=}); else {@code /var/lib/mrtbox} when it is or can be made writable; else
 * {@code $XDG_STATE_HOME/mrtbox} ({@code ~/.local/state/mrtbox}). Models: {@code paths.models}, else
 * {@code <state>/models}. Cache: {@code paths.cache}, else {@code $CACHE_DIRECTORY}, else {@code <state>/cache}.
 * Relative paths in the config are taken from the config file's directory.
 */
public record ResolvedPaths(Path state, String stateOrigin, Path models, Path cache) {

    /** Resolves and creates the state directory (models and cache are created by whoever fills them). */
    public static ResolvedPaths resolve(LoadedConfig loaded, Environment env) {
        MrtboxConfig.Dirs dirs = loaded.config().paths();
        Path base = loaded.source().isFile() ? loaded.source().file().getParent() : env.workingDir();
        Path state;
        String origin;
        if (dirs.state() != null) {
            state = base.resolve(dirs.state());
            origin = "paths.state in the config";
        } else if (env.get("STATE_DIRECTORY").isPresent()) {
            state = Path.of(env.get("STATE_DIRECTORY").get().split(":")[0]);
            origin = "$STATE_DIRECTORY";
        } else if (usable(env.systemState())) {
            state = env.systemState();
            origin = "system state directory";
        } else {
            Path xdg = env.get("XDG_STATE_HOME").map(Path::of).orElse(env.home().resolve(".local").resolve("state"));
            state = xdg.resolve("mrtbox");
            origin = "$XDG_STATE_HOME/mrtbox";
        }
        state = state.toAbsolutePath().normalize();
        try {
            Files.createDirectories(state);
        } catch (IOException e) {
            throw new ConfigException("cannot create the state directory " + state + " (" + origin + "): " + e);
        }
        if (!Files.isWritable(state)) throw new ConfigException("the state directory " + state + " (" + origin + ") is not writable");
        Path models = dirs.models() != null ? base.resolve(dirs.models()) : state.resolve("models");
        Path cache = dirs.cache() != null ? base.resolve(dirs.cache())
                : env.get("CACHE_DIRECTORY").map(c -> Path.of(c.split(":")[0])).orElse(state.resolve("cache"));
        return new ResolvedPaths(state, origin, models.toAbsolutePath().normalize(), cache.toAbsolutePath().normalize());
    }

    /** Writable now, or creatable (a fresh box where the package has not made it yet and we run as root). */
    private static boolean usable(Path dir) {
        if (Files.isDirectory(dir)) return Files.isWritable(dir);
        if (Files.exists(dir)) return false;
        try {
            Files.createDirectories(dir);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
