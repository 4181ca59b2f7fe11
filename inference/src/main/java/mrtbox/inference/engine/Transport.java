package mrtbox.inference.engine;

import java.util.concurrent.atomic.AtomicLong;
import mrtbox.inference.guard.EqualPowerCrossfade;

/**
 * The few values the control side, the generation thread and the audio thread share: whether we play, and
 * where in the ring stale audio ends (the flush mark). Plain volatile/atomic fields: nobody blocks.
 *
 * <p>The flush mark is a ring write position published earlier; the audio thread fades out, skips to it and
 * fades in. It only grows, so a late writer can never bring stale audio back.
 */
final class Transport {
    private final boolean skipStaleAudio;
    private volatile boolean playing;
    private final AtomicLong flushTo = new AtomicLong();
    private final AtomicLong resetRequests = new AtomicLong();
    private volatile long seed;
    /** Where the new stream of the latest state swap begins (a ring write position; only grows). */
    private final AtomicLong swapAt = new AtomicLong();
    private volatile EqualPowerCrossfade swapFade;
    private final AtomicLong swapRequests = new AtomicLong();
    private volatile Runnable swapAction;

    /**
     * @param skipStaleAudio live: at a flush the output fades out at once and skips the stale audio (a reset is
     *                       heard as soon as the new audio exists); offline: it plays up to the mark and fades
     *                       around it, dropping nothing, so events land exactly at their time in the file
     */
    Transport(boolean skipStaleAudio) {
        this.skipStaleAudio = skipStaleAudio;
    }

    boolean skipStaleAudio() {
        return skipStaleAudio;
    }

    boolean playing() {
        return playing;
    }

    void setPlaying(boolean playing) {
        this.playing = playing;
    }

    long flushTo() {
        return flushTo.get();
    }

    /** Marks everything before {@code writePosition} as stale (allocation-free: a CAS loop, no lambda). */
    void flushBefore(long writePosition) {
        long cur;
        while ((cur = flushTo.get()) < writePosition) {
            if (flushTo.compareAndSet(cur, writePosition)) return;
        }
    }

    void requestReset(long seed) {
        this.seed = seed;
        resetRequests.incrementAndGet();
    }

    long resetRequests() {
        return resetRequests.get();
    }

    long seed() {
        return seed;
    }

    void setSeed(long seed) {
        this.seed = seed;
    }

    /**
     * Asks the generation thread to run {@code action} at its next step boundary (it changes the model's state) and
     * to crossfade the old stream into the new one with {@code fade} (made on the caller's thread: the audio thread
     * never allocates). A newer request replaces one not yet run.
     */
    void requestSwap(Runnable action, EqualPowerCrossfade fade) {
        swapFade = fade;
        swapAction = action;
        swapRequests.incrementAndGet();
    }

    long swapRequests() {
        return swapRequests.get();
    }

    /** The latest swap's action, taken once (null when none waits). */
    Runnable takeSwapAction() {
        Runnable a = swapAction;
        swapAction = null;
        return a;
    }

    /** The latest swap's crossfade (the audio thread restarts and runs it). */
    EqualPowerCrossfade swapFade() {
        return swapFade;
    }

    /** Marks where the new stream of a swap begins (published before the new audio is written). */
    void markSwap(long writePosition) {
        long cur;
        while ((cur = swapAt.get()) < writePosition) {
            if (swapAt.compareAndSet(cur, writePosition)) return;
        }
    }

    long swapAt() {
        return swapAt.get();
    }
}
