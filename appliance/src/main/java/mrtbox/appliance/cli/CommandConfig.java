package mrtbox.appliance.cli;

import java.nio.file.Path;
import java.time.Clock;
import mrtbox.appliance.config.ConfigException;
import mrtbox.appliance.config.ConfigLocator;
import mrtbox.appliance.config.Environment;
import mrtbox.appliance.config.LoadedConfig;
import mrtbox.appliance.config.ResolvedPaths;

/**
 * The config and directories a command works with, found as {@code mrtbox run} finds them (--config, then
 * $MRTBOX_CONFIG, ./mrtbox.json, XDG, /etc). A named config that is missing is a one-line {@link UserError}; the
 * problems of a config that is read (each bad field costs only itself) are logged here, the same for every command.
 */
record CommandConfig(LoadedConfig loaded, ResolvedPaths paths) {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(CommandConfig.class);

    /** @param configOption the command's {@code --config} value, or null */
    static CommandConfig load(Path configOption) {
        Environment env = Environment.current();
        try {
            LoadedConfig loaded = LoadedConfig.load(ConfigLocator.locate(configOption, env), Clock.systemUTC());
            loaded.problem().ifPresent(p -> log.error("config: {}", p));
            return new CommandConfig(loaded, ResolvedPaths.resolve(loaded, env));
        } catch (ConfigException e) {
            throw new UserError(e.getMessage());
        }
    }
}
