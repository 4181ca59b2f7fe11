package mrtbox.inference.weights;

import java.math.BigInteger;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.nio.ByteBuffer;

/**
 * A small msgpack decoder (the format of T5X's {@code checkpoint} index, written by flax.serialization).
 * Values become plain Java objects: {@link Map} (insertion ordered), {@link List}, {@link Long} (or
 * {@link BigInteger} for uint64 above Long.MAX_VALUE), {@link Double}, {@link Float}, {@link Boolean},
 * {@link String}, {@code byte[]}, {@link Ext} and null. Every malformed or truncated input fails with the byte
 * offset, so a damaged index says where it is damaged.
 */
public final class Msgpack {
    /** An extension value (flax uses type 1 for ndarrays, 2 for complex numbers, 3 for numpy scalars). */
    public record Ext(int type, byte[] data) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Ext e && e.type == type && Arrays.equals(e.data, data);
        }

        @Override
        public int hashCode() {
            return 31 * type + Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return "Ext(" + type + ", " + data.length + " bytes)";
        }
    }

    /** Nesting deeper than this is treated as corrupt input (a real index is a few levels deep). */
    private static final int MAX_DEPTH = 256;

    private final byte[] buf;
    private final String source;
    private int pos;

    private Msgpack(byte[] buf, String source) {
        this.buf = buf;
        this.source = source;
    }

    /** Decodes exactly one value that spans all of {@code bytes}. */
    public static Object decode(byte[] bytes, String source) throws WeightException {
        Msgpack m = new Msgpack(bytes, source);
        Object v = m.value(0);
        if (m.pos != bytes.length) {
            throw m.error("unexpected " + (bytes.length - m.pos) + " trailing bytes after the top-level value");
        }
        return v;
    }

    private Object value(int depth) throws WeightException {
        if (depth > MAX_DEPTH) throw error("nesting deeper than " + MAX_DEPTH);
        int start = pos;
        int b = u8();
        if (b <= 0x7f) return (long) b;
        if (b >= 0xe0) return (long) (byte) b;
        if (b >= 0x80 && b <= 0x8f) return map(b & 0x0f, depth);
        if (b >= 0x90 && b <= 0x9f) return array(b & 0x0f, depth);
        if (b >= 0xa0 && b <= 0xbf) return str(b & 0x1f);
        switch (b) {
            case 0xc0: return null;
            case 0xc2: return Boolean.FALSE;
            case 0xc3: return Boolean.TRUE;
            case 0xc4: return bytes(u8());
            case 0xc5: return bytes(u16());
            case 0xc6: return bytes(len32());
            case 0xc7: return ext(u8());
            case 0xc8: return ext(u16());
            case 0xc9: return ext(len32());
            case 0xca: return Float.intBitsToFloat((int) u32());
            case 0xcb: return Double.longBitsToDouble(s64());
            case 0xcc: return (long) u8();
            case 0xcd: return (long) u16();
            case 0xce: return u32();
            case 0xcf: {
                long v = s64();
                return v >= 0 ? (Object) v : new BigInteger(Long.toUnsignedString(v));
            }
            case 0xd0: return (long) (byte) u8();
            case 0xd1: return (long) (short) u16();
            case 0xd2: return (long) (int) u32();
            case 0xd3: return s64();
            case 0xd4: return ext(1);
            case 0xd5: return ext(2);
            case 0xd6: return ext(4);
            case 0xd7: return ext(8);
            case 0xd8: return ext(16);
            case 0xd9: return str(u8());
            case 0xda: return str(u16());
            case 0xdb: return str(len32());
            case 0xdc: return array(u16(), depth);
            case 0xdd: return array(len32(), depth);
            case 0xde: return map(u16(), depth);
            case 0xdf: return map(len32(), depth);
            default:
                pos = start;
                throw error(String.format("invalid type byte 0x%02x", b));
        }
    }

    private Map<Object, Object> map(int n, int depth) throws WeightException {
        Map<Object, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            int keyAt = pos;
            Object k = value(depth + 1);
            if (k instanceof byte[] raw) k = new String(raw, StandardCharsets.UTF_8);
            Object v = value(depth + 1);
            if (m.put(k, v) != null) {
                pos = keyAt;
                throw error("duplicate map key '" + k + "'");
            }
        }
        return m;
    }

    private List<Object> array(int n, int depth) throws WeightException {
        // Every element takes at least one byte: a count beyond the input is corruption, not a huge array.
        need(n);
        List<Object> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) list.add(value(depth + 1));
        return list;
    }

    private String str(int n) throws WeightException {
        need(n);
        int at = pos;
        pos += n;
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(buf, at, n)).toString();
        } catch (CharacterCodingException e) {
            pos = at;
            throw error("string of " + n + " bytes is not valid UTF-8");
        }
    }

    private byte[] bytes(int n) throws WeightException {
        need(n);
        byte[] out = Arrays.copyOfRange(buf, pos, pos + n);
        pos += n;
        return out;
    }

    private Ext ext(int n) throws WeightException {
        int type = (byte) u8();
        return new Ext(type, bytes(n));
    }

    private int u8() throws WeightException {
        need(1);
        return buf[pos++] & 0xff;
    }

    private int u16() throws WeightException {
        need(2);
        int v = (buf[pos] & 0xff) << 8 | (buf[pos + 1] & 0xff);
        pos += 2;
        return v;
    }

    private long u32() throws WeightException {
        need(4);
        long v = 0;
        for (int i = 0; i < 4; i++) v = v << 8 | (buf[pos + i] & 0xff);
        pos += 4;
        return v;
    }

    private int len32() throws WeightException {
        long n = u32();
        if (n > Integer.MAX_VALUE) throw error("length " + n + " is larger than any index file");
        return (int) n;
    }

    private long s64() throws WeightException {
        need(8);
        long v = 0;
        for (int i = 0; i < 8; i++) v = v << 8 | (buf[pos + i] & 0xff);
        pos += 8;
        return v;
    }

    private void need(int n) throws WeightException {
        if (n < 0 || pos + (long) n > buf.length) {
            throw error("truncated: needs " + n + " more bytes, only " + (buf.length - pos) + " left");
        }
    }

    private WeightException error(String what) {
        return new WeightException(source + ": msgpack " + what + " at byte " + pos);
    }
}
