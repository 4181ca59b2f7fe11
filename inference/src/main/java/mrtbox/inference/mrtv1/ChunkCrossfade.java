package mrtbox.inference.mrtv1;

/**
 * The equal-power crossfade between MRT v1 chunks (spec section 2, step 7). Of a decoded chunk of 97,920 stereo
 * samples, the first 96,000 are emitted, their first 1,920 faded in with r[i] = sin(pi/2 * i / 1920) while the
 * previous chunk's tail fades out with r[1919 - i]; samples 96,000..97,919 are kept raw as the next tail.
 * r^2 + r_flipped^2 stays within [0.99918, 1]: constant power across the seam. Owns the tail; not thread-safe.
 */
public final class ChunkCrossfade {
    public static final int CHANNELS = 2;
    public static final int FADE = 1920;
    public static final int EMIT = 96_000;
    public static final int DECODED = EMIT + FADE;

    private static final float[] RAMP = new float[FADE];

    static {
        for (int i = 0; i < FADE; i++) {
            float t = (float) i / FADE; // float32 linspace(0, 1, 1920, endpoint=False)
            RAMP[i] = (float) Math.sin(Math.PI / 2 * t);
        }
    }

    private final float[] tail = new float[FADE * CHANNELS];

    /** The fade-in ramp value r[i]. */
    public static float ramp(int i) {
        return RAMP[i];
    }

    /** Forgets the tail: the next chunk fades in from silence. */
    public void reset() {
        java.util.Arrays.fill(tail, 0f);
    }

    /**
     * Emits one chunk into {@code out} (96,000 x 2 interleaved) and keeps its tail.
     *
     * @param decoded 97,920 x 2 interleaved samples of the chunk's 51 decoded frames
     */
    public void apply(float[] decoded, float[] out) {
        if (decoded.length != DECODED * CHANNELS) throw new IllegalArgumentException("decoded chunk has " + decoded.length + " floats, expected " + DECODED * CHANNELS);
        if (out.length != EMIT * CHANNELS) throw new IllegalArgumentException("output has " + out.length + " floats, expected " + EMIT * CHANNELS);
        for (int i = 0; i < FADE; i++) {
            float in = RAMP[i], fadeOut = RAMP[FADE - 1 - i];
            for (int c = 0; c < CHANNELS; c++) {
                int k = i * CHANNELS + c;
                out[k] = decoded[k] * in + tail[k] * fadeOut;
            }
        }
        System.arraycopy(decoded, FADE * CHANNELS, out, FADE * CHANNELS, (EMIT - FADE) * CHANNELS);
        System.arraycopy(decoded, EMIT * CHANNELS, tail, 0, FADE * CHANNELS);
    }

    /** Puts back a tail taken with {@link #tail()} (a rollback). */
    public void restoreTail(float[] saved) {
        if (saved.length != tail.length) throw new IllegalArgumentException("a tail has " + tail.length + " floats, not " + saved.length);
        System.arraycopy(saved, 0, tail, 0, tail.length);
    }

    /** A copy of the tail kept for the next chunk. */
    public float[] tail() {
        return tail.clone();
    }
}
