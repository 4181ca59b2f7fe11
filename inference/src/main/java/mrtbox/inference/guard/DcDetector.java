package mrtbox.inference.guard;

import java.util.Arrays;

/**
 * DC offset: per channel a running mean with a 1 s time constant (one-pole, per sample), bad when any channel's is
 * further from zero than the threshold. A second of averaging lets a 30 Hz bass note through (its mean over 1 s
 * is below 1% of its amplitude) while a stuck offset shows within a few time constants.
 */
final class DcDetector implements Detector {
    private final int channels;
    private final double alpha;
    private final double[] mean;

    DcDetector(int channels, int sampleRate) {
        this.channels = channels;
        this.alpha = 1 - Math.exp(-1.0 / sampleRate);
        this.mean = new double[channels];
    }

    @Override
    public boolean suspicious(float[] audio, int samples, int[] tokens, boolean muted, double threshold) {
        for (int i = 0; i < samples; i++) {
            float x = audio[i];
            if (!Float.isFinite(x)) continue;   // the non-finite check reports those; the mean stays usable
            int c = i % channels;
            mean[c] += alpha * (x - mean[c]);
        }
        for (int c = 0; c < channels; c++) if (Math.abs(mean[c]) > threshold) return true;
        return false;
    }

    @Override
    public void reset() {
        Arrays.fill(mean, 0);
    }
}
