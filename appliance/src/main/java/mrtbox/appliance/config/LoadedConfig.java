package mrtbox.appliance.config;

import java.time.Clock;
import java.util.Optional;
import mrtbox.appliance.state.JsonDocuments;
import mrtbox.appliance.state.Loaded;

/**
 * The config in effect and where it came from. A file that cannot be used is reported ({@link #problem()}), copied
 * to a timestamped backup beside it when the directory allows, left in place for its owner to fix, and the box
 * runs on the built-in defaults.
 */
public record LoadedConfig(MrtboxConfig config, ConfigLocator.Source source, Optional<String> problem) {

    public static LoadedConfig load(ConfigLocator.Source source, Clock clock) {
        if (!source.isFile()) return new LoadedConfig(MrtboxConfig.defaults(), source, Optional.empty());
        Loaded<MrtboxConfig> read = new JsonDocuments(clock).read(source.file(), MrtboxConfig.TYPE, JsonDocuments.Backup.COPY);
        String problem = read.problem() == null ? null : "config " + read.problemReport();
        return new LoadedConfig(read.value(), source, Optional.ofNullable(problem));
    }

    /** {@code /etc/mrtbox/mrtbox.json (system config)} or {@code built-in defaults}. */
    public String describeSource() {
        return source.isFile() ? source.file() + " (" + source.origin() + ")" : source.origin();
    }
}
