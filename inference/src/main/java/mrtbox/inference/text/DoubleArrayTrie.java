package mrtbox.inference.text;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Read-only Darts-clone double-array trie, the structure SentencePiece stores inside a normalizer's
 * {@code precompiled_charsmap}. Each unit is a little-endian uint32 holding a label, an offset to its children
 * and a has-leaf flag; a leaf unit holds the value.
 */
final class DoubleArrayTrie {
    private final int[] units;

    DoubleArrayTrie(int[] units) {
        this.units = units;
    }

    static DoubleArrayTrie of(byte[] blob, int from, int length) {
        if (length % 4 != 0) throw new IllegalArgumentException("trie blob of " + length + " bytes is not a whole number of units");
        ByteBuffer b = ByteBuffer.wrap(blob, from, length).order(ByteOrder.LITTLE_ENDIAN);
        int[] u = new int[length / 4];
        for (int i = 0; i < u.length; i++) u[i] = b.getInt();
        return new DoubleArrayTrie(u);
    }

    private static boolean hasLeaf(int unit) {
        return ((unit >>> 8) & 1) == 1;
    }

    private static int value(int unit) {
        return unit & 0x7FFFFFFF;
    }

    private static int label(int unit) {
        return unit & (0x80000000 | 0xFF);
    }

    private static int offset(int unit) {
        return (unit >>> 10) << ((unit & (1 << 9)) >>> 6);
    }

    /**
     * The longest key that is a prefix of {@code key[from..to)}: returns {@code value << 32 | length}, or -1 when
     * no key matches. (SentencePiece looks at the first 32 matches only; keys in a charsmap are far shorter.)
     */
    long longestPrefix(byte[] key, int from, int to) {
        if (units.length == 0) return -1;
        int nodePos = 0;
        int unit = units[nodePos];
        nodePos ^= offset(unit);
        long best = -1;
        int found = 0;
        for (int i = from; i < to; i++) {
            int c = key[i] & 0xFF;
            nodePos ^= c;
            if (nodePos < 0 || nodePos >= units.length) return best;
            unit = units[nodePos];
            if (label(unit) != c) return best;
            nodePos ^= offset(unit);
            if (hasLeaf(unit)) {
                if (nodePos < 0 || nodePos >= units.length) return best;
                if (++found > 32) return best;
                best = ((long) value(units[nodePos]) << 32) | (i - from + 1);
            }
        }
        return best;
    }
}
