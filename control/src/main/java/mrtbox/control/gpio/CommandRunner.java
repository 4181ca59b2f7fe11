package mrtbox.control.gpio;

import java.time.Duration;
import java.util.List;

/** Runs a system command (the power-off command). Tests record calls; {@link ProcessCommandRunner} runs them. */
public interface CommandRunner {
    /** Runs {@code command} (no shell) and waits up to {@code timeout}; failures to start are a non-zero result. */
    Result run(List<String> command, Duration timeout);

    /**
     * @param exitCode the command's exit status; -1 when it could not start or timed out
     * @param output   what it printed (stdout and stderr), trimmed, or why it could not run
     */
    record Result(int exitCode, String output) {
        public boolean ok() {
            return exitCode == 0;
        }
    }
}
