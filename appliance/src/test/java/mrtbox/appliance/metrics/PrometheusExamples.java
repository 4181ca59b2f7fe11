package mrtbox.appliance.metrics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The Prometheus examples the .deb ships ({@code systemd/prometheus/}) and Debian's Prometheus tools to run them
 * with. A missing tool fails the test with what to install: the launcher installs it for {@code ./mrtbox test}.
 */
final class PrometheusExamples {
    static final String SCRAPE = "mrtbox-scrape.yml";
    static final String ALERTS = "mrtbox-alerts.yml";
    static final String ALERT_TESTS = "mrtbox-alerts.test.yml";

    private PrometheusExamples() {}

    static Path dir() {
        Path d = Path.of(System.getProperty("mrtbox.repo.root", ".."), "systemd", "prometheus").toAbsolutePath().normalize();
        if (!Files.isRegularFile(d.resolve(ALERTS))) throw new AssertionError("no Prometheus examples in " + d);
        return d;
    }

    /** {@code /usr/bin/prometheus} or {@code /usr/bin/promtool}, or a failure that says how to get it. */
    static Path tool(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) return p;
        }
        throw new AssertionError(name + " is not installed: apt-get install --no-install-recommends prometheus"
                + " (./mrtbox test installs it)");
    }

    /**
     * The shipped scrape job, pointed at {@code target} with {@code tokenFile} and scraped every second (the test
     * cannot wait 15 s per sample); everything else as shipped.
     */
    static String scrapeConfig(String target, Path tokenFile) throws IOException {
        String shipped = Files.readString(dir().resolve(SCRAPE));
        String out = replaceOnce(shipped, "targets: ['lobby.local:8080', 'stage-left.local:8080']", "targets: ['" + target + "']");
        out = replaceOnce(out, "credentials_file: /etc/prometheus/mrtbox.token", "credentials_file: " + tokenFile);
        out = replaceOnce(out, "scrape_interval: 15s", "scrape_interval: 1s");
        return replaceOnce(out, "scrape_timeout: 10s", "scrape_timeout: 1s");
    }

    private static String replaceOnce(String text, String what, String with) {
        int i = text.indexOf(what);
        if (i < 0 || text.indexOf(what, i + 1) >= 0) throw new AssertionError("the shipped " + SCRAPE + " no longer has '" + what + "' once");
        return text.replace(what, with);
    }

    /** Runs a tool to its end (bounded); returns its exit code and output. */
    static Result run(Path workDir, String... command) throws IOException, InterruptedException {
        Path log = Files.createTempFile("promtool", ".log");
        try {
            Process p = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish within 60 s");
            }
            return new Result(p.exitValue(), Files.readString(log));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    record Result(int exit, String output) {}
}
