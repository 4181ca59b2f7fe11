package mrtbox.inference.guard;

/**
 * An equal-power crossfade from one interleaved stream to another over a fixed number of frames: the outgoing
 * stream is weighted by cos(t·π/2) and the incoming one by sin(t·π/2), so for uncorrelated material the summed power
 * stays constant (no dip in the middle, as a linear fade of two different streams has) and each gain moves by at
 * most π/(2·frames) per frame (no click). Used by the output guard for rollbacks and resets and by scene recall.
 *
 * <p>The gain table is computed once in the constructor; {@link #mix} neither allocates nor locks, so it may run on
 * any one thread at a time, the audio thread included. Not thread-safe: one fade, one owner.
 *
 * <pre>{@code
 * EqualPowerCrossfade fade = new EqualPowerCrossfade(2, 2400);   // 50 ms at 48 kHz, stereo
 * fade.restart();
 * while (!fade.done()) fade.mix(oldBlock, newBlock, out, framesInBlock);   // out may be newBlock itself
 * }</pre>
 */
public final class EqualPowerCrossfade {
    private final int channels;
    private final float[] fromGain;
    private final float[] toGain;
    private int position;

    /**
     * @param channels interleaved channels per frame (at least 1)
     * @param frames   the fade's length in frames (at least 1); the first mixed frame is already slightly faded,
     *                 the last one is the incoming stream alone
     */
    public EqualPowerCrossfade(int channels, int frames) {
        if (channels < 1) throw new IllegalArgumentException("channels must be at least 1, not " + channels);
        if (frames < 1) throw new IllegalArgumentException("a crossfade needs at least 1 frame, not " + frames);
        this.channels = channels;
        this.fromGain = new float[frames];
        this.toGain = new float[frames];
        for (int i = 0; i < frames; i++) {
            double t = (i + 1) / (double) frames;
            fromGain[i] = (float) Math.cos(t * Math.PI / 2);
            toGain[i] = (float) Math.sin(t * Math.PI / 2);
        }
        this.position = frames;   // idle until restart(): mix() passes the incoming stream through
    }

    /** The fade's length in frames. */
    public int frames() {
        return fromGain.length;
    }

    public int channels() {
        return channels;
    }

    /** Starts the fade from its beginning. */
    public void restart() {
        position = 0;
    }

    /** True when the fade has run its length (or was never started): {@link #mix} then copies the incoming stream. */
    public boolean done() {
        return position >= fromGain.length;
    }

    /** Frames mixed since {@link #restart}, up to {@link #frames}. */
    public int position() {
        return position;
    }

    /**
     * Mixes {@code frames} frames of {@code from} (outgoing) and {@code to} (incoming), both interleaved from index 0,
     * into {@code out}, and advances the fade. {@code out} may be the same array as either input. After the fade has
     * run its length the incoming samples are copied unchanged.
     */
    public void mix(float[] from, float[] to, float[] out, int frames) {
        int n = frames * channels;
        if (from.length < n || to.length < n || out.length < n) {
            throw new IllegalArgumentException(frames + " frames of " + channels + " channels do not fit the arrays");
        }
        int i = 0;
        for (int f = 0; f < frames; f++) {
            if (position < fromGain.length) {
                float a = fromGain[position];
                float b = toGain[position];
                for (int c = 0; c < channels; c++, i++) out[i] = from[i] * a + to[i] * b;
                position++;
            } else {
                for (int c = 0; c < channels; c++, i++) out[i] = to[i];
            }
        }
    }

    /** Frames for {@code ms} milliseconds at {@code sampleRate}, at least 1. */
    public static int framesFor(double ms, int sampleRate) {
        return Math.max(1, (int) Math.round(ms * sampleRate / 1000.0));
    }
}
