package mrtbox.inference.text;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * SentencePiece's text normalizer: the {@code precompiled_charsmap} rules (e.g. {@code nmt_nfkc}) applied by
 * longest match over UTF-8 bytes, then the whitespace rules (drop leading, collapse repeated and drop trailing
 * spaces, add the dummy prefix, escape ' ' as U+2581), exactly in the order of the reference {@code Normalizer}.
 */
final class SpmNormalizer {
    static final byte[] SPACE_SYMBOL = "\u2581".getBytes(StandardCharsets.UTF_8);
    private static final byte[] REPLACEMENT = "\uFFFD".getBytes(StandardCharsets.UTF_8);

    private final DoubleArrayTrie charsmap; // null: no rules (identity)
    private final byte[] normalizedPool;
    private final boolean addDummyPrefix;
    private final boolean removeExtraWhitespaces;
    private final boolean escapeWhitespaces;
    private final boolean treatWhitespaceAsSuffix;
    private final PieceTrie userDefined; // user-defined symbols are never normalized

    SpmNormalizer(byte[] precompiledCharsmap, boolean addDummyPrefix, boolean removeExtraWhitespaces,
                  boolean escapeWhitespaces, boolean treatWhitespaceAsSuffix, List<byte[]> userDefinedSymbols) throws IOException {
        if (precompiledCharsmap == null || precompiledCharsmap.length == 0) {
            charsmap = null;
            normalizedPool = new byte[0];
        } else {
            if (precompiledCharsmap.length < 4) throw new IOException("precompiled_charsmap shorter than its 4-byte header");
            int trieSize = ByteBuffer.wrap(precompiledCharsmap, 0, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
            if (trieSize < 0 || trieSize > precompiledCharsmap.length - 4) {
                throw new IOException("precompiled_charsmap: trie size " + trieSize + " exceeds the blob (" + precompiledCharsmap.length + " bytes)");
            }
            charsmap = DoubleArrayTrie.of(precompiledCharsmap, 4, trieSize);
            normalizedPool = java.util.Arrays.copyOfRange(precompiledCharsmap, 4 + trieSize, precompiledCharsmap.length);
        }
        this.addDummyPrefix = addDummyPrefix;
        this.removeExtraWhitespaces = removeExtraWhitespaces;
        this.escapeWhitespaces = escapeWhitespaces;
        this.treatWhitespaceAsSuffix = treatWhitespaceAsSuffix;
        this.userDefined = new PieceTrie();
        for (int i = 0; i < userDefinedSymbols.size(); i++) userDefined.put(userDefinedSymbols.get(i), i);
    }

    /** Normalizes UTF-8 input; the result is the byte string the unigram lattice is built over. */
    byte[] normalize(byte[] input) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(input.length * 3 / 2 + 4);
        int pos = 0;
        Piece p = new Piece();
        if (removeExtraWhitespaces) {
            while (pos < input.length) {
                prefix(input, pos, p);
                if (!(p.len == 1 && p.bytes[p.from] == ' ')) break;
                pos += p.consumed;
            }
        }
        if (pos >= input.length) return new byte[0];
        if (!treatWhitespaceAsSuffix && addDummyPrefix) writeSpace(out);
        boolean prevSpace = removeExtraWhitespaces;
        while (pos < input.length) {
            prefix(input, pos, p);
            int from = p.from, to = p.from + p.len;
            if (prevSpace) {
                while (from < to && p.bytes[from] == ' ') from++;
            }
            if (from < to) {
                for (int i = from; i < to; i++) {
                    if (escapeWhitespaces && p.bytes[i] == ' ') writeSpace(out);
                    else out.write(p.bytes[i]);
                }
                prevSpace = p.bytes[to - 1] == ' ';
            }
            pos += p.consumed;
            if (!removeExtraWhitespaces) prevSpace = false;
        }
        if (treatWhitespaceAsSuffix && addDummyPrefix) writeSpace(out);
        byte[] result = out.toByteArray();
        if (removeExtraWhitespaces) {
            byte[] space = escapeWhitespaces ? SPACE_SYMBOL : new byte[] {' '};
            int len = result.length;
            while (endsWith(result, len, space)) len -= space.length;
            if (len != result.length) result = java.util.Arrays.copyOf(result, len);
        }
        return result;
    }

    private void writeSpace(ByteArrayOutputStream out) {
        if (escapeWhitespaces) out.write(SPACE_SYMBOL, 0, SPACE_SYMBOL.length);
        else out.write(' ');
    }

    private static boolean endsWith(byte[] s, int len, byte[] suffix) {
        if (len < suffix.length) return false;
        for (int i = 0; i < suffix.length; i++) if (s[len - suffix.length + i] != suffix[i]) return false;
        return true;
    }

    /** The normalized replacement for the longest rule matching at {@code pos}, and how many bytes it consumes. */
    private static final class Piece {
        byte[] bytes;
        int from, len, consumed;
    }

    private void prefix(byte[] in, int pos, Piece p) {
        int userLen = userDefined.longestMatch(in, pos, in.length);
        if (userLen > 0) {
            p.bytes = in; p.from = pos; p.len = userLen; p.consumed = userLen;
            return;
        }
        long match = charsmap == null ? -1 : charsmap.longestPrefix(in, pos, in.length);
        if (match >= 0) {
            int value = (int) (match >>> 32);
            int end = value;
            while (end < normalizedPool.length && normalizedPool[end] != 0) end++;
            p.bytes = normalizedPool; p.from = value; p.len = end - value; p.consumed = (int) match;
            return;
        }
        int len = Utf8.validCharLength(in, pos);
        if (len == 0) { // malformed UTF-8: one byte becomes U+FFFD, as in the reference
            p.bytes = REPLACEMENT; p.from = 0; p.len = REPLACEMENT.length; p.consumed = 1;
        } else {
            p.bytes = in; p.from = pos; p.len = len; p.consumed = len;
        }
    }
}
