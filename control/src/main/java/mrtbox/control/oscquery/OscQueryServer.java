package mrtbox.control.oscquery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import mrtbox.control.net.BoxNames;
import mrtbox.control.osc.AddressSpace;
import mrtbox.control.osc.ChangeFeed;
import mrtbox.control.osc.OscPeer;
import mrtbox.control.osc.OscServer;
import mrtbox.control.osc.OscValues;
import mrtbox.control.osc.OscWriter;
import mrtbox.control.osc.SenderAllowlist;
import mrtbox.control.osc.StatusMessages;
import mrtbox.control.param.ChangeSource;
import mrtbox.control.param.ParamHandle;
import mrtbox.control.param.ParamType;
import mrtbox.control.param.ParameterRegistry;
import mrtbox.control.status.StatusBoard;
import mrtbox.control.status.StatusReport;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OSCQuery on its own small Jetty server (default port 9001): {@code GET /path} returns the JSON namespace,
 * {@code ?HOST_INFO} the server description, {@code ?ATTRIBUTE} one attribute; the WebSocket on the same port takes
 * LISTEN/IGNORE and streams values as binary OSC, plus PATH_CHANGED (scene recalls, prompt text) and PATH_ADDED;
 * binary OSC sent by the client on the socket is applied like a UDP packet (errors come back on the socket).
 * No login: OSCQuery clients (ossia, VDMX, Chataigne) cannot log in, so the OSC sender allowlist guards it instead,
 * with two browser checks: a Host header that names no address or name of the box is refused (DNS rebinding), and the
 * WebSocket refuses browser pages other than the box's own ({@link OriginPolicy}).
 */
