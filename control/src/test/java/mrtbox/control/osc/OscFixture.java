package mrtbox.control.osc;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import mrtbox.control.mapping.LearnControl;
import mrtbox.control.notes.NoteInput;
import mrtbox.control.param.ChangeSource;
import mrtbox.control.param.ParamSpec;
import mrtbox.control.param.ParamType;
import mrtbox.control.param.ParameterRegistry;
import mrtbox.control.param.StandardParams;
import mrtbox.control.scene.SceneBook;
import mrtbox.control.status.StatusBoard;

/** A running OSC server on loopback with the standard parameters plus an ENUM, and recording note/learn sinks. */
final class OscFixture implements AutoCloseable {
    static final String MODE = "test.mode";

    final ParameterRegistry registry = new ParameterRegistry();
    final SceneBook scenes;
    final StatusBoard status = new StatusBoard();
    final List<String> notes = new CopyOnWriteArrayList<>();
    final RecordingLearn learn = new RecordingLearn();
    final OscServer server;

    OscFixture() throws IOException {
        this(OscSettings.builder());
    }

    OscFixture(OscSettings.Builder settings) throws IOException {
        registry.registerAll(StandardParams.all());
        registry.register(ParamSpec.builder(MODE, ParamType.ENUM).choices(List.of("quality", "diversity", "vocal"))
                .description("Test enum").build());
        scenes = new SceneBook(registry);
        NoteInput noteInput = new NoteInput() {
            @Override public void noteOn(int note, int velocity, ChangeSource source) { notes.add("on " + note + " " + velocity + " " + source.kind()); }
            @Override public void noteOff(int note, ChangeSource source) { notes.add("off " + note); }
            @Override public void allNotesOff(ChangeSource source) { notes.add("all off"); }
        };
        server = new OscServer(settings.bindAddress("127.0.0.1").port(0).oscQueryPort(0).zeroconf(false).build(),
                registry, scenes, noteInput, learn, status, Clock.systemUTC());
        server.start();
    }

    int port() {
        return server.localAddress().getPort();
    }

    InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port());
    }

    Object value(String id) {
        return registry.snapshot().value(id);
    }

    @Override
    public void close() {
        server.close();
    }

    static final class RecordingLearn implements LearnControl {
        volatile String armed;

        @Override
        public void arm(String parameterId) {
            if (parameterId.startsWith("nope")) throw new IllegalArgumentException("no parameter '" + parameterId + "'");
            armed = parameterId;
        }

        @Override public void cancel() { armed = null; }
        @Override public Optional<String> armed() { return Optional.ofNullable(armed); }
        @Override public int unlearn(String parameterId) { return 0; }
    }

    /** A plain UDP peer: sends raw packets, receives and decodes replies. */
    static final class Peer implements AutoCloseable {
        final DatagramSocket socket;
        private final OscReader reader = new OscReader(8, 65_536, 10_000);

        Peer() throws IOException {
            socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            socket.setSoTimeout(2000);
        }

        int port() {
            return socket.getLocalPort();
        }

        void send(InetSocketAddress to, byte[] packet) throws IOException {
            socket.send(new DatagramPacket(packet, packet.length, to));
        }

        /** The next message, or null after the timeout. */
        OscMessage receive(int timeoutMs) throws Exception {
            socket.setSoTimeout(timeoutMs);
            byte[] buf = new byte[65_536];
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(p);
            } catch (SocketTimeoutException e) {
                return null;
            }
            return (OscMessage) reader.read(buf, p.getLength());
        }

        /** Messages until {@code address} arrives (inclusive), failing after the timeout. */
        List<OscMessage> receiveUntil(String address, int timeoutMs) throws Exception {
            List<OscMessage> got = new ArrayList<>();
            long end = System.currentTimeMillis() + timeoutMs;
            while (System.currentTimeMillis() < end) {
                OscMessage m = receive((int) Math.max(1, end - System.currentTimeMillis()));
                if (m == null) break;
                got.add(m);
                if (m.address().equals(address)) return got;
            }
            throw new AssertionError("no " + address + " within " + timeoutMs + " ms; got " + got);
        }

        @Override
        public void close() {
            socket.close();
        }
    }

    /** Waits until the condition holds, up to the timeout (state changes cross threads and sockets). */
    static void await(String what, java.util.function.BooleanSupplier condition, long timeoutMs) throws InterruptedException {
        long end = System.nanoTime() + timeoutMs * 1_000_000;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) throw new AssertionError("timed out waiting for " + what);
            Thread.sleep(2);
        }
    }
}
