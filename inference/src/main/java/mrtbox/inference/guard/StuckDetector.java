package mrtbox.inference.guard;

import java.util.Arrays;

/**
 * Stuck output. With tokens: the step's codec tokens equal, all of them, those of one of the last {@link #LAGS} steps,
 * a loop a few steps long that music which moves does not produce (12 codes of 1024 per MRT2 frame). Without tokens:
 * the normalized correlation between the step's mono mix and that of a step 1..{@link #LAGS} steps back is at or
 * above the threshold. Tokens come first because a sustained drone correlates with itself at many lags by design.
 */
final class StuckDetector implements Detector {
    static final int LAGS = 8;
    private static final double QUIET = 1e-8;   // mean square below this: nothing to correlate (silence is its own check)

    private final int channels;
    private final int[][] pastTokens = new int[LAGS][];
    private final int[] pastTokenLength = new int[LAGS];
    private final float[][] pastMono;
    private final double[] pastEnergy = new double[LAGS];
    private final float[] mono;
    private int filled;
    private int next;

    StuckDetector(int channels, int stepSamples) {
        this.channels = channels;
        this.mono = new float[stepSamples / channels];
        this.pastMono = new float[LAGS][mono.length];
    }

    @Override
    public boolean suspicious(float[] audio, int samples, int[] tokens, boolean muted, double threshold) {
        boolean stuck = tokens != null ? repeatsTokens(tokens) : correlates(audio, samples, threshold);
        next = (next + 1) % LAGS;
        if (filled < LAGS) filled++;
        return stuck;
    }

    private boolean repeatsTokens(int[] tokens) {
        boolean same = false;
        for (int k = 0; k < filled && !same; k++) {
            int[] p = pastTokens[k];
            same = p != null && pastTokenLength[k] == tokens.length && Arrays.equals(p, 0, tokens.length, tokens, 0, tokens.length);
        }
        if (pastTokens[next] == null || pastTokens[next].length < tokens.length) pastTokens[next] = new int[tokens.length];
        System.arraycopy(tokens, 0, pastTokens[next], 0, tokens.length);
        pastTokenLength[next] = tokens.length;
        return same;
    }

    private boolean correlates(float[] audio, int samples, double threshold) {
        int frames = Math.min(samples / channels, mono.length);
        double energy = 0;
        for (int f = 0; f < frames; f++) {
            float s = 0;
            for (int c = 0; c < channels; c++) s += audio[f * channels + c];
            s /= channels;
            mono[f] = Float.isFinite(s) ? s : 0;
            energy += (double) mono[f] * mono[f];
        }
        boolean stuck = false;
        if (energy / Math.max(1, frames) > QUIET) {
            for (int k = 0; k < filled && !stuck; k++) {
                if (pastEnergy[k] / Math.max(1, frames) <= QUIET) continue;
                float[] p = pastMono[k];
                double dot = 0;
                for (int f = 0; f < frames; f++) dot += (double) mono[f] * p[f];
                stuck = dot / Math.sqrt(energy * pastEnergy[k]) >= threshold;
            }
        }
        System.arraycopy(mono, 0, pastMono[next], 0, frames);
        pastEnergy[next] = energy;
        return stuck;
    }

    @Override
    public void reset() {
        filled = 0;
        next = 0;
        Arrays.fill(pastTokenLength, 0);
        Arrays.fill(pastEnergy, 0);
    }
}
