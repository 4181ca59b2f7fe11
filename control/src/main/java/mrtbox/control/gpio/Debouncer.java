package mrtbox.control.gpio;

/**
 * Turns a bouncing contact into clean level changes: a new level counts once it has held, unchanged, for the
 * whole window (a "settle" debounce). Contact bounce and short interference spikes on long cables never get
 * through; the price is that every change is seen one window late (20 ms by default).
 *
 * <p>Pure: the caller feeds raw levels with their time and asks {@link #poll} at {@link #deadline()}.
 */
final class Debouncer {
    static final long NONE = Long.MAX_VALUE;

    private final long windowNanos;
    private boolean stable;
    private boolean raw;
    private long rawChangedAt;

    Debouncer(long windowNanos, boolean initialLevel) {
        if (windowNanos < 0) throw new IllegalArgumentException("debounce window must be >= 0");
        this.windowNanos = windowNanos;
        this.stable = initialLevel;
        this.raw = initialLevel;
    }

    /** A raw level seen on the pin at {@code now}. */
    void onRaw(boolean level, long now) {
        if (level != raw) {
            raw = level;
            rawChangedAt = now;
        }
    }

    /** True when the raw level has settled into a new stable level by {@code now}. */
    boolean poll(long now) {
        if (raw != stable && now - rawChangedAt >= windowNanos) {
            stable = raw;
            return true;
        }
        return false;
    }

    boolean stable() {
        return stable;
    }

    /** When the last change of the raw level began: the time the settled change really happened. */
    long settledChangeAt() {
        return rawChangedAt;
    }

    /** When {@link #poll} could next report a change, or {@link #NONE}. */
    long deadline() {
        return raw != stable ? rawChangedAt + windowNanos : NONE;
    }
}
