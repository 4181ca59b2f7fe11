package mrtbox.appliance.input;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Input levels for the status: peak and RMS per channel over windows of {@code windowFrames}, and a running count of
 * samples at full scale (the interface's converter clipped). The capture thread {@link #add adds} blocks without
 * allocating or locking; it publishes each finished window under a sequence lock, so a reader on another thread
 * gets the four numbers of one window, never a mix of two.
 */
public final class InputMeter {
    /** A sample this close to full scale counts as clipped (24-bit converters stop one LSB short of 1.0). */
    static final float CLIP_LEVEL = 0.999f;

    private final int windowFrames;
    // the capture thread's running window
    private float peakL, peakR;
    private double sumL, sumR;
    private int framesInWindow;
    // published window, guarded by the sequence number (odd while the writer is in the middle)
    private final AtomicLong seq = new AtomicLong();
    private volatile double pubPeakL, pubPeakR, pubRmsL, pubRmsR;
    private final AtomicLong clipped = new AtomicLong();

    public InputMeter(int windowFrames) {
        this.windowFrames = windowFrames;
    }

    /** Meters raw device samples (before gain), interleaved stereo. Capture thread only. */
    public void add(float[] stereo, int frames) {
        long clips = 0;
        for (int i = 0; i < frames; i++) {
            float l = Math.abs(stereo[2 * i]);
            float r = Math.abs(stereo[2 * i + 1]);
            if (l >= CLIP_LEVEL) clips++;
            if (r >= CLIP_LEVEL) clips++;
            if (l > peakL) peakL = l;
            if (r > peakR) peakR = r;
            sumL += (double) l * l;
            sumR += (double) r * r;
            if (++framesInWindow == windowFrames) publish();
        }
        if (clips > 0) clipped.addAndGet(clips);
    }

    private void publish() {
        seq.incrementAndGet();
        pubPeakL = peakL;
        pubPeakR = peakR;
        pubRmsL = Math.sqrt(sumL / framesInWindow);
        pubRmsR = Math.sqrt(sumR / framesInWindow);
        seq.incrementAndGet();
        peakL = peakR = 0f;
        sumL = sumR = 0;
        framesInWindow = 0;
    }

    /** Levels of the last finished window in dBFS (floor -120) and the clip count. Any thread. */
    public Levels levels() {
        while (true) {
            long s = seq.get();
            if ((s & 1) != 0) {
                Thread.onSpinWait();
                continue;
            }
            double pl = pubPeakL, pr = pubPeakR, rl = pubRmsL, rr = pubRmsR;
            if (seq.get() == s) {
                return new Levels(new double[] {db(pl), db(pr)}, new double[] {db(rl), db(rr)}, clipped.get());
            }
        }
    }

    /** Forgets the levels (the device went away: show silence, not the last window). Capture thread only. */
    public void silence() {
        peakL = peakR = 0f;
        sumL = sumR = 0;
        framesInWindow = 0;
        seq.incrementAndGet();
        pubPeakL = pubPeakR = pubRmsL = pubRmsR = 0;
        seq.incrementAndGet();
    }

    static double db(double linear) {
        return linear <= 1e-6 ? -120 : Math.max(-120, 20 * Math.log10(linear));
    }

    /** Peak and RMS per channel in dBFS, and samples at full scale since the start. */
    public record Levels(double[] peakDb, double[] rmsDb, long clippedSamples) {
        public Levels {
            peakDb = peakDb.clone();
            rmsDb = rmsDb.clone();
        }

        @Override public double[] peakDb() { return peakDb.clone(); }
        @Override public double[] rmsDb() { return rmsDb.clone(); }
    }
}
