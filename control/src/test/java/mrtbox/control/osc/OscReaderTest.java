package mrtbox.control.osc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.illposed.osc.OSCBundle;
import com.illposed.osc.OSCMessage;
import com.illposed.osc.OSCPacket;
import com.illposed.osc.argument.OSCImpulse;
import com.illposed.osc.argument.OSCTimeTag64;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The parser against JavaOSC's encoder (an independent writer), and against broken bytes. */
class OscReaderTest {
    private final OscReader reader = new OscReader(4, 256, 64);

    private OscPacket read(byte[] b) throws OscFormatException {
        return reader.read(b, b.length);
    }

    @Test
    void decodesEveryArgumentTypeJavaOscWrites() throws Exception {
        byte[] blob = {1, 2, 3, 4, 5};
        byte[] bytes = OscServerTest.encode(new OSCMessage("/a/b", Arrays.asList(
                42, 1.5f, "héllo", true, false, null, OSCImpulse.INSTANCE, 123456789012L, 2.25, blob)));
        OscMessage m = (OscMessage) read(bytes);
        assertEquals("/a/b", m.address());
        assertEquals("ifsTFNIhdb", m.typeTags());
        assertEquals(List.of(42, 1.5f, "héllo", true, false, OscMessage.NIL, OscMessage.IMPULSE, 123456789012L, 2.25),
                m.args().subList(0, 9));
        assertArrayEquals(blob, (byte[]) m.args().get(9));
    }

    @Test
    void randomMessagesRoundTripThroughJavaOsc() throws Exception {
        Random rnd = new Random(7);
        for (int n = 0; n < 2000; n++) {
            Object[] args = new Object[rnd.nextInt(5)];
            for (int i = 0; i < args.length; i++) {
                args[i] = switch (rnd.nextInt(4)) {
                    case 0 -> rnd.nextInt();
                    case 1 -> rnd.nextFloat() * 1000 - 500;
                    case 2 -> "s" + "x".repeat(rnd.nextInt(20));
                    default -> rnd.nextBoolean();
                };
            }
            String address = "/p" + rnd.nextInt(100) + "/q";
            OscMessage m = (OscMessage) read(OscServerTest.encode(new OSCMessage(address, Arrays.asList(args))));
            assertEquals(address, m.address());
            assertEquals(Arrays.asList(args), m.args());
        }
    }

    @Test
    void decodesNestedBundlesWithTheirTimeTags() throws Exception {
        long tag = NtpTime.fromInstant(java.time.Instant.parse("2026-11-24T03:00:00.250Z"));
        OSCBundle inner = new OSCBundle(List.<OSCPacket>of(new OSCMessage("/x", List.of(1))), OSCTimeTag64.valueOf(tag));
        OSCBundle outer = new OSCBundle(List.<OSCPacket>of(inner, new OSCMessage("/y")), OSCTimeTag64.valueOf(NtpTime.IMMEDIATE));
        OscBundle b = (OscBundle) read(OscServerTest.encode(outer));
        assertEquals(NtpTime.IMMEDIATE, b.timeTag());
        OscBundle in = (OscBundle) b.elements().get(0);
        assertEquals(tag, in.timeTag());
        assertEquals("/x", ((OscMessage) in.elements().get(0)).address());
        assertEquals("/y", ((OscMessage) b.elements().get(1)).address());
    }

    private void assertMalformed(byte[] b, String reasonPart) {
        OscFormatException e = assertThrows(OscFormatException.class, () -> read(b));
        assertTrue(e.getMessage().contains(reasonPart), e.getMessage() + " should mention " + reasonPart);
    }

    @Test
    void refusesBrokenPacketsWithAReasonAndOffset() {
        byte[] good = RawOsc.message("/mrtbox/x", 1, "abc");
        assertMalformed(new byte[0], "too short");
        assertMalformed(Arrays.copyOf(good, good.length - 4), "string argument is not terminated");
        assertMalformed(Arrays.copyOf(good, 16), "argument 'i' cut off");
        assertMalformed(Arrays.copyOf(good, good.length + 4), "4 bytes left over");
        assertMalformed(new byte[] {'x', 0, 0, 0}, "neither '/' nor '#bundle'");
        assertMalformed(withTags("/a", ",[i]"), "arrays");
        assertMalformed(withTags("/a", ",q"), "unknown type tag 0x71");
        assertMalformed(withTags("/a", ",i"), "cut off");
        assertMalformed(withTags("/a", "xi"), "must start with ','");
        assertMalformed(RawOsc.message("/a", "y".repeat(300)), "longer than 256 bytes");
        assertMalformed(RawOsc.message("/a b", 1), "address contains character 0x20");
        byte[] m = RawOsc.message("/a", 1);
        byte[] oversizeElement = RawOsc.bundle(NtpTime.IMMEDIATE, m);
        ByteBuffer.wrap(oversizeElement).putInt(16, 1000);
        assertMalformed(oversizeElement, "bundle element size 1000 is invalid");
        byte[] deep = m;
        for (int i = 0; i < 5; i++) deep = RawOsc.bundle(NtpTime.IMMEDIATE, deep);
        assertMalformed(deep, "nested deeper than 4");
        byte[][] many = new byte[70][];
        Arrays.fill(many, m);
        assertMalformed(RawOsc.bundle(NtpTime.IMMEDIATE, many), "more than 64");
        byte[] badUtf8 = RawOsc.message("/a", "ab");
        badUtf8[badUtf8.length - 4] = (byte) 0xC3;
        badUtf8[badUtf8.length - 3] = (byte) 0x28;
        assertMalformed(badUtf8, "not valid UTF-8");
        byte[] blob = withTags("/a", ",b");
        byte[] withSize = Arrays.copyOf(blob, blob.length + 4);
        ByteBuffer.wrap(withSize).putInt(blob.length, -5);
        assertMalformed(withSize, "blob size -5");
    }

    /** An address and a raw type tag string, with no argument data. */
    private static byte[] withTags(String address, String tags) {
        var out = new java.io.ByteArrayOutputStream();
        RawOsc.string(out, address);
        RawOsc.string(out, tags);
        return out.toByteArray();
    }

    @Test
    void messageWithoutTypeTagsHasNoArguments() throws Exception {
        var out = new java.io.ByteArrayOutputStream();
        RawOsc.string(out, "/mrtbox/transport/play");
        OscMessage m = (OscMessage) read(out.toByteArray());
        assertEquals(List.of(), m.args());
    }
}
