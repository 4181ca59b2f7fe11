package mrtbox.control.gpio;

/**
 * Recognises press, double press and long press on one debounced button. Pure: the caller passes the time of each
 * debounced edge and calls {@link #poll} at {@link #deadline()}.
 *
 * <p>The rules, chosen so a button answers as fast as its configured gestures allow:
 * <ul>
 *   <li>Only a press action: it fires on the press itself.</li>
 *   <li>With a long-press action: a hold of at least {@code longNanos} fires it while the button is still down
 *       (staff feel it happen); a shorter press fires on release.</li>
 *   <li>With a double-press action: a second press starting within {@code doubleNanos} of the first one's release
 *       fires it at once; a lone press fires when that window has passed.</li>
 *   <li>A press that fired a long or double press is used up: its release does nothing.</li>
 *   <li>A button already held when watching starts is ignored until it is released (a stuck button at boot must
 *       not shut the box down).</li>
 * </ul>
 */
final class PressDetector {
    enum Gesture { PRESS, DOUBLE_PRESS, LONG_PRESS }

    private enum Phase { IDLE, DOWN, USED_UP }

    private final long longNanos;
    private final long doubleNanos;
    private Phase phase;
    private long downAt;
    private long pendingSingleUntil = Debouncer.NONE;

    /**
     * @param longNanos   hold time for a long press; 0 when the button has no long-press action
     * @param doubleNanos window for the second press of a double press; 0 when it has no double-press action
     * @param startsHeld  the button is down when watching starts
     */
    PressDetector(long longNanos, long doubleNanos, boolean startsHeld) {
        if (longNanos < 0 || doubleNanos < 0) throw new IllegalArgumentException("gesture times must be >= 0");
        this.longNanos = longNanos;
        this.doubleNanos = doubleNanos;
        this.phase = startsHeld ? Phase.USED_UP : Phase.IDLE;
    }

    /** The button went down at {@code t}; returns a gesture that fires now, or null. */
    Gesture onPress(long t) {
        Gesture flushed = null;
        if (pendingSingleUntil != Debouncer.NONE) {
            boolean inWindow = t <= pendingSingleUntil;
            pendingSingleUntil = Debouncer.NONE;
            if (inWindow) {
                phase = Phase.USED_UP;
                return Gesture.DOUBLE_PRESS;
            }
            flushed = Gesture.PRESS; // the window closed before anyone polled: the first press was a single one
        }
        if (phase == Phase.USED_UP) return flushed; // a press we saw begin before watching, still going
        downAt = t;
        if (longNanos == 0 && doubleNanos == 0) {
            phase = Phase.USED_UP;
            return Gesture.PRESS;
        }
        phase = Phase.DOWN;
        return flushed;
    }

    /** The button came up at {@code t}; returns a gesture that fires now, or null. */
    Gesture onRelease(long t) {
        Phase was = phase;
        phase = Phase.IDLE;
        if (was != Phase.DOWN) return null;
        if (longNanos > 0 && t - downAt >= longNanos) return Gesture.LONG_PRESS; // held long enough, poll was late
        if (doubleNanos > 0) {
            pendingSingleUntil = t + doubleNanos;
            return null;
        }
        return Gesture.PRESS;
    }

    /** Time passing: returns a gesture whose moment has come at {@code now}, or null. */
    Gesture poll(long now) {
        if (phase == Phase.DOWN && longNanos > 0 && now - downAt >= longNanos) {
            phase = Phase.USED_UP;
            return Gesture.LONG_PRESS;
        }
        if (pendingSingleUntil != Debouncer.NONE && now > pendingSingleUntil) {
            pendingSingleUntil = Debouncer.NONE;
            return Gesture.PRESS;
        }
        return null;
    }

    /** When {@link #poll} could next fire something, or {@link Debouncer#NONE}. */
    long deadline() {
        long d = Debouncer.NONE;
        if (phase == Phase.DOWN && longNanos > 0) d = downAt + longNanos;
        if (pendingSingleUntil != Debouncer.NONE) d = Math.min(d, pendingSingleUntil + 1);
        return d;
    }
}