public final class OscQueryServer implements ChangeFeed.Sink, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OscQueryServer.class);
    static final ObjectMapper MAPPER = new ObjectMapper();

    private final OscServer osc;
    private final ParameterRegistry registry;
    private final StatusBoard status;
    private final String bindAddress;
    private final int port;
    private final BoxNames names;
    private final OriginPolicy origins;
    private final OscWriter writer = new OscWriter();
    private final Set<OscQuerySocket> sockets = new CopyOnWriteArraySet<>();
    private final Set<String> refusedOrigins = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private Server server;
    private ServerConnector connector;

    public OscQueryServer(OscServer osc, ParameterRegistry registry, StatusBoard status) {
        this.osc = osc;
        this.registry = registry;
        this.status = status;
        this.bindAddress = osc.settings().bindAddress();
        this.port = osc.settings().oscQueryPort();
        List<String> hostNames = new ArrayList<>(osc.settings().hostNames());
        hostNames.add(osc.settings().serviceName() + ".local");
        this.names = BoxNames.forThisMachine(hostNames);
        this.origins = new OriginPolicy(names, osc.settings().allowedOrigins());
    }

    public synchronized void start() throws Exception {
        if (server != null) throw new IllegalStateException("already started");
        QueuedThreadPool threads = new QueuedThreadPool(16, 2);
        threads.setName("oscquery");
        threads.setDaemon(true);
        server = new Server(threads);
        connector = new ServerConnector(server, 1, 1);
        connector.setHost(bindAddress);
        connector.setPort(port);
        server.addConnector(connector);
        WebSocketUpgradeHandler ws = WebSocketUpgradeHandler.from(server, container -> {
            container.setIdleTimeout(Duration.ofMinutes(10));
            container.setMaxTextMessageSize(4096);
            container.setMaxBinaryMessageSize(65_536);
            container.addMapping("/*", (req, resp, cb) -> {
                Optional<String> refused = origins.refusal(req.getHeaders().get(HttpHeader.ORIGIN));
                if (refused.isPresent()) {
                    // Once per origin: a hostile page retrying in a loop must not flood the journal.
                    if (refusedOrigins.size() < 64 && refusedOrigins.add(String.valueOf(req.getHeaders().get(HttpHeader.ORIGIN)))) {
                        log.warn("OSCQuery WebSocket refused: {}", refused.get());
                    }
                    Response.writeError(req, resp, cb, HttpStatus.FORBIDDEN_403, refused.get());
                    return null;
                }
                return new OscQuerySocket(this);
            });
        });
        ws.setHandler(new TreeHandler());
        server.setHandler(new AllowlistHandler(osc.allowlist(), names, ws));
        server.start();
        osc.feed().addSink(this);
        log.info("OSCQuery on http://{}:{}/ (WebSocket on the same port)", bindAddress, localPort());
    }

    public int localPort() {
        return connector.getLocalPort();
    }

    @Override
    public synchronized void close() {
        if (server == null) return;
        osc.feed().removeSink(this);
        try {
            server.stop();
        } catch (Exception e) {
            log.warn("stopping OSCQuery: {}", e.toString());
        }
        server = null;
    }

    void opened(OscQuerySocket s) { sockets.add(s); }

    void closed(OscQuerySocket s) { sockets.remove(s); }

    /** An OSC packet that arrived over a WebSocket: handled like a datagram, answered over the socket. */
    void receive(byte[] packet, OscPeer peer) {
        osc.handlePacket(packet, packet.length, peer);
    }

    /** Known address (parameter or status) for LISTEN. */
    boolean listenable(String address) {
        return osc.addressSpace().param(address) != null || address.startsWith(AddressSpace.STATUS_PREFIX);
    }

    // ---- ChangeFeed.Sink: called on the OSC scheduler thread at the echo rate ----

    @Override
    public void values(List<ChangeFeed.Update> updates) {
        if (sockets.isEmpty()) return;
        for (ChangeFeed.Update u : updates) {
            String address = u.spec().oscAddress();
            byte[] packet = writer.encode(address, OscValues.typedArgs(u.spec(), u.value()));
            // Whole-state changes (scene recall) and prompt texts are what browsers of the tree want to re-read.
            boolean pathChanged = u.source().kind() == ChangeSource.Kind.SCENE || u.spec().type() == ParamType.TEXT;
            String notice = pathChanged ? command("PATH_CHANGED", address) : null;
            for (OscQuerySocket s : sockets) {
                if (s.listens(address)) s.sendOsc(packet);
                if (notice != null) s.sendText(notice);
            }
        }
    }

    @Override
    public void status(StatusReport report) {
        if (sockets.isEmpty()) return;
        for (StatusMessages.Entry e : StatusMessages.of(report)) {
            byte[] packet = null;
            for (OscQuerySocket s : sockets) {
                if (!s.listens(e.address())) continue;
                if (packet == null) packet = writer.encode(e.address(), e.args());
                s.sendOsc(packet);
            }
        }
    }

    @Override
    public void paramAdded(ParamHandle handle) {
        String notice = command("PATH_ADDED", handle.spec().oscAddress());
        for (OscQuerySocket s : sockets) s.sendText(notice);
    }

    static String command(String command, String data) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("COMMAND", command);
        n.put("DATA", data);
        return n.toString();
    }

    private ObjectNode hostInfo(Request request) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("NAME", osc.settings().serviceName());
        ObjectNode ext = n.putObject("EXTENSIONS");
        for (String yes : List.of("ACCESS", "VALUE", "RANGE", "DESCRIPTION", "TAGS", "UNIT", "CLIPMODE", "LISTEN", "PATH_CHANGED", "PATH_ADDED")) {
            ext.put(yes, true);
        }
        for (String no : List.of("EXTENDED_TYPE", "CRITICAL", "HTML", "PATH_REMOVED", "PATH_RENAMED")) ext.put(no, false);
        String ip = advertisedIp(request);
        n.put("OSC_IP", ip);
        n.put("OSC_PORT", osc.localAddress().getPort());
        n.put("OSC_TRANSPORT", "UDP");
        n.put("WS_IP", ip);
        n.put("WS_PORT", localPort());
        return n;
    }

    /** The bind address, or when bound to every interface, the address this client reached us on. */
    private String advertisedIp(Request request) {
        try {
            InetAddress bind = InetAddress.getByName(bindAddress);
            if (!bind.isAnyLocalAddress()) return bind.getHostAddress();
        } catch (Exception e) {
            // fall through to the connection's local address
        }
        SocketAddress local = request.getConnectionMetaData().getLocalSocketAddress();
        return local instanceof InetSocketAddress i ? i.getAddress().getHostAddress() : bindAddress;
    }

    /** GET of the namespace. */
    private final class TreeHandler extends Handler.Abstract {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            if (!"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod())) {
                Response.writeError(request, response, callback, HttpStatus.METHOD_NOT_ALLOWED_405);
                return true;
            }
            String path = Request.getPathInContext(request);
            String query = request.getHttpURI().getQuery();
            JsonNode body;
            if (query != null && query.startsWith("HOST_INFO")) {
                body = hostInfo(request);
            } else {
                ObjectNode root = OscQueryTree.build(osc.addressSpace(), registry.snapshot(), status.current());
                ObjectNode node = OscQueryTree.find(root, path);
                if (node == null) {
                    Response.writeError(request, response, callback, HttpStatus.NOT_FOUND_404, "no OSC node at " + path);
                    return true;
                }
                if (query == null || query.isEmpty()) {
                    body = node;
                } else {
                    String attribute = query.split("&", 2)[0];
                    JsonNode value = node.get(attribute);
                    if (value == null) {
                        response.setStatus(HttpStatus.NO_CONTENT_204);
                        callback.succeeded();
                        return true;
                    }
                    body = MAPPER.createObjectNode().set(attribute, value);
                }
            }
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
            response.write(true, ByteBuffer.wrap(body.toString().getBytes(StandardCharsets.UTF_8)), callback);
            return true;
        }
    }

    /**
     * Refuses clients outside the sender allowlist, and requests whose Host header is not one of the box's names or
     * addresses (a DNS-rebinding page), before anything else (HTTP and WebSocket alike).
     */
    private static final class AllowlistHandler extends Handler.Wrapper {
        private final SenderAllowlist allowlist;
        private final BoxNames names;

        AllowlistHandler(SenderAllowlist allowlist, BoxNames names, Handler next) {
            super(next);
            this.allowlist = allowlist;
            this.names = names;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            SocketAddress remote = request.getConnectionMetaData().getRemoteSocketAddress();
            if (!(remote instanceof InetSocketAddress r) || !allowlist.allows(r.getAddress())) {
                Response.writeError(request, response, callback, HttpStatus.FORBIDDEN_403, "sender not in the allowlist");
                return true;
            }
            String host = request.getHeaders().get(HttpHeader.HOST);
            if (!names.trustsHostHeader(host)) {
                Response.writeError(request, response, callback, HttpStatus.FORBIDDEN_403, "'" + BoxNames.hostOf(host)
                        + "' is not a name of this box (list it in web.hostNames to reach OSCQuery by it)");
                return true;
            }
            return super.handle(request, response, callback);
        }
    }
}
