package mrtbox.inference.engine;

import java.util.Arrays;

/**
 * Moves a vector of floats (prompt weights) toward a target in straight lines over a fixed time, one step at a
 * time, so that a jump of a fader or a scene recall becomes a short sweep instead of a click. A new target starts
 * a new sweep from wherever the values are now. Time advances by model steps (not the wall clock), so offline
 * renders glide identically. Single-threaded: the owner calls it from the generation thread; allocation-free.
 */
public final class Glide {
    private final float[] current;
    private final float[] start;
    private final float[] target;
    private final double glideSeconds;
    private double elapsed;
    private boolean moving;

    /** @param glideSeconds sweep duration; 0 jumps at the next step */
    public Glide(float[] initial, double glideSeconds) {
        if (!(glideSeconds >= 0) || Double.isInfinite(glideSeconds)) {
            throw new IllegalArgumentException("glide time must be >= 0 seconds, got " + glideSeconds);
        }
        this.current = initial.clone();
        this.start = initial.clone();
        this.target = initial.clone();
        this.glideSeconds = glideSeconds;
    }

    public int size() {
        return current.length;
    }

    /** Sets a new target; values equal to the current target change nothing (the sweep in progress continues). */
    public void setTarget(float[] values) {
        if (values.length != target.length) {
            throw new IllegalArgumentException("glide of " + target.length + " values got a target of " + values.length);
        }
        if (Arrays.equals(values, target)) return;
        System.arraycopy(current, 0, start, 0, current.length);
        System.arraycopy(values, 0, target, 0, target.length);
        elapsed = 0;
        moving = true;
    }

    /** Advances by one step of {@code seconds} and returns the values for that step (a view: do not keep it). */
    public float[] advance(double seconds) {
        if (moving) {
            elapsed += seconds;
            double t = glideSeconds == 0 ? 1 : Math.min(1, elapsed / glideSeconds);
            for (int i = 0; i < current.length; i++) {
                current[i] = (float) (start[i] + (target[i] - start[i]) * t);
            }
            if (t >= 1) {
                System.arraycopy(target, 0, current, 0, current.length);
                moving = false;
            }
        }
        return current;
    }

    /** The values of the last step (a view). */
    public float[] current() {
        return current;
    }

    public boolean moving() {
        return moving;
    }
}
