package mrtbox.appliance;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real child JVM on this test's classpath, with its output (stdout and stderr merged) collected line by line.
 * Used to test what only a separate process shows: signals, exit codes, SIGKILL in the middle of a write.
 */
public final class ChildJvm implements AutoCloseable {
    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> all = java.util.Collections.synchronizedList(new ArrayList<>());
    private final Thread pump;

    private ChildJvm(Process process) {
        this.process = process;
        pump = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    all.add(line);
                    lines.add(line);
                }
            } catch (IOException e) {
                // the process is gone
            }
        }, "child-output");
        pump.setDaemon(true);
        pump.start();
    }

    public static ChildJvm start(Path workDir, Class<?> main, String... args) throws IOException {
        return start(workDir, java.util.Map.of(), main, args);
    }

    /** As {@link #start(Path, Class, String...)}, with extra environment variables (NOTIFY_SOCKET, say). */
    public static ChildJvm start(Path workDir, java.util.Map<String, String> env, Class<?> main, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        // A shell that starts the tests in the background leaves SIGINT ignored, and an ignored signal stays
        // ignored in the child JVM (its handler is never installed): give the child the default dispositions.
        cmd.add("env");
        cmd.add("--default-signal=INT,TERM");
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx128m");
        cmd.add("--add-modules=jdk.incubator.vector"); // as ./mrtbox and /usr/bin/mrtbox start the box: the LLM kernels need it
        cmd.add("-XX:TieredStopAtLevel=1"); // starts faster; these children do little work
        cmd.add("--add-modules=jdk.incubator.vector");   // the codec's kernels, as the launchers give it
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(main.getName());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true);
        // A clean environment for the search rules: no config or state locations inherited from the caller.
        pb.environment().keySet().removeIf(k -> k.startsWith("MRTBOX") || k.startsWith("XDG_") || k.equals("STATE_DIRECTORY")
                || k.equals("CACHE_DIRECTORY"));
        pb.environment().put("HOME", workDir.toString());
        pb.environment().putAll(env);
        return new ChildJvm(pb.start());
    }

    public Process process() {
        return process;
    }

    /** Waits for a line containing {@code text}; fails with everything the child printed when it does not come. */
    public String awaitLine(String text, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = end - System.nanoTime();
            String line = left <= 0 ? null : lines.poll(left, TimeUnit.NANOSECONDS);
            if (line == null) {
                throw new AssertionError("no line containing '" + text + "' within " + timeout + "; alive=" + process.isAlive()
                        + "; output:\n" + output());
            }
            if (line.contains(text)) return line;
        }
    }

    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("child did not exit within " + timeout + "; output:\n" + output());
        }
        pump.join(5000); // the output ends with the process: collect all of it
        return process.exitValue();
    }

    public String output() {
        synchronized (all) {
            return String.join("\n", all);
        }
    }

    /**
     * Sends a signal by name ("TERM", "INT") with the shell's kill. (The JDK has no API for SIGINT, and
     * {@code Process.destroy()}, its SIGTERM, also closes the child's output before we have read it all.)
     */
    public void signal(String name) throws IOException, InterruptedException {
        // The shell's built-in kill: present on every box, unlike /bin/kill (procps).
        Process kill = new ProcessBuilder("sh", "-c", "kill -" + name + " " + process.pid()).inheritIO().start();
        if (kill.waitFor() != 0) throw new AssertionError("kill -" + name + " failed");
    }

    @Override
    public void close() {
        if (process.isAlive()) process.destroyForcibly();
    }
}
