package mrtbox.inference.mrtv1;

import static mrtbox.inference.mrtv1.MrtV1Vocab.CHUNK_FRAMES;
import static mrtbox.inference.mrtv1.MrtV1Vocab.CONTEXT_FRAMES;
import static mrtbox.inference.mrtv1.MrtV1Vocab.LEVELS;

/**
 * The 10 s token context of MRT v1: [250 frames][16 levels] of codes, -1 where no audio exists yet (fed to the
 * encoder as MASK). Frame 0 is the oldest. Mutable, owned by one chunk model.
 */
public final class ContextTokens {
    private final int[][] frames = new int[CONTEXT_FRAMES][LEVELS];

    public ContextTokens() {
        clear();
    }

    /** Back to "no audio": every code -1. */
    public void clear() {
        for (int[] f : frames) java.util.Arrays.fill(f, -1);
    }

    /** Copies [250][16] codes in. */
    public void set(int[][] codes) {
        if (codes.length != CONTEXT_FRAMES) throw new IllegalArgumentException("context needs " + CONTEXT_FRAMES + " frames, got " + codes.length);
        for (int f = 0; f < CONTEXT_FRAMES; f++) {
            if (codes[f].length != LEVELS) throw new IllegalArgumentException("frame " + f + " has " + codes[f].length + " levels");
            System.arraycopy(codes[f], 0, frames[f], 0, LEVELS);
        }
    }

    /** The state update: drop the oldest 50 frames, append the chunk's 50 new frames (all 16 levels). */
    public void advance(int[][] newFrames) {
        if (newFrames.length != CHUNK_FRAMES) throw new IllegalArgumentException("a chunk has " + CHUNK_FRAMES + " frames, got " + newFrames.length);
        for (int f = 0; f < CONTEXT_FRAMES - CHUNK_FRAMES; f++) System.arraycopy(frames[f + CHUNK_FRAMES], 0, frames[f], 0, LEVELS);
        for (int f = 0; f < CHUNK_FRAMES; f++) System.arraycopy(newFrames[f], 0, frames[CONTEXT_FRAMES - CHUNK_FRAMES + f], 0, LEVELS);
    }

    /**
     * Audio injection's overwrite: the newest {@code tail.length} frames become {@code tail} (all 16 levels, codes
     * 0..1023); older frames stay.
     */
    public void overwriteTail(int[][] tail) {
        if (tail.length > CONTEXT_FRAMES) throw new IllegalArgumentException(tail.length + " frames do not fit the " + CONTEXT_FRAMES + "-frame context");
        for (int i = 0; i < tail.length; i++) {
            if (tail[i].length != LEVELS) throw new IllegalArgumentException("injected frame " + i + " has " + tail[i].length + " levels, expected " + LEVELS);
            for (int code : tail[i]) {
                if (code < 0 || code >= MrtV1Vocab.CODEBOOK) throw new IllegalArgumentException("injected frame " + i + " has code " + code);
            }
        }
        int first = CONTEXT_FRAMES - tail.length;
        for (int i = 0; i < tail.length; i++) System.arraycopy(tail[i], 0, frames[first + i], 0, LEVELS);
    }

    /** The newest frame's 16 codes (-1 while empty). */
    public int[] last() {
        return frames[CONTEXT_FRAMES - 1].clone();
    }

    /** A copy of all frames. */
    public int[][] snapshot() {
        int[][] out = new int[CONTEXT_FRAMES][];
        for (int f = 0; f < CONTEXT_FRAMES; f++) out[f] = frames[f].clone();
        return out;
    }

    /** Codes of an LLM chunk: 800 ids -> [50][16] codes, leniently as the reference ({@link MrtV1Vocab#idToCode}). */
    public static int[][] codesOf(int[] ids) {
        if (ids.length != CHUNK_FRAMES * LEVELS) throw new IllegalArgumentException(ids.length + " ids, expected " + CHUNK_FRAMES * LEVELS);
        int[][] out = new int[CHUNK_FRAMES][LEVELS];
        for (int i = 0; i < ids.length; i++) out[i / LEVELS][i % LEVELS] = MrtV1Vocab.idToCode(ids[i]);
        return out;
    }
}
