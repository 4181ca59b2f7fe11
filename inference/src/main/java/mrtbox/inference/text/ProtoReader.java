package mrtbox.inference.text;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Just enough of the protobuf wire format to read a SentencePiece {@code ModelProto}: walk the fields of one
 * message by number and wire type, skipping what we do not need. Corrupt input throws {@link IOException}
 * naming the byte offset.
 */
final class ProtoReader {
    static final int VARINT = 0, FIXED64 = 1, BYTES = 2, FIXED32 = 5;

    private final byte[] buf;
    private final int end;
    private final String what;
    private int pos;
    private int field;
    private int wireType;

    ProtoReader(byte[] buf, int from, int to, String what) {
        this.buf = buf;
        this.pos = from;
        this.end = to;
        this.what = what;
    }

    ProtoReader(byte[] buf, String what) {
        this(buf, 0, buf.length, what);
    }

    /** Advances to the next field; false at the end of the message. */
    boolean next() throws IOException {
        if (pos >= end) return false;
        long key = varint();
        field = (int) (key >>> 3);
        wireType = (int) (key & 7);
        if (field <= 0) throw corrupt("field number " + field);
        return true;
    }

    int field() {
        return field;
    }

    int wireType() {
        return wireType;
    }

    long varint() throws IOException {
        long r = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos >= end) throw corrupt("varint runs past the end");
            byte b = buf[pos++];
            r |= (long) (b & 0x7F) << shift;
            if (b >= 0) return r;
        }
        throw corrupt("varint longer than 10 bytes");
    }

    float fixed32AsFloat() throws IOException {
        expect(FIXED32);
        if (pos + 4 > end) throw corrupt("fixed32 runs past the end");
        float f = ByteBuffer.wrap(buf, pos, 4).order(ByteOrder.LITTLE_ENDIAN).getFloat();
        pos += 4;
        return f;
    }

    /** A length-delimited field as a reader over its bytes (for sub-messages). */
    ProtoReader message(String name) throws IOException {
        int[] span = span();
        return new ProtoReader(buf, span[0], span[1], what + "/" + name);
    }

    byte[] bytes() throws IOException {
        int[] span = span();
        byte[] out = new byte[span[1] - span[0]];
        System.arraycopy(buf, span[0], out, 0, out.length);
        return out;
    }

    String string() throws IOException {
        int[] span = span();
        return new String(buf, span[0], span[1] - span[0], StandardCharsets.UTF_8);
    }

    long varintField() throws IOException {
        expect(VARINT);
        return varint();
    }

    void skip() throws IOException {
        switch (wireType) {
            case VARINT -> varint();
            case FIXED64 -> advance(8);
            case FIXED32 -> advance(4);
            case BYTES -> span();
            default -> throw corrupt("unsupported wire type " + wireType + " in field " + field);
        }
    }

    private int[] span() throws IOException {
        expect(BYTES);
        long len = varint();
        if (len < 0 || len > end - pos) throw corrupt("length " + len + " of field " + field + " runs past the end");
        int from = pos;
        pos += (int) len;
        return new int[] {from, pos};
    }

    private void advance(int n) throws IOException {
        if (pos + n > end) throw corrupt("field " + field + " runs past the end");
        pos += n;
    }

    private void expect(int type) throws IOException {
        if (wireType != type) throw corrupt("field " + field + " has wire type " + wireType + ", expected " + type);
    }

    private IOException corrupt(String detail) {
        return new IOException(what + ": corrupt protobuf at byte " + pos + ": " + detail);
    }
}
