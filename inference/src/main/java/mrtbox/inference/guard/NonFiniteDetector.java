package mrtbox.inference.guard;

/** Any NaN or infinite sample in the step. */
final class NonFiniteDetector implements Detector {
    @Override
    public boolean suspicious(float[] audio, int samples, int[] tokens, boolean muted, double threshold) {
        for (int i = 0; i < samples; i++) if (!Float.isFinite(audio[i])) return true;
        return false;
    }

    @Override
    public void reset() {}
}
