package mrtbox.appliance.config;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the config file. The first of these that applies wins (files are not merged):
 * <ol>
 *   <li>{@code --config FILE} (must exist)</li>
 *   <li>{@code $MRTBOX_CONFIG} (must exist)</li>
 *   <li>{@code ./mrtbox.json}</li>
 *   <li>{@code $XDG_CONFIG_HOME/mrtbox/mrtbox.json} ({@code ~/.config/mrtbox/mrtbox.json} when unset)</li>
 *   <li>{@code /etc/mrtbox/mrtbox.json}</li>
 *   <li>the built-in defaults</li>
 * </ol>
 */
public final class ConfigLocator {
    public static final String FILE_NAME = "mrtbox.json";
    public static final String ENV_VAR = "MRTBOX_CONFIG";

    /** Where the config comes from: a file ({@code file} set) or the defaults; {@code origin} says which rule chose it. */
    public record Source(Path file, String origin) {
        public static final Source DEFAULTS = new Source(null, "built-in defaults");

        public boolean isFile() {
            return file != null;
        }
    }

    private ConfigLocator() {}

    public static Source locate(Path explicit, Environment env) {
        if (explicit != null) return required(env.workingDir().resolve(explicit), "--config");
        if (env.get(ENV_VAR).isPresent()) return required(env.workingDir().resolve(env.get(ENV_VAR).get()), "$" + ENV_VAR);
        Path local = env.workingDir().resolve(FILE_NAME);
        if (Files.isRegularFile(local)) return new Source(local, "./" + FILE_NAME);
        Path xdgBase = env.get("XDG_CONFIG_HOME").map(Path::of).orElse(env.home().resolve(".config"));
        Path user = xdgBase.resolve("mrtbox").resolve(FILE_NAME);
        if (Files.isRegularFile(user)) return new Source(user, "$XDG_CONFIG_HOME/mrtbox/" + FILE_NAME);
        if (Files.isRegularFile(env.systemConfig())) return new Source(env.systemConfig(), "system config");
        return Source.DEFAULTS;
    }

    private static Source required(Path file, String origin) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("config file " + file + " (from " + origin + ") " + (Files.exists(file) ? "is not a file" : "does not exist"));
        }
        return new Source(file.toAbsolutePath().normalize(), origin);
    }
}
