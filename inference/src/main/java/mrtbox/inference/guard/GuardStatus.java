package mrtbox.inference.guard;

import java.util.Map;

/**
 * What the output guard has seen and done since it started: an immutable value published after every event (the
 * status line, health, OSC and MIDI feedback read it).
 *
 * @param fired     per check id, how many times it fired
 * @param actions   per check id, how many rollbacks or resets it caused
 * @param lastCheck the check that fired last ("" before any)
 * @param lastAction what was done then ("" before any): report, rollback, reset, or "none (gave up)"
 * @param lastStep  the step it happened at (-1 before any)
 * @param gaveUp    the check whose firing made the guard stop acting, or "" while it acts
 * @param snapshots good states in the ring now
 */
public record GuardStatus(Map<String, Long> fired, Map<String, Long> actions, String lastCheck, String lastAction,
                          long lastStep, String gaveUp, int snapshots) {
    public GuardStatus {
        fired = Map.copyOf(fired);
        actions = Map.copyOf(actions);
    }

    public static final GuardStatus NONE = new GuardStatus(Map.of(), Map.of(), "", "", -1, "", 0);

    public long totalActions() {
        return actions.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The health words: "degraded: guard gave up: stuck" while it has given up, else "". */
    public String healthNote() {
        return gaveUp.isEmpty() ? "" : "guard gave up: " + gaveUp;
    }
}
