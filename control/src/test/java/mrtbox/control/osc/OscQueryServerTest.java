package mrtbox.control.osc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import mrtbox.control.oscquery.OscQueryServer;
import mrtbox.control.param.ChangeSource;
import mrtbox.control.param.ParamHandle;
import mrtbox.control.param.ParamSpec;
import mrtbox.control.param.ParamType;
import mrtbox.control.param.StandardParams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** OSCQuery over real Jetty, read with the JDK's HttpClient and WebSocket. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OscQueryServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private OscFixture fx;
    private OscQueryServer query;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        fx = new OscFixture();
        query = new OscQueryServer(fx.server, fx.registry, fx.status);
        query.start();
    }

    @AfterEach
    void stop() throws Exception {
        query.close();
        fx.close();
    }

    private HttpResponse<String> get(String pathAndQuery) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + query.localPort() + pathAndQuery)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode getJson(String pathAndQuery) throws Exception {
        HttpResponse<String> r = get(pathAndQuery);
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("application/json"));
        return JSON.readTree(r.body());
    }

    @Test
    void treeDescribesEveryParameterOfTheRegistry() throws Exception {
        fx.registry.register(ParamSpec.builder("test.listing", ParamType.TEXT).readOnly().description("made by the box").build());
        fx.registry.set(StandardParams.promptWeight(2), 0.75, ChangeSource.INTERNAL);
        JsonNode root = getJson("/");
        assertEquals("/", root.get("FULL_PATH").asText());
        var snap = fx.registry.snapshot();
        for (ParamHandle h : snap.handles()) {
            ParamSpec spec = h.spec();
            JsonNode node = root;
            for (String seg : spec.oscAddress().substring(1).split("/")) node = node.get("CONTENTS").get(seg);
            assertNotNull(node, spec.oscAddress());
            assertEquals(spec.oscAddress(), node.get("FULL_PATH").asText());
            assertEquals(spec.type().oscTypeTag(), node.get("TYPE").asText(), spec.id());
            assertEquals(spec.label() + ": " + spec.description(), node.get("DESCRIPTION").asText()
                    .replace(" (takes effect at the next reset)", "").replaceAll(" \\(0=.*\\)$", ""), spec.id());
            assertEquals(spec.group(), node.get("TAGS").get(0).asText(), spec.id());
            if (spec.readOnly()) {
                assertEquals(1, node.get("ACCESS").asInt(), spec.id());
                continue;
            }
            if (spec.type() == ParamType.TRIGGER) {
                assertEquals(2, node.get("ACCESS").asInt());
                assertNull(node.get("VALUE"));
                continue;
            }
            assertEquals(3, node.get("ACCESS").asInt());
            JsonNode value = node.get("VALUE").get(0);
            Object expected = snap.value(h);
            switch (spec.type()) {
                case FLOAT -> assertEquals((Double) expected, value.asDouble(), 1e-6, spec.id());
                case INT -> assertEquals(expected, value.asInt(), spec.id());
                case BOOL -> assertEquals(expected, value.asBoolean(), spec.id());
                case TEXT -> assertEquals(expected, value.asText(), spec.id());
                case ENUM -> assertEquals(spec.choices().indexOf((String) expected), value.asInt(), spec.id());
                default -> throw new AssertionError(spec.type());
            }
            if (spec.type() == ParamType.FLOAT || spec.type() == ParamType.INT || spec.type() == ParamType.ENUM) {
                assertEquals(spec.min(), node.get("RANGE").get(0).get("MIN").asDouble(), spec.id());
                assertEquals(spec.max(), node.get("RANGE").get(0).get("MAX").asDouble(), spec.id());
                String clip = spec.outOfRange() == ParamSpec.OutOfRange.CLAMP ? "both" : "none";
                assertEquals(clip, node.get("CLIPMODE").get(0).asText(), spec.id());
            } else {
                assertNull(node.get("RANGE"), spec.id());
            }
            if (!spec.unit().isEmpty()) assertEquals(spec.unit(), node.get("UNIT").get(0).asText());
        }
        assertEquals(0.75, getJson("/mrtbox/prompt/2/weight?VALUE").get("VALUE").get(0).asDouble());
        assertEquals("ii", getJson("/mrtbox/note/on").get("TYPE").asText());
        assertEquals(1, getJson("/mrtbox/status/rtf").get("ACCESS").asInt());
        JsonNode prompt = getJson("/mrtbox/prompt/1");
        assertEquals("/mrtbox/prompt/1", prompt.get("FULL_PATH").asText());
        assertTrue(prompt.get("CONTENTS").has("text") && prompt.get("CONTENTS").has("weight"));
        assertEquals(404, get("/mrtbox/nope").statusCode());
        assertEquals(204, get("/mrtbox/prompt/1/text?RANGE").statusCode());
    }

    @Test
    void hostInfoNamesThePortsAndExtensions() throws Exception {
        JsonNode info = getJson("/?HOST_INFO");
        assertEquals("mrtbox", info.get("NAME").asText());
        assertEquals(fx.port(), info.get("OSC_PORT").asInt());
        assertEquals("UDP", info.get("OSC_TRANSPORT").asText());
        assertEquals("127.0.0.1", info.get("OSC_IP").asText());
        assertEquals(query.localPort(), info.get("WS_PORT").asInt());
        for (String ext : List.of("ACCESS", "VALUE", "RANGE", "DESCRIPTION", "UNIT", "LISTEN", "PATH_CHANGED", "PATH_ADDED")) {
            assertTrue(info.get("EXTENSIONS").get(ext).asBoolean(), ext);
        }
    }

    @Test
    void webSocketListenStreamsValuesAsBinaryOscAndAnnouncesPathChanges() throws Exception {
        BlockingQueue<byte[]> binary = new LinkedBlockingQueue<>();
        BlockingQueue<String> text = new LinkedBlockingQueue<>();
        WebSocket ws = http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + query.localPort() + "/"),
                new WebSocket.Listener() {
                    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
                    private final StringBuilder partialText = new StringBuilder();

                    @Override
                    public CompletionStage<?> onBinary(WebSocket w, ByteBuffer data, boolean last) {
                        byte[] b = new byte[data.remaining()];
                        data.get(b);
                        partial.writeBytes(b);
                        if (last) {
                            binary.add(partial.toByteArray());
                            partial.reset();
                        }
                        w.request(1);
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                        partialText.append(data);
                        if (last) {
                            text.add(partialText.toString());
                            partialText.setLength(0);
                        }
                        w.request(1);
                        return null;
                    }
                }).get(5, TimeUnit.SECONDS);
        try {
            ws.sendText("{\"COMMAND\":\"LISTEN\",\"DATA\":\"/mrtbox/prompt/1/weight\"}", true).get(5, TimeUnit.SECONDS);
            ws.sendText("{\"COMMAND\":\"LISTEN\",\"DATA\":\"/mrtbox/output/mute\"}", true).get(5, TimeUnit.SECONDS);
            OscReader reader = new OscReader(8, 4096, 64);
            // LISTEN has no acknowledgement: change the value until the server, having taken the LISTEN, streams it.
            OscMessage m = awaitStreamed(binary, reader, StandardParams.promptWeight(1), new Object[] {0.625, 0.5});
            assertEquals("/mrtbox/prompt/1/weight", m.address());
            assertTrue(m.args().equals(List.of(0.625f)) || m.args().equals(List.of(0.5f)), m.toString());

            m = awaitStreamed(binary, reader, StandardParams.MUTE, new Object[] {true, false});
            assertEquals("/mrtbox/output/mute", m.address());
            assertTrue(m.typeTags().equals("T") || m.typeTags().equals("F"), "OSCQuery streams bools as T/F, matching TYPE");
            binary.clear();

            fx.registry.set(StandardParams.TOP_K, 5, ChangeSource.INTERNAL); // not listened
            ws.sendText("{\"COMMAND\":\"IGNORE\",\"DATA\":\"/mrtbox/prompt/1/weight\"}", true).get(5, TimeUnit.SECONDS);
            ws.sendText("{\"COMMAND\":\"IGNORE\",\"DATA\":\"/mrtbox/output/mute\"}", true).get(5, TimeUnit.SECONDS);
            // The IGNOREs are taken in order; once mute stops streaming, the weight's IGNORE has been taken too.
            for (int i = 0; i < 50; i++) {
                fx.registry.set(StandardParams.MUTE, i % 2 == 0, ChangeSource.INTERNAL);
                if (binary.poll(200, TimeUnit.MILLISECONDS) == null) break;
                binary.clear();
            }
            fx.registry.set(StandardParams.promptWeight(1), 0.25, ChangeSource.INTERNAL);
            assertNull(binary.poll(300, TimeUnit.MILLISECONDS), "value streamed after IGNORE or for an unlistened path");

            fx.registry.set(StandardParams.promptText(2), "glitchy idm", ChangeSource.INTERNAL);
            JsonNode changed = JSON.readTree(text.poll(3, TimeUnit.SECONDS));
            assertEquals("PATH_CHANGED", changed.get("COMMAND").asText());
            assertEquals("/mrtbox/prompt/2/text", changed.get("DATA").asText());

            fx.registry.register(ParamSpec.builder("style.extra", ParamType.FLOAT).range(0, 1).description("added").build());
            JsonNode added = JSON.readTree(text.poll(3, TimeUnit.SECONDS));
            assertEquals("PATH_ADDED", added.get("COMMAND").asText());
            assertEquals("/mrtbox/style/extra", added.get("DATA").asText());
            assertEquals("Extra: added", getJson("/mrtbox/style/extra").get("DESCRIPTION").asText());
            assertFalse(getJson("/").get("CONTENTS").get("mrtbox").get("CONTENTS").get("style").isNull());

            // Browser controllers send OSC over the socket: applied like UDP, errors answered on the socket.
            OscWriter w = new OscWriter();
            ws.sendBinary(ByteBuffer.wrap(w.encode("/mrtbox/sampling/top_k", 321)), true).get(5, TimeUnit.SECONDS);
            OscFixture.await("top_k set over the WebSocket", () -> Integer.valueOf(321).equals(fx.value(StandardParams.TOP_K)), 3000);
            binary.clear();
            ws.sendBinary(ByteBuffer.wrap(w.encode("/mrtbox/sampling/top_k", 0)), true).get(5, TimeUnit.SECONDS);
            OscMessage error = null;
            for (byte[] f; error == null && (f = binary.poll(3, TimeUnit.SECONDS)) != null; ) {
                OscMessage x = (OscMessage) reader.read(f, f.length);
                if (x.address().equals(AddressSpace.ERROR_ADDRESS)) error = x;
            }
            assertNotNull(error, "no /mrtbox/error on the socket");
            assertEquals("/mrtbox/sampling/top_k", error.args().get(0));
            assertEquals(321, fx.value(StandardParams.TOP_K));
        } finally {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
        }
    }

    /** Sets the parameter to alternating values until a frame for it arrives (at most 10 s). */
    private OscMessage awaitStreamed(BlockingQueue<byte[]> binary, OscReader reader, String id, Object[] values) throws Exception {
        String address = fx.registry.require(id).spec().oscAddress();
        for (int i = 0; i < 50; i++) {
            fx.registry.set(id, values[i % values.length], ChangeSource.INTERNAL);
            byte[] frame = binary.poll(200, TimeUnit.MILLISECONDS);
            while (frame != null) {
                OscMessage m = (OscMessage) reader.read(frame, frame.length);
                if (m.address().equals(address)) return m;
                frame = binary.poll(10, TimeUnit.MILLISECONDS);
            }
        }
        throw new AssertionError("no value of " + address + " streamed after LISTEN");
    }

    @Test
    void clientsOutsideTheAllowlistGet403() throws Exception {
        try (OscFixture strict = new OscFixture(OscSettings.builder().allowedNetworks(List.of(Cidr.parse("10.99.0.0/16"))))) {
            OscQueryServer q = new OscQueryServer(strict.server, strict.registry, strict.status);
            q.start();
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + q.localPort() + "/"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(403, r.statusCode());
            } finally {
                q.close();
            }
        }
    }

    /** Opens the OSCQuery WebSocket with this Origin (null: none, as native clients) and returns it, or the HTTP status. */
    private Object openSocket(OscQueryServer q, String origin) throws Exception {
        WebSocket.Builder b = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        if (origin != null) b.header("Origin", origin);
        try {
            return b.buildAsync(URI.create("ws://127.0.0.1:" + q.localPort() + "/"), new WebSocket.Listener() {}).get(5, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof java.net.http.WebSocketHandshakeException h) return h.getResponse().statusCode();
            throw e;
        }
    }

    @Test
    void webSocketRefusesPagesOfOtherSitesAndTheirWritesNeverApply() throws Exception {
        // A page on another site opened on a laptop in the allowed subnet: refused before any frame is taken.
        assertEquals(403, openSocket(query, "http://evil.example"));
        assertEquals(403, openSocket(query, "http://192.0.2.7:8080"), "an address that is not this machine's");
        assertEquals(403, openSocket(query, "null"), "sandboxed pages send Origin: null");
        // Native clients (no Origin) and the box's own pages (its addresses and names) keep working.
        for (String origin : new String[] {null, "http://127.0.0.1:8080", "http://localhost:8080", "https://mrtbox.local"}) {
            Object r = openSocket(query, origin);
            assertTrue(r instanceof WebSocket, origin + " -> " + r);
            WebSocket ws = (WebSocket) r;
            ws.sendBinary(ByteBuffer.wrap(new OscWriter().encode("/mrtbox/sampling/top_k", 77)), true).get(5, TimeUnit.SECONDS);
            OscFixture.await("write from " + origin, () -> Integer.valueOf(77).equals(fx.value(StandardParams.TOP_K)), 3000);
            fx.registry.set(StandardParams.TOP_K, 40, ChangeSource.INTERNAL);
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aHostedOscQueryPageIsAllowedOnlyWhenListed() throws Exception {
        try (OscFixture listed = new OscFixture(OscSettings.builder().allowedOrigins(List.of("https://tools.example/")))) {
            OscQueryServer q = new OscQueryServer(listed.server, listed.registry, listed.status);
            q.start();
            try {
                Object r = openSocket(q, "https://TOOLS.example");
                assertTrue(r instanceof WebSocket, "listed origin: " + r);
                ((WebSocket) r).sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
                assertEquals(403, openSocket(q, "https://tools.example.evil.test"));
            } finally {
                q.close();
            }
        }
    }

    @Test
    void aHostHeaderThatIsNoNameOfTheBoxIsRefused() throws Exception {
        // DNS rebinding: the page's own name now resolves to the box, so the browser sends its name as Host.
        assertEquals(403, rawStatus("evil.example:" + query.localPort()));
        assertEquals(200, rawStatus("127.0.0.1:" + query.localPort()));
        assertEquals(200, rawStatus("localhost:" + query.localPort()));
        assertEquals(200, rawStatus("mrtbox.local:" + query.localPort()), "the mDNS name");
        try (OscFixture named = new OscFixture(OscSettings.builder().hostNames(List.of("box.lan")))) {
            OscQueryServer q = new OscQueryServer(named.server, named.registry, named.status);
            q.start();
            try {
                assertEquals(200, rawStatus(q.localPort(), "box.lan:" + q.localPort()));
            } finally {
                q.close();
            }
        }
    }

    private int rawStatus(String host) throws Exception {
        return rawStatus(query.localPort(), host);
    }

    /** A GET / with exactly this Host header (the JDK client does not let tests set Host). */
    static int rawStatus(int port, String host) throws Exception {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
            s.setSoTimeout(5000);
            s.getOutputStream().write(("GET / HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String status = new java.io.BufferedReader(new java.io.InputStreamReader(s.getInputStream(),
                    java.nio.charset.StandardCharsets.US_ASCII)).readLine();
            return Integer.parseInt(status.split(" ")[1]);
        }
    }
}
