package mrtbox.control.gpio;

/**
 * Makes a fast turn cover more range: each detent's step is multiplied by
 * {@code 1 + acceleration * (slow / interval - 1)}, capped at {@code maxMultiplier}, where {@code interval} is the
 * time since the previous detent in the same direction. Detents at least {@code slow} apart (100 ms by default),
 * the first detent and a change of direction all move by exactly one step, so slow turns stay precise.
 * Acceleration 0 turns it off. Example: acceleration 1, detents 25 ms apart: 1 + (100/25 - 1) = 4 steps each.
 */
final class EncoderAcceleration {
    private final double acceleration;
    private final long slowNanos;
    private final double maxMultiplier;
    private long lastAt;
    private int lastDirection;

    EncoderAcceleration(double acceleration, long slowNanos, double maxMultiplier) {
        if (!(acceleration >= 0) || slowNanos <= 0 || !(maxMultiplier >= 1)) {
            throw new IllegalArgumentException("acceleration >= 0, slow interval > 0 and max multiplier >= 1 required");
        }
        this.acceleration = acceleration;
        this.slowNanos = slowNanos;
        this.maxMultiplier = maxMultiplier;
    }

    /** The multiplier for a detent in {@code direction} (+1/-1) at {@code now}. */
    double multiplier(int direction, long now) {
        double m = 1;
        if (direction == lastDirection && acceleration > 0) {
            long interval = Math.max(1, now - lastAt);
            if (interval < slowNanos) m = Math.min(maxMultiplier, 1 + acceleration * ((double) slowNanos / interval - 1));
        }
        lastAt = now;
        lastDirection = direction;
        return m;
    }
}
