package mrtbox.appliance.operations;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;

/**
 * Logs a repeating failure without flooding the journal: the first failure at once, then at most one summary per
 * {@code every} with the count since the last line, and one line when it works again. Keeps the current problem for
 * the status. One thread uses it.
 */
public final class FailureLog {
    private final Logger log;
    private final String what;
    private final Duration every;
    private final Clock clock;
    private long failuresInRow;
    private long unlogged;
    private Instant lastLogged;
    private String problem = "";

    public FailureLog(Logger log, String what, Duration every, Clock clock) {
        this.log = log;
        this.what = what;
        this.every = every;
        this.clock = clock;
    }

    /** Records a failure; returns whether a line was logged for it. */
    public boolean failed(String error) {
        Instant now = clock.instant();
        failuresInRow++;
        problem = error + (failuresInRow > 1 ? " (" + failuresInRow + " times in a row)" : "");
        if (lastLogged == null || !now.isBefore(lastLogged.plus(every))) {
            if (unlogged > 0) log.warn("{} failed again {} more times since the last report; now: {}", what, unlogged, problem);
            else log.warn("{} failed: {}", what, problem);
            lastLogged = now;
            unlogged = 0;
            return true;
        }
        unlogged++;
        return false;
    }

    /** Records a success; logs once when this ends a run of failures. */
    public void succeeded() {
        if (failuresInRow > 0) log.info("{} works again after {} failures", what, failuresInRow);
        failuresInRow = 0;
        unlogged = 0;
        lastLogged = null;
        problem = "";
    }

    /** The current problem ("connection refused (3 times in a row)"), empty while it works. */
    public String problem() {
        return problem;
    }
}
