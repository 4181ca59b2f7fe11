package mrtbox.appliance.input;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import mrtbox.appliance.audio.OutputInsert;
import mrtbox.inference.engine.InputTap;

/**
 * Measures the round trip from the output to the input: plays a short click into the output (as an {@link OutputInsert}
 * on the audio thread), captures it back through the input and finds it by cross-correlation. The delay is counted
 * from the moment the audio thread hands the click's block to the output device to the input frame where it comes
 * back, so it holds the output buffer, the converters, the cable and the capture buffer: exactly what has to be
 * subtracted to line the input up with what the box played.
 *
 * <p>The click is a 10 ms Hann-windowed chirp (1 to 8 kHz): broadband, so its correlation peak is one sharp lag, not the
 * ringing of a tone; and short, so a few run in a couple of seconds. Each click is measured on its own and the
 * median is the answer.
 */
public final class LatencyCalibration implements OutputInsert {
    static final float[] CLICK = chirp(48_000, 480, 1_000, 8_000, 0.5f);
    /** The found peak must correlate at least this well with the click (1 = the click exactly). */
    static final double MIN_CORRELATION = 0.5;

    private final InputTap tap;
    private final int maxLagFrames;
    // the audio thread's side
    private volatile boolean armed;
    private int clickIndex = -1;
    private volatile long inputFrameAtClick = -1;

    /**
     * @param tap       where the click comes back
     * @param maxDelay  the longest round trip to look for
     */
    public LatencyCalibration(InputTap tap, Duration maxDelay) {
        this.tap = tap;
        this.maxLagFrames = (int) (maxDelay.toNanos() * tap.sampleRate() / 1_000_000_000L);
        if (maxLagFrames + CLICK.length > (1 << 20)) throw new IllegalArgumentException("max delay too long: " + maxDelay);
    }

    @Override
    public void process(float[] block, int frames) {
        if (clickIndex < 0) {
            if (!armed) return;
            armed = false;
            clickIndex = 0;
            inputFrameAtClick = tap.framesWritten();
        }
        int n = Math.min(frames, CLICK.length - clickIndex);
        for (int i = 0; i < n; i++) {
            float c = CLICK[clickIndex + i];
            block[2 * i] += c;
            block[2 * i + 1] += c;
        }
        clickIndex += n;
        if (clickIndex >= CLICK.length) clickIndex = -1;
    }

    /**
     * The measured round trip.
     *
     * @param delayFrames median of the clicks, in frames
     * @param delayMs     the same in milliseconds
     * @param clicks      each click's delay in frames
     * @param correlation the weakest click's correlation with the played click (1 = identical shape)
     */
    public record Result(int delayFrames, double delayMs, List<Integer> clicks, double correlation) {
        public Result {
            clicks = List.copyOf(clicks);
        }
    }

    /**
     * Plays {@code clicks} clicks one after another and measures each; blocks for about
     * {@code clicks * (maxDelay + 20 ms)}. Call from any thread but the audio thread, with the output running.
     *
     * @throws IOException when a click does not come back (output not connected to the input, input off or muted)
     */
    public Result measure(int clicks, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Integer> lags = new ArrayList<>();
        double weakest = 1;
        float[] window = new float[(maxLagFrames + CLICK.length) * 2];
        for (int c = 0; c < clicks; c++) {
            inputFrameAtClick = -1;
            armed = true;
            long q;
            while ((q = inputFrameAtClick) < 0) {
                if (System.nanoTime() > deadline) throw new IOException("the click was never played: is the audio output running?");
                Thread.sleep(2);
            }
            long end = q + maxLagFrames + CLICK.length;
            while (tap.framesWritten() < end) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("the input delivered " + (tap.framesWritten() - q) + " of " + (end - q)
                            + " frames after the click: is the input running?");
                }
                Thread.sleep(5);
            }
            tap.read(end, window, maxLagFrames + CLICK.length);
            Peak p = findClick(window, maxLagFrames);
            if (p.correlation < MIN_CORRELATION) {
                throw new IOException(String.format("click %d did not come back (best match %.2f at %.1f ms, needs %.2f): "
                        + "connect the output to the input (a cable, or the interface's loopback) and raise the input gain",
                        c + 1, p.correlation, p.lag * 1000.0 / tap.sampleRate(), MIN_CORRELATION));
            }
            lags.add(p.lag);
            weakest = Math.min(weakest, p.correlation);
        }
        int[] sorted = lags.stream().mapToInt(Integer::intValue).sorted().toArray();
        int median = sorted[sorted.length / 2];
        return new Result(median, median * 1000.0 / tap.sampleRate(), lags, weakest);
    }

    record Peak(int lag, double correlation) {}

    /** The lag in {@code [0, maxLag]} where the (mono mix of the) stereo window best matches the click. */
    static Peak findClick(float[] stereo, int maxLag) {
        int k = CLICK.length;
        float[] mono = new float[maxLag + k];
        for (int i = 0; i < mono.length; i++) mono[i] = 0.5f * (stereo[2 * i] + stereo[2 * i + 1]);
        double clickEnergy = 0;
        for (float c : CLICK) clickEnergy += c * c;
        int best = 0;
        double bestDot = 0;
        for (int lag = 0; lag <= maxLag; lag++) {
            double dot = 0;
            for (int i = 0; i < k; i++) dot += CLICK[i] * mono[lag + i];
            if (Math.abs(dot) > Math.abs(bestDot)) {
                bestDot = dot;
                best = lag;
            }
        }
        double energy = 0;
        for (int i = 0; i < k; i++) energy += (double) mono[best + i] * mono[best + i];
        double corr = energy <= 0 ? 0 : Math.abs(bestDot) / Math.sqrt(clickEnergy * energy);
        return new Peak(best, corr);
    }

    static float[] chirp(int rate, int length, double f0, double f1, float amplitude) {
        float[] out = new float[length];
        double duration = (double) length / rate;
        for (int i = 0; i < length; i++) {
            double t = (double) i / rate;
            double phase = 2 * Math.PI * (f0 * t + (f1 - f0) * t * t / (2 * duration));
            double hann = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / (length - 1));
            out[i] = (float) (amplitude * hann * Math.sin(phase));
        }
        return out;
    }

    @Override
    public String toString() {
        return "latency calibration (click " + CLICK.length + " frames, up to " + maxLagFrames + " frames of delay)";
    }
}
