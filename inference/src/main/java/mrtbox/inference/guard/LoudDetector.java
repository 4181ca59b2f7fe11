package mrtbox.inference.guard;

/**
 * Runaway level: the step's RMS above the threshold in dBFS, or more than 1% of its samples at full scale (0.99 or
 * more), where the limiter would hold the output pinned at its ceiling.
 */
final class LoudDetector implements Detector {
    static final float FULL_SCALE = 0.99f;
    static final double CLIPPED_FRACTION = 0.01;

    @Override
    public boolean suspicious(float[] audio, int samples, int[] tokens, boolean muted, double thresholdDb) {
        if (samples == 0) return false;
        double sum = 0;
        int clipped = 0;
        for (int i = 0; i < samples; i++) {
            float x = audio[i];
            sum += (double) x * x;
            if (Math.abs(x) >= FULL_SCALE) clipped++;
        }
        return Math.sqrt(sum / samples) > Math.pow(10, thresholdDb / 20) || clipped > CLIPPED_FRACTION * samples;
    }

    @Override
    public void reset() {}
}
