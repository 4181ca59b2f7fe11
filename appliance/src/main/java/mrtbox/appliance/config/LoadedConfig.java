package mrtbox.appliance.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import mrtbox.appliance.state.DocumentProblem;
import mrtbox.appliance.state.JsonDocuments;

/**
 * The config in effect and where it came from. A field that cannot be used costs only that field
 * ({@link ConfigReader}): it is reported ({@link #problems()}), the file is copied to a timestamped backup beside it
 * when the directory allows and left in place for its owner to fix, and the rest of the file applies. Security
 * settings that cannot be read fall back to loopback only, no mDNS.
 *
 * @param backup where a copy of a file with problems was kept (null when none was made or needed)
 */
public record LoadedConfig(MrtboxConfig config, ConfigLocator.Source source, List<DocumentProblem> problems, Path backup) {

    public LoadedConfig {
        problems = List.copyOf(problems);
    }

    public static LoadedConfig load(ConfigLocator.Source source, Clock clock) {
        if (!source.isFile()) return new LoadedConfig(MrtboxConfig.defaults(), source, List.of(), null);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(source.file());
        } catch (IOException e) {
            // Unreadable (permissions, I/O error): nothing is known, so the safe choice holds; the file is left alone.
            List<DocumentProblem> p = List.of(new DocumentProblem(source.file(), 0, 0, "", "cannot read: " + e
                    + "; security settings fell back to the safe choice (loopback only, no mDNS)"));
            return new LoadedConfig(ConfigReader.safeDefaults(), source, p, null);
        }
        ConfigReader.Result read = ConfigReader.read(source.file(), bytes);
        if (read.problems().isEmpty()) return new LoadedConfig(read.config(), source, List.of(), null);
        Path kept = null;
        List<DocumentProblem> problems = read.problems();
        try {
            kept = new JsonDocuments(clock).keepCopy(source.file());
        } catch (IOException e) {
            problems = new java.util.ArrayList<>(problems);
            problems.add(new DocumentProblem(source.file(), 0, 0, "", "no backup could be made: " + e.getMessage()));
        }
        return new LoadedConfig(read.config(), source, problems, kept);
    }

    /**
     * One line for the log and the status, empty when the file was fine:
     * {@code /etc/mrtbox/mrtbox.json:4:13: osc.port: expected ...; the file was kept as ...; everything else in it applies}.
     */
    public Optional<String> problem() {
        if (problems.isEmpty()) return Optional.empty();
        String each = problems.stream().map(DocumentProblem::toString).collect(Collectors.joining("; "));
        return Optional.of(each + (backup != null ? "; the file was kept as " + backup : "")
                + "; everything else in it applies");
    }

    /** {@code /etc/mrtbox/mrtbox.json (system config)} or {@code built-in defaults}. */
    public String describeSource() {
        return source.isFile() ? source.file() + " (" + source.origin() + ")" : source.origin();
    }
}
