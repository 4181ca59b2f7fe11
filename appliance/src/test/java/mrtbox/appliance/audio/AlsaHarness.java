package mrtbox.appliance.audio;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Runs real ALSA paths for tests: a test HOME with an .asoundrc, an optional JACK dummy server (its own server
 * name, so parallel runs do not meet), and child JVMs on the test class path. Everything it starts it stops.
 * Missing tools fail the test loudly (the launcher installs alsa-utils, libasound2-plugins and jackd2).
 */
final class AlsaHarness implements AutoCloseable {
    private final Path home;
    // one server name per test JVM: JACK keeps a small registry of server names, and a server that is shut
    // down with SIGTERM removes its entry (a SIGKILLed one is reclaimed by the next server of the same name)
    private static final String JACK_NAME = "mrtbox-test-" + ProcessHandle.current().pid();
    private final String jackName = JACK_NAME;
    private Process jackd;
    private final List<Process> children = new ArrayList<>();

    AlsaHarness(Path home) {
        this.home = home;
    }

    /** The recipes from platform.md: JACK playback, optionally through the file plugin that captures every byte. */
    /** Any .asoundrc text (for device listing cases). */
    void writeAsoundrcText(String text) throws IOException {
        Files.writeString(home.resolve(".asoundrc"), text);
    }

    void writeAsoundrc(Path captureFile) throws IOException {
        String jack = "pcm.jackplug { type plug; slave.pcm \"jackout\" }\n"
                + "pcm.jackout { type jack; playback_ports { 0 system:playback_1 1 system:playback_2 } }\n";
        String dflt = captureFile == null
                ? "pcm.!default { type plug; slave.pcm \"jackout\" }\n"
                : "pcm.!default { type file; slave.pcm \"jackplug\"; file \"" + captureFile + "\"; format \"raw\" }\n";
        Files.writeString(home.resolve(".asoundrc"), dflt + jack);
    }

    void startJack() throws Exception {
        requireTool("jackd");
        requireTool("jack_wait");
        try {
            startJackOnce();
        } catch (IllegalStateException e) {
            // JACK keeps at most 8 server names in /dev/shm/jack-shm-registry; servers killed with SIGKILL leave
            // theirs behind. When no JACK server runs at all, every entry is stale: clear them and try once more.
            boolean anyJackd = ProcessHandle.allProcesses()
                    .anyMatch(p -> p.info().command().map(c -> c.endsWith("/jackd")).orElse(false));
            if (!e.getMessage().contains("Too many servers") || anyJackd) throw e;
            Files.deleteIfExists(Path.of("/dev/shm/jack-shm-registry"));
            startJackOnce();
        }
    }

    private void startJackOnce() throws Exception {
        ProcessBuilder pb = new ProcessBuilder("jackd", "-n", jackName, "--no-realtime", "-d", "dummy", "-r", "48000", "-p", "256");
        pb.environment().put("JACK_DEFAULT_SERVER", jackName);
        pb.environment().put("HOME", home.toString());
        pb.redirectErrorStream(true).redirectOutput(home.resolve("jackd.log").toFile());
        jackd = pb.start();
        Process wait = new ProcessBuilder("jack_wait", "-s", jackName, "-w", "-t", "10").redirectErrorStream(true).start();
        String out = new String(wait.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!wait.waitFor(15, TimeUnit.SECONDS) || wait.exitValue() != 0 || !jackd.isAlive()) {
            String log = Files.readString(home.resolve("jackd.log"));
            stopJack();
            throw new IllegalStateException("jackd did not start: " + log + "\n" + out);
        }
    }

