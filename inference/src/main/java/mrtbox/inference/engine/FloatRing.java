package mrtbox.inference.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A preallocated single-producer/single-consumer ring of floats (interleaved PCM), in the style of the LMAX
 * Disruptor: power-of-two capacity, two monotonically growing sequence counters each on its own cache line, no
 * locks and no allocation after construction.
 *
 * <p>Exactly one thread may call the producer methods ({@link #free}, {@link #write}) and exactly one thread the
 * consumer methods ({@link #available}, {@link #read}, {@link #skipTo}); any thread may read the positions.
 * The producer publishes data with a release store of the write sequence after copying; the consumer releases
 * space the same way. Sequences are counted in floats and never wrap in practice (2^63 floats).
 */
public final class FloatRing extends RingFields.Pad2 {
    private static final VarHandle WRITE_SEQ;
    private static final VarHandle READ_SEQ;

    static {
        try {
            WRITE_SEQ = MethodHandles.privateLookupIn(RingFields.Producer.class, MethodHandles.lookup())
                    .findVarHandle(RingFields.Producer.class, "writeSeq", long.class);
            READ_SEQ = MethodHandles.privateLookupIn(RingFields.Consumer.class, MethodHandles.lookup())
                    .findVarHandle(RingFields.Consumer.class, "readSeq", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final float[] data;
    private final int mask;

    /** @param capacity floats; must be a power of two (use {@link #capacityFor}) */
    public FloatRing(int capacity) {
        if (capacity < 2 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("ring capacity must be a power of two >= 2, got " + capacity);
        }
        data = new float[capacity];
        mask = capacity - 1;
    }

    /** The smallest power of two holding at least {@code floats}. */
    public static int capacityFor(long floats) {
        if (floats > (1 << 30)) throw new IllegalArgumentException("ring of " + floats + " floats is too large");
        int c = 2;
        while (c < floats) c <<= 1;
        return c;
    }

    public int capacity() {
        return data.length;
    }

    // ---- producer side ----

    /** Floats the producer can write now. */
    public int free() {
        long w = (long) WRITE_SEQ.getOpaque(this);
        long space = data.length - (w - producerCachedRead);
        if (space < data.length) {
            producerCachedRead = (long) READ_SEQ.getAcquire(this);
            space = data.length - (w - producerCachedRead);
        }
        return (int) space;
    }

    /** Writes all {@code len} floats or nothing; returns whether it wrote. */
    public boolean write(float[] src, int off, int len) {
        if (len < 0 || len > data.length) throw new IllegalArgumentException("write of " + len + " floats into a ring of " + data.length);
        long w = (long) WRITE_SEQ.getOpaque(this);
        if (data.length - (w - producerCachedRead) < len) {
            producerCachedRead = (long) READ_SEQ.getAcquire(this);
            if (data.length - (w - producerCachedRead) < len) return false;
        }
        int start = (int) (w & mask);
        int first = Math.min(len, data.length - start);
        System.arraycopy(src, off, data, start, first);
        if (first < len) System.arraycopy(src, off + first, data, 0, len - first);
        WRITE_SEQ.setRelease(this, w + len);
        return true;
    }

    // ---- consumer side ----

    /** Floats the consumer can read now. */
    public int available() {
        long r = (long) READ_SEQ.getOpaque(this);
        consumerCachedWrite = (long) WRITE_SEQ.getAcquire(this);
        return (int) (consumerCachedWrite - r);
    }

    /** Reads up to {@code len} floats; returns how many it read. */
    public int read(float[] dst, int off, int len) {
        long r = (long) READ_SEQ.getOpaque(this);
        if (consumerCachedWrite - r < len) consumerCachedWrite = (long) WRITE_SEQ.getAcquire(this);
        int n = (int) Math.min(len, consumerCachedWrite - r);
        if (n <= 0) return 0;
        int start = (int) (r & mask);
        int first = Math.min(n, data.length - start);
        System.arraycopy(data, start, dst, off, first);
        if (first < n) System.arraycopy(data, 0, dst, off + first, n - first);
        READ_SEQ.setRelease(this, r + n);
        return n;
    }

    /**
     * Copies {@code len} floats starting at the absolute position {@code position} without consuming them (the
     * consumer's look ahead: a crossfade reads the old and the new stream at once). The range must lie within what
     * is buffered now.
     */
    public void peek(long position, float[] dst, int off, int len) {
        long r = (long) READ_SEQ.getOpaque(this);
        if (consumerCachedWrite < position + len) consumerCachedWrite = (long) WRITE_SEQ.getAcquire(this);
        if (position < r || position + len > consumerCachedWrite) {
            throw new IllegalStateException("peek at " + position + "+" + len + " outside [" + r + ", " + consumerCachedWrite + "]");
        }
        int start = (int) (position & mask);
        int first = Math.min(len, data.length - start);
        System.arraycopy(data, start, dst, off, first);
        if (first < len) System.arraycopy(data, 0, dst, off + first, len - first);
    }

    /**
     * Drops everything before {@code position} (a write position the producer published earlier): the consumer's
     * way to flush stale audio without the producer ever touching the read side.
     */
    public void skipTo(long position) {
        long r = (long) READ_SEQ.getOpaque(this);
        long w = (long) WRITE_SEQ.getAcquire(this);
        if (position < r || position > w) {
            throw new IllegalStateException("skip to " + position + " outside [" + r + ", " + w + "]");
        }
        READ_SEQ.setRelease(this, position);
    }

    // ---- either side ----

    /** Total floats ever written (the producer's sequence). */
    public long writePosition() {
        return (long) WRITE_SEQ.getAcquire(this);
    }

    /** Total floats ever consumed. */
    public long readPosition() {
        return (long) READ_SEQ.getAcquire(this);
    }

    /** Floats buffered, as seen from any thread (a consistent-enough estimate for pacing and metrics). */
    public int buffered() {
        long r = readPosition();
        long w = writePosition();
        return (int) Math.max(0, w - r);
    }
}

/**
 * The ring's counters, each with the cached copy its own side keeps, separated by padding classes: superclass
 * fields are laid out before subclass fields, so each group sits on its own cache line (no false sharing).
 */
final class RingFields {
    private RingFields() {}

    abstract static class Pad0 {
        long p01, p02, p03, p04, p05, p06, p07;
    }

    /** Written by the producer only. */
    abstract static class Producer extends Pad0 {
        volatile long writeSeq;
        long producerCachedRead;
    }

    abstract static class Pad1 extends Producer {
        long p11, p12, p13, p14, p15, p16, p17;
    }

    /** Written by the consumer only. */
    abstract static class Consumer extends Pad1 {
        volatile long readSeq;
        long consumerCachedWrite;
    }

    abstract static class Pad2 extends Consumer {
        long p21, p22, p23, p24, p25, p26, p27;
    }
}
