package mrtbox.inference.inject;

/**
 * The model's own most recent output audio, for mixing back into its context at the feedback level: a preallocated
 * ring of interleaved stereo frames, written once per step by the generation thread (the only user). Before any
 * output exists it reads as silence, as the reference's zero-initialised {@code all_outputs}.
 */
public final class OutputHistory {
    private static final int CHANNELS = 2;
    private final float[] ring;
    private final int capacity;
    private long written;

    /** Keeps the newest {@code capacityFrames} stereo frames. */
    public OutputHistory(int capacityFrames) {
        if (capacityFrames < 1) throw new IllegalArgumentException("history needs at least one frame");
        this.capacity = capacityFrames;
        this.ring = new float[capacityFrames * CHANNELS];
    }

    public int capacityFrames() {
        return capacity;
    }

    /** Appends {@code frames} stereo frames from {@code src} starting at float index {@code offset}. */
    public void append(float[] src, int offset, int frames) {
        for (int f = 0; f < frames; f++) {
            int at = (int) ((written + f) % capacity) * CHANNELS;
            ring[at] = src[offset + f * CHANNELS];
            ring[at + 1] = src[offset + f * CHANNELS + 1];
        }
        written += frames;
    }

    /** Copies the newest {@code frames} frames, scaled by {@code gain}, into {@code dst} from index 0; silence where nothing was written yet. */
    public void readLatest(float[] dst, int frames, float gain) {
        if (frames > capacity) throw new IllegalArgumentException(frames + " frames requested, the history keeps " + capacity);
        long start = written - frames;
        for (int f = 0; f < frames; f++) {
            long pos = start + f;
            if (pos < 0) {
                dst[f * CHANNELS] = 0f;
                dst[f * CHANNELS + 1] = 0f;
            } else {
                int at = (int) (pos % capacity) * CHANNELS;
                dst[f * CHANNELS] = ring[at] * gain;
                dst[f * CHANNELS + 1] = ring[at + 1] * gain;
            }
        }
    }

    /** Frames appended since construction or the last {@link #clear}. */
    public long written() {
        return written;
    }

    /** Forgets everything (a model reset). */
    public void clear() {
        java.util.Arrays.fill(ring, 0f);
        written = 0;
    }
}
