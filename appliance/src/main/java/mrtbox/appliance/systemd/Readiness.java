package mrtbox.appliance.systemd;

import java.time.Duration;

/** When the box counts as started for systemd: the engine's (ready once the first step has played). */
@FunctionalInterface
public interface Readiness {
    /** Waits up to {@code timeout}; returns a line describing the state reached (ready or why not). */
    String await(Duration timeout) throws InterruptedException;
}
