package mrtbox.inference.engine;

import java.util.Arrays;

/** Peak and RMS per channel over the samples fed since the last {@link #takeReport}. Metering thread only. */
final class LevelMeter {
    static final double FLOOR_DB = -120;

    private final int channels;
    private final float[] peak;
    private final double[] sumSquares;
    private long frames;

    LevelMeter(int channels) {
        this.channels = channels;
        this.peak = new float[channels];
        this.sumSquares = new double[channels];
    }

    void feed(float[] interleaved, int samples) {
        for (int i = 0; i < samples; i++) {
            int c = i % channels;
            float x = interleaved[i];
            peak[c] = Math.max(peak[c], Math.abs(x));
            sumSquares[c] += (double) x * x;
        }
        frames += samples / channels;
    }

    /** Fills peak and RMS in dBFS (floor -120) and starts a new interval. */
    void takeReport(double[] peakDb, double[] rmsDb) {
        for (int c = 0; c < channels; c++) {
            peakDb[c] = toDb(peak[c]);
            rmsDb[c] = frames == 0 ? FLOOR_DB : toDb(Math.sqrt(sumSquares[c] / frames));
        }
        Arrays.fill(peak, 0f);
        Arrays.fill(sumSquares, 0);
        frames = 0;
    }

    static double toDb(double linear) {
        return linear <= 1e-6 ? FLOOR_DB : 20 * Math.log10(linear);
    }
}
