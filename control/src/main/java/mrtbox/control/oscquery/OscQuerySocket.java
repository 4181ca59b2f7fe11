package mrtbox.control.oscquery;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import mrtbox.control.osc.OscPeer;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One OSCQuery WebSocket client: keeps the set of LISTENed paths and sends values as binary OSC frames.
 * A client that stops reading loses frames (bounded queue) rather than growing the server's memory.
 */
public final class OscQuerySocket implements Session.Listener.AutoDemanding {
    private static final Logger log = LoggerFactory.getLogger(OscQuerySocket.class);
    private static final int MAX_QUEUED_FRAMES = 256;

    private final OscQueryServer server;
    private final Set<String> listening = ConcurrentHashMap.newKeySet();
    private final AtomicInteger queued = new AtomicInteger();
    private volatile Session session;

    OscQuerySocket(OscQueryServer server) {
        this.server = server;
    }

    boolean listens(String address) {
        return listening.contains(address);
    }

    @Override
    public void onWebSocketOpen(Session s) {
        session = s;
        server.opened(this);
    }

    @Override
    public void onWebSocketText(String text) {
        JsonNode msg;
        try {
            msg = OscQueryServer.MAPPER.readTree(text);
        } catch (Exception e) {
            log.debug("OSCQuery client sent non-JSON text: {}", e.getMessage());
            return;
        }
        String command = msg.path("COMMAND").asText("");
        String path = msg.path("DATA").asText("");
        switch (command) {
            case "LISTEN" -> {
                if (server.listenable(path)) listening.add(path);
                else log.debug("OSCQuery LISTEN for unknown path {}", path);
            }
            case "IGNORE" -> listening.remove(path);
            default -> log.debug("OSCQuery command {} not supported", command);
        }
    }

    /** Binary frames are OSC packets: browser controllers (oscqueryhtml) cannot send UDP, so they set values here. */
    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        Session s = session;
        if (s != null && s.getRemoteSocketAddress() instanceof InetSocketAddress remote) {
            byte[] data = new byte[payload.remaining()];
            payload.get(data);
            server.receive(data, new OscPeer(remote, this::sendOsc, false));
        }
        callback.succeed();
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason, Callback callback) {
        server.closed(this);
        callback.succeed();
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        server.closed(this);
    }

    void sendOsc(byte[] packet) {
        Session s = session;
        if (!reserve(s)) return;
        s.sendBinary(ByteBuffer.wrap(packet), Callback.from(queued::decrementAndGet, x -> queued.decrementAndGet()));
    }

    void sendText(String text) {
        Session s = session;
        if (!reserve(s)) return;
        s.sendText(text, Callback.from(queued::decrementAndGet, x -> queued.decrementAndGet()));
    }

    private boolean reserve(Session s) {
        if (s == null || !s.isOpen()) return false;
        if (queued.incrementAndGet() > MAX_QUEUED_FRAMES) {
            queued.decrementAndGet();
            return false;
        }
        return true;
    }
}
