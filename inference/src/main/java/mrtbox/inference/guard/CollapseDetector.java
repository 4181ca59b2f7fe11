package mrtbox.inference.guard;

import java.util.Arrays;

/**
 * Collapse of the token distribution: the entropy (bits) of the tokens sampled over the last {@link #WINDOW_SECONDS}
 * against its running median over the last {@link #HISTORY_SECONDS}, one entropy kept per second. Bad when the
 * entropy is below threshold × median, once {@link #WARMUP_SECONDS} of history exist. Tokens are counted by id
 * (folded into {@link #BINS} bins); the histogram is kept incrementally, so a step costs its own tokens only.
 * Idle for models that do not report tokens.
 */
final class CollapseDetector implements Detector {
    static final double WINDOW_SECONDS = 2;
    static final int HISTORY_SECONDS = 60;
    static final int WARMUP_SECONDS = 10;
    static final int BINS = 4096;

    private final int windowSteps;
    private final int stepsPerSecond;
    private final int[][] window;
    private final int[] windowLength;
    private final int[] counts = new int[BINS];
    private final double[] history = new double[HISTORY_SECONDS];
    private final double[] sorted = new double[HISTORY_SECONDS];
    private int next;
    private int stepsInWindow;
    private long total;
    private double sumCLogC;   // Σ c·log2(c) over the bins: entropy = log2(n) - sum / n
    private int historySize;
    private int historyNext;
    private int sinceRecord;
    private double median = Double.NaN;

    CollapseDetector(double secondsPerStep) {
        this.windowSteps = Math.max(1, (int) Math.ceil(WINDOW_SECONDS / secondsPerStep));
        this.stepsPerSecond = Math.max(1, (int) Math.round(1 / secondsPerStep));
        this.window = new int[windowSteps][];
        this.windowLength = new int[windowSteps];
    }

    @Override
    public boolean suspicious(float[] audio, int samples, int[] tokens, boolean muted, double ratio) {
        if (tokens == null) return false;
        if (stepsInWindow == windowSteps) {
            int[] old = window[next];
            for (int i = 0; i < windowLength[next]; i++) change(old[i], -1);
        } else {
            stepsInWindow++;
        }
        if (window[next] == null || window[next].length < tokens.length) window[next] = new int[tokens.length];
        System.arraycopy(tokens, 0, window[next], 0, tokens.length);
        windowLength[next] = tokens.length;
        for (int t : tokens) change(t, +1);
        next = (next + 1) % windowSteps;
        if (stepsInWindow < windowSteps) return false;
        double h = entropy();
        if (++sinceRecord >= stepsPerSecond) {
            sinceRecord = 0;
            record(h);
        }
        return historySize >= WARMUP_SECONDS && h < ratio * median;
    }

    /** Entropy in bits of the tokens in the window. */
    double entropy() {
        if (total == 0) return 0;
        return Math.max(0, log2(total) - sumCLogC / total);
    }

    private void change(int token, int by) {
        int b = Math.floorMod(token, BINS);
        int c = counts[b];
        sumCLogC -= cLogC(c);
        c += by;
        counts[b] = c;
        sumCLogC += cLogC(c);
        total += by;
    }

    private void record(double h) {
        history[historyNext] = h;
        historyNext = (historyNext + 1) % HISTORY_SECONDS;
        if (historySize < HISTORY_SECONDS) historySize++;
        System.arraycopy(history, 0, sorted, 0, historySize);
        Arrays.sort(sorted, 0, historySize);
        median = historySize % 2 == 1 ? sorted[historySize / 2]
                : (sorted[historySize / 2 - 1] + sorted[historySize / 2]) / 2;
    }

    private static double cLogC(int c) {
        return c <= 1 ? 0 : c * log2(c);
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }

    @Override
    public void reset() {
        Arrays.fill(counts, 0);
        Arrays.fill(windowLength, 0);
        next = 0;
        stepsInWindow = 0;
        total = 0;
        sumCLogC = 0;
        sinceRecord = 0;
        // the history of healthy entropies is kept: it describes the music, and a rollback returns to it
    }
}
