package mrtbox.control.gpio;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs commands with {@link ProcessBuilder}, no shell, stdout and stderr together, bounded by a timeout. */
public final class ProcessCommandRunner implements CommandRunner {
    private static final int MAX_OUTPUT_CHARS = 2000;

    @Override
    public Result run(List<String> command, Duration timeout) {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(nullFile())).start();
        } catch (IOException e) {
            return new Result(-1, "cannot run " + command + ": " + e.getMessage());
        }
        // Drain the output on the side so a chatty command cannot block on a full pipe.
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                return new Result(-1, command + " did not finish within " + timeout.toMillis() + " ms");
            }
            return new Result(p.exitValue(), trim(output.get(5, TimeUnit.SECONDS)));
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            return new Result(-1, command + " interrupted");
        } catch (ExecutionException | TimeoutException e) {
            return new Result(p.exitValue(), "(output unreadable: " + e + ")");
        }
    }

    private static java.io.File nullFile() {
        return new java.io.File("/dev/null");
    }

    private static String readAll(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(output unreadable: " + e.getMessage() + ")";
        }
    }

    private static String trim(String s) {
        String t = s.strip();
        return t.length() <= MAX_OUTPUT_CHARS ? t : t.substring(0, MAX_OUTPUT_CHARS) + "...";
    }
}
