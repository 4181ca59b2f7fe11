package mrtbox.inference.engine;

/**
 * Everything the audio thread does to the engine's PCM, in order: {@link Playout} (ring, fades), volume and
 * mute, the look-ahead limiter, then a copy into the metering tap (dropped, never waited for, when the metering
 * thread falls behind). Allocation-free, lock-free, log-free.
 */
public final class OutputChain implements AudioSource {
    private final int sampleRate;
    private final int channels;
    private final Playout playout;
    private final VolumeControl volume;
    private final LookaheadLimiter limiter;   // null when bypassed
    private final FloatRing tap;

    OutputChain(int sampleRate, int channels, Playout playout, VolumeControl volume, LookaheadLimiter limiter, FloatRing tap) {
        this.sampleRate = sampleRate;
        this.channels = channels;
        this.playout = playout;
        this.volume = volume;
        this.limiter = limiter;
        this.tap = tap;
    }

    @Override
    public int sampleRate() {
        return sampleRate;
    }

    @Override
    public int channels() {
        return channels;
    }

    @Override
    public void render(float[] out, int frames) {
        if ((long) frames * channels > out.length) {
            throw new IllegalArgumentException(frames + " frames do not fit a buffer of " + out.length + " samples");
        }
        playout.render(out, frames);
        volume.process(out, frames);
        if (limiter != null) limiter.process(out, frames);
        tap.write(out, 0, frames * channels);
    }

    /** Frames of delay the chain adds after the ring (the limiter's look-ahead). */
    public int latencyFrames() {
        return limiter == null ? 0 : limiter.latencyFrames();
    }

    long underruns() {
        return playout.underruns();
    }

    boolean audible() {
        return playout.audible();
    }

    float limiterReductionDb() {
        return limiter == null ? 0f : limiter.reductionDb();
    }

    VolumeControl volume() {
        return volume;
    }

    FloatRing tap() {
        return tap;
    }
}
