package mrtbox.appliance.config;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What the search for files looks at: environment variables, the working directory, the home directory and the
 * system locations. {@link #current()} is the real one; tests build their own around temp directories.
 */
public record Environment(Map<String, String> variables, Path workingDir, Path home, Path systemConfig, Path systemState) {
    public static final Path SYSTEM_CONFIG = Path.of("/etc/mrtbox/mrtbox.json");
    public static final Path SYSTEM_STATE = Path.of("/var/lib/mrtbox");

    public Environment {
        variables = Map.copyOf(variables);
    }

    public static Environment current() {
        return new Environment(System.getenv(), Path.of("").toAbsolutePath(), Path.of(System.getProperty("user.home")),
                SYSTEM_CONFIG, SYSTEM_STATE);
    }

    /** A variable's value; empty when unset or blank (systemd and shells both leave blank ones around). */
    public Optional<String> get(String name) {
        String v = variables.get(name);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v);
    }
}
