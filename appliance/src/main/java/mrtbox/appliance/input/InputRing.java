package mrtbox.appliance.input;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import mrtbox.inference.engine.InputTap;

/**
 * The preallocated ring the capture thread writes and every {@link InputTap} reader copies from, Disruptor style:
 * one writer, a published frame count, no locks. The writer fills slots, then publishes the new count with
 * release semantics; a reader copies, then re-reads the count and zeroes whatever the writer may have overwritten
 * while it copied (frames older than the ring minus one write chunk), so a reader never returns torn audio.
 * Interleaved stereo float.
 */
public final class InputRing implements InputTap {
    private static final VarHandle WRITTEN;

    static {
        try {
            WRITTEN = MethodHandles.lookup().findVarHandle(InputRing.class, "written", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final int sampleRate;
    private final int capacity;          // frames, a power of two
    private final int mask;
    private final int maxChunk;          // the writer publishes at least every maxChunk frames
    private final float[] data;
    @SuppressWarnings("unused") private volatile long written;

    /** A ring holding at least {@code seconds} of audio at {@code sampleRate}. */
    public static InputRing forSeconds(int sampleRate, double seconds) {
        int frames = (int) Math.ceil(sampleRate * seconds);
        return new InputRing(sampleRate, Integer.highestOneBit(Math.max(1024, frames - 1)) << 1);
    }

    public InputRing(int sampleRate, int capacityFrames) {
        if (Integer.bitCount(capacityFrames) != 1 || capacityFrames < 1024) {
            throw new IllegalArgumentException("ring capacity must be a power of two >= 1024 frames, got " + capacityFrames);
        }
        this.sampleRate = sampleRate;
        this.capacity = capacityFrames;
        this.mask = capacityFrames - 1;
        this.maxChunk = capacityFrames / 8;
        this.data = new float[capacityFrames * 2];
    }

    @Override
    public int sampleRate() {
        return sampleRate;
    }

    /** Frames the ring holds; older audio is overwritten. */
    public int capacityFrames() {
        return capacity;
    }

    @Override
    public long framesWritten() {
        return (long) WRITTEN.getAcquire(this);
    }

    /** Appends interleaved stereo frames. Writer thread only; allocates nothing. */
    public void write(float[] stereo, int frames) {
        long w = (long) WRITTEN.getOpaque(this);
        int done = 0;
        while (done < frames) {
            int n = Math.min(maxChunk, frames - done);
            for (int i = 0; i < n; i++) {
                int slot = (int) ((w + i) & mask) << 1;
                data[slot] = stereo[(done + i) << 1];
                data[slot + 1] = stereo[((done + i) << 1) + 1];
            }
            w += n;
            done += n;
            WRITTEN.setRelease(this, w);
        }
    }

    @Override
    public int read(long endFrame, float[] dst, int count) {
        if (count > capacity) throw new IllegalArgumentException("cannot read " + count + " frames from a " + capacity + "-frame ring");
        long start = endFrame - count;
        long before = framesWritten();
        for (int i = 0; i < count; i++) {
            long f = start + i;
            if (f < 0 || f >= before) {
                dst[2 * i] = 0f;
                dst[2 * i + 1] = 0f;
            } else {
                int slot = (int) (f & mask) << 1;
                dst[2 * i] = data[slot];
                dst[2 * i + 1] = data[slot + 1];
            }
        }
        VarHandle.acquireFence();
        long after = framesWritten();
        // frames the writer may have overwritten while we copied: older than (after + a chunk in flight - capacity)
        long oldestSafe = after + maxChunk - capacity;
        int real = 0;
        for (int i = 0; i < count; i++) {
            long f = start + i;
            if (f < 0 || f >= before) continue;
            if (f < oldestSafe) {
                dst[2 * i] = 0f;
                dst[2 * i + 1] = 0f;
            } else {
                real++;
            }
        }
        return real;
    }

    @Override
    public String toString() {
        return "input ring (" + capacity + " frames at " + sampleRate + " Hz)";
    }
}
