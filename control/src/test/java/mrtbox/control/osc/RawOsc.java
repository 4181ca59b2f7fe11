package mrtbox.control.osc;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Hand-built OSC bytes for tests: JavaOSC refuses to encode wildcard addresses (its OSCMessage validates them),
 * and the fuzz and malformed-packet tests need bytes no encoder would write.
 */
final class RawOsc {
    private RawOsc() {}

    static byte[] message(String address, Object... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        string(out, address);
        StringBuilder tags = new StringBuilder(",");
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (Object a : args) {
            if (a instanceof Integer i) { tags.append('i'); data.writeBytes(ByteBuffer.allocate(4).putInt(i).array()); }
            else if (a instanceof Float f) { tags.append('f'); data.writeBytes(ByteBuffer.allocate(4).putFloat(f).array()); }
            else if (a instanceof String s) { tags.append('s'); string(data, s); }
            else if (a instanceof Boolean b) tags.append(b ? 'T' : 'F');
            else throw new IllegalArgumentException(a.toString());
        }
        string(out, tags.toString());
        out.writeBytes(data.toByteArray());
        return out.toByteArray();
    }

    static byte[] bundle(long timeTag, byte[]... elements) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("#bundle\0".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(ByteBuffer.allocate(8).putLong(timeTag).array());
        for (byte[] e : elements) {
            out.writeBytes(ByteBuffer.allocate(4).putInt(e.length).array());
            out.writeBytes(e);
        }
        return out.toByteArray();
    }

    static void string(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeBytes(b);
        int pad = 4 - (b.length % 4);
        for (int i = 0; i < pad; i++) out.write(0);
    }
}
