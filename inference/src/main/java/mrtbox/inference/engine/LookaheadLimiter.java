package mrtbox.inference.engine;

/**
 * A look-ahead peak limiter that keeps every output sample at or below the ceiling (speaker protection).
 *
 * <p>How: for each input frame the gain that would bring its loudest channel to the ceiling is computed; a
 * sliding minimum over the look-ahead window holds that gain for {@code lookahead} frames; a release filter lets
 * the gain rise back with time constant {@code release}; a moving average over the same window turns the hold
 * into a linear-ish ramp down (the attack, which lasts the look-ahead time); the audio is delayed by
 * {@code lookahead - 1} frames so each peak meets a gain already at or below what it needs. Every value that is
 * averaged for a peak's output frame is at most the gain the peak needs, so the ceiling holds exactly (up to a
 * 1e-6 relative margin for float rounding). Attack = look-ahead (default 5 ms), release default 80 ms.
 *
 * <p>Latency is {@code lookahead - 1} frames; {@link #latencyFrames()} reports it. Allocation-free after
 * construction; NaN and infinite input is replaced by silence. Audio thread only, except the reduction meter.
 */
final class LookaheadLimiter {
    private final int channels;
    private final int window;
    private final float ceiling;
    private final float releaseCoefficient;

    private final float[] delay;       // (window - 1) frames of interleaved audio
    private int delayPos;
    private final float[] minValues;   // monotonic deque of required gains (increasing from head)
    private final long[] minFrames;
    private int minHead;
    private int minSize;
    private final double[] averaged;   // last `window` held gains, for the moving average
    private int averagedPos;
    private double sum;
    private float held = 1f;
    private long frame;

    private volatile float reductionDb;

    LookaheadLimiter(int channels, int sampleRate, double ceilingDb, double lookaheadMs, double releaseMs) {
        if (ceilingDb > 0) throw new IllegalArgumentException("limiter ceiling must be <= 0 dBFS, got " + ceilingDb);
        this.channels = channels;
        this.window = Math.max(1, (int) Math.round(lookaheadMs * sampleRate / 1000));
        this.ceiling = (float) (Math.pow(10, ceilingDb / 20) * (1 - 1e-6));
        this.releaseCoefficient = (float) (1 - Math.exp(-1000.0 / (releaseMs * sampleRate)));
        this.delay = new float[(window - 1) * channels];
        this.minValues = new float[window];
        this.minFrames = new long[window];
        this.averaged = new double[window];
        java.util.Arrays.fill(averaged, 1.0);
        this.sum = window;
    }

    private int wrap(int i) {
        return i >= window ? i - window : i;
    }

    int latencyFrames() {
        return window - 1;
    }

    /** The deepest gain reduction in the last processed block, positive dB (0 = not limiting). */
    float reductionDb() {
        return reductionDb;
    }

    void process(float[] buf, int frames) {
        float deepest = 1f;
        for (int f = 0; f < frames; f++) {
            int base = f * channels;
            float peak = 0f;
            for (int c = 0; c < channels; c++) {
                float x = buf[base + c];
                if (!(Math.abs(x) <= Float.MAX_VALUE)) buf[base + c] = x = 0f;   // NaN or infinite
                peak = Math.max(peak, Math.abs(x));
            }
            float required = peak > ceiling ? ceiling / peak : 1f;
            float gain = nextGain(required);
            deepest = Math.min(deepest, gain);
            for (int c = 0; c < channels; c++) {
                float in = buf[base + c];
                float out;
                if (delay.length == 0) {
                    out = in;
                } else {
                    int d = delayPos + c;
                    out = delay[d];
                    delay[d] = in;
                }
                buf[base + c] = out * gain;
            }
            if (delay.length > 0) {
                delayPos += channels;
                if (delayPos == delay.length) delayPos = 0;
            }
        }
        reductionDb = deepest >= 1f ? 0f : (float) (-20 * Math.log10(deepest));
    }

    /** Sliding minimum -> release -> moving average, for one frame. */
    private float nextGain(float required) {
        // sliding minimum over the last `window` frames: a monotonic deque in fixed arrays. Expired entries
        // leave first, so the deque never holds more than `window` entries.
        if (minSize > 0 && minFrames[minHead] <= frame - window) {
            minHead = wrap(minHead + 1);
            minSize--;
        }
        while (minSize > 0 && minValues[wrap(minHead + minSize - 1)] >= required) minSize--;
        int tail = wrap(minHead + minSize);
        minValues[tail] = required;
        minFrames[tail] = frame;
        minSize++;
        float min = minValues[minHead];
        frame++;
        // release: fall at once, rise slowly; never above the minimum, so the guarantee survives
        held = min < held ? min : held + (min - held) * releaseCoefficient;
        // moving average over the window; the sum is recomputed once per lap so rounding cannot drift
        sum += held - averaged[averagedPos];
        averaged[averagedPos] = held;
        if (++averagedPos == window) {
            averagedPos = 0;
            double exact = 0;
            for (double v : averaged) exact += v;
            sum = exact;
        }
        return (float) Math.min(sum / window, 1.0);
    }
}
