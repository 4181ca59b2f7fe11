package mrtbox.control.gpio;

import java.util.Locale;
import mrtbox.control.status.StatusReport;

/**
 * Decides the LED state from the appliance's status reports. In order of precedence: health "error..." is
 * {@link LedState#ERROR}; health "starting" is {@link LedState#STARTING}; health "degraded...", the built-in noise
 * model, or underruns that rose within the last {@code underrunHold} are {@link LedState#DEGRADED}; otherwise
 * {@link LedState#PLAYING} or {@link LedState#STOPPED}. Pure: the caller passes the time.
 */
final class LedStatePolicy {
    private final long underrunHoldNanos;
    private long lastUnderruns = -1;
    private long lastRiseAt = Debouncer.NONE;
    private StatusReport last = StatusReport.STARTING;

    LedStatePolicy(long underrunHoldNanos) {
        this.underrunHoldNanos = underrunHoldNanos;
    }

    /** Takes a new report; returns the state to show from {@code now}. */
    LedState onReport(StatusReport report, long now) {
        if (lastUnderruns >= 0 && report.underruns() > lastUnderruns) lastRiseAt = now;
        lastUnderruns = report.underruns();
        last = report;
        return stateAt(now);
    }

    /** The state at {@code now} for the latest report (the underrun hold runs out with time alone). */
    LedState stateAt(long now) {
        String health = last.health() == null ? "" : last.health().strip().toLowerCase(Locale.ROOT);
        if (health.startsWith("error")) return LedState.ERROR;
        if (health.startsWith("starting")) return LedState.STARTING;
        if (health.startsWith("degraded") || last.builtInNoise() || underrunsRising(now)) return LedState.DEGRADED;
        return last.playing() ? LedState.PLAYING : LedState.STOPPED;
    }

    /** When {@link #stateAt} may change without a new report (the underrun hold ends), or {@link Debouncer#NONE}. */
    long deadline(long now) {
        return underrunsRising(now) ? lastRiseAt + underrunHoldNanos : Debouncer.NONE;
    }

    private boolean underrunsRising(long now) {
        return lastRiseAt != Debouncer.NONE && now - lastRiseAt < underrunHoldNanos;
    }
}
