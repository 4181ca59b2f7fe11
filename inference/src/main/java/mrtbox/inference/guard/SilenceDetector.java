package mrtbox.inference.guard;

/** The step's RMS over all channels below the threshold in dBFS; never while muted (a muted box is meant to be quiet). */
final class SilenceDetector implements Detector {
    @Override
    public boolean suspicious(float[] audio, int samples, int[] tokens, boolean muted, double thresholdDb) {
        if (muted || samples == 0) return false;
        double sum = 0;
        for (int i = 0; i < samples; i++) sum += (double) audio[i] * audio[i];
        double rms = Math.sqrt(sum / samples);
        return rms < Math.pow(10, thresholdDb / 20);   // NaN sums are the non-finite check's business: not silent
    }

    @Override
    public void reset() {}
}
