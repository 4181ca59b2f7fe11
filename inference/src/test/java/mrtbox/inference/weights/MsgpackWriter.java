package mrtbox.inference.weights;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Test-only msgpack encoder, to write T5X-style indexes (and broken ones) for the reader tests. */
final class MsgpackWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    static byte[] encode(Object v) {
        MsgpackWriter w = new MsgpackWriter();
        w.write(v);
        return w.out.toByteArray();
    }

    private void write(Object v) {
        if (v == null) {
            out.write(0xc0);
        } else if (v instanceof Boolean b) {
            out.write(b ? 0xc3 : 0xc2);
        } else if (v instanceof Integer || v instanceof Long) {
            long n = ((Number) v).longValue();
            if (n >= 0 && n < 128) out.write((int) n);
            else if (n >= -32 && n < 0) out.write((int) n & 0xff);
            else { out.write(0xd3); be(n, 8); }
        } else if (v instanceof Double d) {
            out.write(0xcb);
            be(Double.doubleToLongBits(d), 8);
        } else if (v instanceof String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            if (b.length < 32) out.write(0xa0 | b.length);
            else { out.write(0xda); be(b.length, 2); }
            out.writeBytes(b);
        } else if (v instanceof byte[] b) {
            out.write(0xc6);
            be(b.length, 4);
            out.writeBytes(b);
        } else if (v instanceof Msgpack.Ext e) {
            out.write(0xc9);
            be(e.data().length, 4);
            out.write(e.type());
            out.writeBytes(e.data());
        } else if (v instanceof List<?> l) {
            out.write(0xdc);
            be(l.size(), 2);
            for (Object o : l) write(o);
        } else if (v instanceof Map<?, ?> m) {
            out.write(0xde);
            be(m.size(), 2);
            for (Map.Entry<?, ?> e : m.entrySet()) {
                write(e.getKey());
                write(e.getValue());
            }
        } else {
            throw new IllegalArgumentException("cannot encode " + v.getClass());
        }
    }

    private void be(long v, int bytes) {
        for (int i = bytes - 1; i >= 0; i--) out.write((int) (v >>> (8 * i)) & 0xff);
    }
}
