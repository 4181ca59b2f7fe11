package mrtbox.control.osc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.illposed.osc.OSCMessage;
import com.illposed.osc.transport.OSCPortOut;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import mrtbox.control.param.ParamHandle;
import mrtbox.control.param.ParamSpec;
import mrtbox.control.param.ParamType;
import org.junit.jupiter.api.Test;

/**
 * At least 100,000 random and mutated packets (60 s at most), then the server must still be intact: every value
 * valid for its parameter, and a real client over UDP still sets and gets correctly.
 */
class OscFuzzTest {
    private static final int PACKETS = 100_000;
    private static final long MAX_NANOS = 60_000_000_000L;
    private static final String PROBE = "test.probe";

    @Test
    void survivesRandomAndMutatedPackets() throws Exception {
        try (OscFixture fx = new OscFixture(); OscFixture.Peer sink = new OscFixture.Peer()) {
            fx.registry.register(ParamSpec.builder(PROBE, ParamType.FLOAT).range(0, 10).defaultValue(1).description("probe").build());
            Random rnd = new Random(20261124);
            List<byte[]> corpus = corpus();
            InetSocketAddress sender = new InetSocketAddress(InetAddress.getLoopbackAddress(), sink.port());
            long start = System.nanoTime();
            int sent = 0;
            while (sent < PACKETS && System.nanoTime() - start < MAX_NANOS) {
                byte[] p = rnd.nextInt(5) == 0 ? randomBytes(rnd) : mutate(corpus.get(rnd.nextInt(corpus.size())), rnd);
                if (sent < 2000) sink.send(fx.address(), p); // some through the real socket and receive thread
                fx.server.handlePacket(p, p.length, sender);
                sent++;
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("OSC fuzz: %d packets in %.1f s, %d malformed, %d applied, %d errors in all%n", sent, seconds,
                    fx.server.stats().errors(OscErrorKind.MALFORMED), fx.server.stats().messagesApplied(), fx.server.stats().errorsTotal());
            assertEquals(PACKETS, sent, "the fuzz did not reach its packet count within 60 s");
            assertTrue(fx.server.stats().errors(OscErrorKind.MALFORMED) > PACKETS / 10, "the fuzz barely hit the parser's error paths");
            assertTrue(fx.server.stats().messagesApplied() > 100, "the mutations never produced a valid message");

            // No state corrupted: every stored value is one its parameter accepts unchanged.
            var snap = fx.registry.snapshot();
            for (ParamHandle h : snap.handles()) {
                if (h.spec().type() == ParamType.TRIGGER) continue;
                Object v = snap.value(h);
                ParamSpec.Coerced c = h.spec().coerce(v);
                assertTrue(c.accepted() && c.note() == null, h.id() + " holds " + v + ": " + c.note());
            }

            // Still answering correctly, over the real socket.
            OSCPortOut client = new OSCPortOut(fx.address());
            try (OscFixture.Peer peer = new OscFixture.Peer()) {
                client.send(new OSCMessage("/mrtbox/test/probe", List.of(7.5f)));
                OscFixture.await("probe set after the fuzz", () -> Double.valueOf(7.5).equals(fx.value(PROBE)), 3000);
                peer.send(fx.address(), new OscWriter().encode("/mrtbox/get", "/mrtbox/test/probe"));
                OscMessage reply = peer.receive(3000);
                assertNotNull(reply, "no reply after the fuzz");
                assertEquals("/mrtbox/test/probe", reply.address());
                assertEquals(List.of(7.5f), reply.args());
            } finally {
                client.close();
            }
        }
    }

    private static List<byte[]> corpus() throws Exception {
        OscWriter w = new OscWriter();
        List<byte[]> c = new ArrayList<>();
        c.add(w.encode("/mrtbox/prompt/1/weight", 0.5f));
        c.add(w.encode("/mrtbox/prompt/2/text", "ambient drones with tape hiss"));
        c.add(w.encode("/mrtbox/sampling/top_k", 30));
        c.add(w.encode("/mrtbox/output/mute", true));
        c.add(w.encode("/mrtbox/test/mode", "vocal"));
        c.add(w.encode("/mrtbox/transport/reset"));
        c.add(w.encode("/mrtbox/note/on", 60, 100));
        c.add(w.encode("/mrtbox/note/off", 60));
        c.add(w.encode("/mrtbox/scene/save", "a"));
        c.add(w.encode("/mrtbox/scene/recall", 0));
        c.add(w.encode("/mrtbox/get", "/mrtbox/sampling/top_k"));
        c.add(w.encode("/mrtbox/subscribe", 9999));
        c.add(w.encode("/mrtbox/output/volume", Float.NaN));
        c.add(RawOsc.message("/mrtbox/prompt/*/weight", 0.25f));
        c.add(RawOsc.message("/mrtbox/prompt/{1,2}/text", "x"));
        c.add(OscServerTest.encode(new OSCMessage("/mrtbox/sampling/guidance", Arrays.asList(2.0, 3L, new byte[] {1, 2}, null))));
        long soon = NtpTime.fromInstant(Instant.now().plusMillis(50));
        c.add(RawOsc.bundle(NtpTime.IMMEDIATE, c.get(0), c.get(2)));
        c.add(RawOsc.bundle(soon, c.get(3), RawOsc.bundle(NtpTime.IMMEDIATE, c.get(1))));
        byte[] nested = c.get(0);
        for (int i = 0; i < 12; i++) nested = RawOsc.bundle(NtpTime.IMMEDIATE, nested);
        c.add(nested);
        return c;
    }

    private static byte[] randomBytes(Random rnd) {
        byte[] b = new byte[rnd.nextBoolean() ? rnd.nextInt(64) * 4 : rnd.nextInt(300)];
        rnd.nextBytes(b);
        if (b.length > 0 && rnd.nextBoolean()) b[0] = rnd.nextBoolean() ? (byte) '/' : (byte) '#';
        return b;
    }

    private static byte[] mutate(byte[] original, Random rnd) {
        byte[] b = original.clone();
        int rounds = 1 + rnd.nextInt(4);
        for (int r = 0; r < rounds; r++) {
            switch (rnd.nextInt(7)) {
                case 0 -> { if (b.length > 0) b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256); }       // byte flip
                case 1 -> b = Arrays.copyOf(b, rnd.nextInt(b.length + 1));                              // truncate
                case 2 -> {                                                                             // grow
                    int old = b.length;
                    b = Arrays.copyOf(b, old + rnd.nextInt(64));
                    for (int i = old; i < b.length; i++) b[i] = (byte) rnd.nextInt(256);
                }
                case 3 -> {                                                                             // a wild size or int
                    if (b.length >= 4) {
                        int at = rnd.nextInt(b.length / 4) * 4;
                        int v = switch (rnd.nextInt(4)) {
                            case 0 -> -1;
                            case 1 -> Integer.MAX_VALUE;
                            case 2 -> 0x7FC00000; // NaN bits
                            default -> rnd.nextInt();
                        };
                        java.nio.ByteBuffer.wrap(b).putInt(at, v);
                    }
                }
                case 4 -> {                                                                             // type tag swap
                    for (int i = 0; i < b.length; i++) {
                        if (b[i] == ',' && i + 1 < b.length) {
                            b[i + 1] = (byte) "ifsbhdtTFNIcrm[]xS".charAt(rnd.nextInt(18));
                            break;
                        }
                    }
                }
                case 5 -> { if (b.length > 0) b[rnd.nextInt(b.length)] = 0; }                          // early NUL
                default -> {                                                                            // wildcard chars
                    if (b.length > 2) b[1 + rnd.nextInt(b.length - 1)] = (byte) "*?[]{},!-".charAt(rnd.nextInt(9));
                }
            }
        }
        return b;
    }
}