    /** The JACK server's port names ({@code jack_lsp}). */
    List<String> jackPorts() throws Exception {
        Process p = new ProcessBuilder("jack_lsp", "-s", jackName).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.SECONDS)) throw new IllegalStateException("jack_lsp hangs");
        return out.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    /** Connects two JACK ports ({@code jack_connect}); fails loudly when JACK refuses. */
    void jackConnect(String from, String to) throws Exception {
        requireTool("jack_connect");
        Process p = new ProcessBuilder("jack_connect", "-s", jackName, from, to).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("jack_connect " + from + " " + to + " failed: " + out);
        }
    }

    /** Kills the JACK server hard (SIGKILL), as a crash would. */
    void killJack() throws InterruptedException {
        if (jackd == null) return;
        jackd.destroyForcibly();
        jackd.waitFor(5, TimeUnit.SECONDS);
        jackd = null;
    }

    /** Shuts the JACK server down cleanly (SIGTERM), so it leaves no registry entry behind. */
    private void stopJack() throws InterruptedException {
        if (jackd == null) return;
        jackd.destroy();
        if (!jackd.waitFor(5, TimeUnit.SECONDS)) jackd.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        jackd = null;
    }

    /** A child JVM running {@link AlsaScenarioMain}; its output lines are collected as they come. */
    Child launch(String... args) throws IOException {
        return launchMain(AlsaScenarioMain.class.getName(), args);
    }

    /** A child JVM running {@code mainClass} with this harness's HOME and JACK server. */
    Child launchMain(String mainClass, String... args) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx256m", "--add-modules=jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                mainClass));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("HOME", home.toString());
        pb.environment().put("JACK_DEFAULT_SERVER", jackName);
        pb.environment().put("JACK_NO_START_SERVER", "1");   // libjack must not spawn a server of its own
        Process p = pb.start();
        children.add(p);
        return new Child(p);
    }

    private static void requireTool(String tool) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("sh", "-c", "command -v " + tool).start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException(tool + " is not installed: install alsa-utils libasound2-plugins jackd2 "
                    + "(./mrtbox test does it)");
        }
    }

    @Override
    public void close() {
        try {
            for (Process p : children) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
            stopJack();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static final class Child {
        private final Process process;
        final List<String> lines = new CopyOnWriteArrayList<>();
        private final Thread reader;

        Child(Process process) {
            this.process = process;
            this.reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    String l;
                    while ((l = r.readLine()) != null) lines.add(l);
                } catch (IOException ignored) {
                    // the process ended
                }
            }, "child-output");
            reader.setDaemon(true);
            reader.start();
        }

        void awaitLine(String prefix, long timeoutMs) throws InterruptedException {
            long end = System.currentTimeMillis() + timeoutMs;
            while (System.currentTimeMillis() < end) {
                if (lines.stream().anyMatch(l -> l.startsWith(prefix))) return;
                Thread.sleep(20);
            }
            throw new AssertionError("child printed no " + prefix + " line within " + timeoutMs + " ms:\n" + String.join("\n", lines));
        }

        /** Waits for the exit and returns the exit code. */
        int exit(long timeoutMs) throws InterruptedException {
            if (!process.waitFor(timeoutMs, TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("child did not finish within " + timeoutMs + " ms:\n" + String.join("\n", lines));
            }
            reader.join(2000);
            return process.exitValue();
        }

        /** Waits for the exit; returns the RESULT line's values. */
        java.util.Map<String, String> finish(long timeoutMs) throws InterruptedException {
            if (!process.waitFor(timeoutMs, TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("child did not finish within " + timeoutMs + " ms:\n" + String.join("\n", lines));
            }
            reader.join(2000);
            if (process.exitValue() != 0) throw new AssertionError("child failed:\n" + String.join("\n", lines));
            return values(lines.stream().filter(l -> l.startsWith("RESULT ")).findFirst()
                    .orElseThrow(() -> new AssertionError("no RESULT line:\n" + String.join("\n", lines))));
        }

        String output() {
            return String.join("\n", lines);
        }
    }

    static java.util.Map<String, String> values(String line) {
        java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
        for (String part : line.split(" ")) {
            int eq = part.indexOf('=');
            if (eq > 0) m.put(part.substring(0, eq), part.substring(eq + 1));
        }
        return m;
    }
}
