package mrtbox.appliance.operations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import com.illposed.osc.OSCMessage;
import com.illposed.osc.OSCPacket;
import com.illposed.osc.OSCSerializerAndParserBuilder;
import com.sun.net.httpserver.HttpServer;
import mrtbox.appliance.config.ConfigLocator;
import mrtbox.appliance.config.Environment;
import mrtbox.appliance.config.LoadedConfig;
import mrtbox.appliance.config.MrtboxConfig;
import mrtbox.appliance.config.ResolvedPaths;
import mrtbox.appliance.metrics.BoxMetrics;
import mrtbox.appliance.metrics.EngineFacts;
import mrtbox.appliance.metrics.FlatMetrics;
import mrtbox.appliance.health.StatusNotes;
import mrtbox.appliance.health.StatusPublisher;
import mrtbox.appliance.service.Appliance;
import mrtbox.appliance.state.Json;
import mrtbox.control.status.StatusBoard;
import mrtbox.control.status.StatusReport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The heartbeat against real receivers: a JDK HTTP server and a UDP socket parsing OSC. Beats carry the status;
 * a receiver that refuses, answers 500 or hangs shows up in the status and never stops the other target's beats.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HeartbeatTest {
    @TempDir
    Path root;

    private HttpServer http;
    private DatagramSocket udp;
    private Appliance appliance;
    private final BlockingQueue<String> posts = new LinkedBlockingQueue<>();
    private final StatusBoard status = new StatusBoard();
    private final StatusNotes notes = new StatusNotes();

    @AfterEach
    void tearDown() {
        if (appliance != null) appliance.stop();
        if (http != null) http.stop(0);
        if (udp != null) udp.close();
    }

    private Appliance start(String heartbeatJson) throws Exception {
        Path conf = Files.writeString(root.resolve("mrtbox.json"), "{\"paths\": {\"state\": \"state\"}, \"osc\": {\"serviceName\": \"lobby box\"},"
                + " \"box\": {\"location\": \"Hall 2\"}, \"heartbeat\": " + heartbeatJson + "}");
        Environment env = new Environment(Map.of(), root, root, root.resolve("etc.json"), root.resolve("no-var"));
        LoadedConfig config = LoadedConfig.load(ConfigLocator.locate(conf, env), Clock.systemUTC());
        assertTrue(config.problem().isEmpty(), config.problem().toString());
        // the box's metrics over the status board, as the composition root builds them
        BoxMetrics metrics = new BoxMetrics(config.config().boxName(), config.config().box().location())
                .engine(status, () -> EngineFacts.none("default", false), () -> false);
        appliance = new Appliance(config, ResolvedPaths.resolve(config, env), f -> List.of(new HeartbeatComponent(f.config().heartbeat(),
                f.config().boxName(), f.config().box().location(), status, notes, () -> FlatMetrics.of(metrics.scrape()),
                Clock.systemUTC())), Clock.systemUTC());
        appliance.start();
        status.publish(new StatusReport("tiny-v1", true, true, 1.2, 80, 0, 0, 0,
                new double[] {-12, -12}, new double[] {-20, -20}, new float[0], 9, 14, "ok", "", 4242.7));
        return appliance;
    }

    private int httpReceiver(int status, CountDownLatch hang) throws IOException {
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        http.createContext("/beat", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            posts.add(ex.getRequestMethod() + " " + ex.getRequestHeaders().getFirst("Content-Type") + " " + body);
            if (hang != null) {
                try {
                    hang.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            ex.sendResponseHeaders(status, -1);
            ex.close();
        });
        http.start();
        return http.getAddress().getPort();
    }

    private int udpReceiver() throws IOException {
        udp = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        udp.setSoTimeout(5000);
        return udp.getLocalPort();
    }

    private OSCMessage receiveOsc() throws Exception {
        byte[] buf = new byte[2048];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        udp.receive(p);
        OSCPacket packet = new OSCSerializerAndParserBuilder().buildParser().convert(ByteBuffer.wrap(buf, 0, p.getLength()));
        return (OSCMessage) packet;
    }

    private String notes() {
        return notes.text();
    }

    @Test
    void beatsArriveOverHttpAndOscWithTheStatus() throws Exception {
        int httpPort = httpReceiver(204, null);
        int oscPort = udpReceiver();
        start("{\"intervalSeconds\": 1, \"url\": \"http://127.0.0.1:" + httpPort + "/beat\", \"osc\": \"127.0.0.1:" + oscPort + "\"}");

        // The first beat goes out at start, maybe before the test published its status: wait for one with it.
        String post;
        Map<?, ?> json;
        do {
            post = posts.poll(10, TimeUnit.SECONDS);
            assertTrue(post != null && post.startsWith("POST application/json {"), String.valueOf(post));
            json = Json.mapper().readValue(post.substring(post.indexOf('{')), Map.class);
        } while (json.get("model").equals(""));
        assertEquals("lobby box", json.get("name"));
        assertEquals("dev", json.get("version"));   // run from classes: no jar manifest
        assertEquals(4242, json.get("uptimeSeconds"));
        assertEquals("tiny-v1", json.get("model"));
        assertEquals("ok", json.get("health"));
        assertEquals(true, json.get("playing"));
        assertEquals("", json.get("lastError"));
        assertEquals("Hall 2", json.get("location"));
        assertEquals(1.2, json.get("realTimeFactor"));
        assertEquals(0, json.get("underruns"));
        // the same facts as GET /metrics, by their PromQL names
        Map<?, ?> facts = (Map<?, ?>) json.get("metrics");
        assertEquals(1.0, facts.get("mrtbox_playing{model=\"tiny-v1\"}"), String.valueOf(facts));
        assertEquals(1.2, facts.get("mrtbox_real_time_factor{model=\"tiny-v1\"}"));
        assertEquals(0.08, facts.get("mrtbox_lead_seconds{model=\"tiny-v1\"}"));
        assertEquals(1.0, facts.get("mrtbox_health_state{state=\"ok\"}"));
        assertEquals(0.0, facts.get("mrtbox_underruns_total{model=\"tiny-v1\"}"));
        assertEquals(0.0, facts.get("mrtbox_step_duration_seconds_count{model=\"tiny-v1\"}"));
        assertTrue(facts.keySet().stream().anyMatch(k -> k.toString().startsWith("jvm_memory_used_bytes{area=\"heap\"")), facts.toString());

        OSCMessage m;
        do {
            m = receiveOsc();
        } while (m.getArguments().get(3).equals(""));
        assertEquals("/mrtbox/heartbeat", m.getAddress());
        assertEquals("ssississfii", m.getInfo().getArgumentTypeTags().toString());
        assertEquals(List.of("lobby box", "dev", 4242, "tiny-v1", "ok", 1, "", "Hall 2", 1.2f, 0, 0), m.getArguments());

        // Every second: two more of each within a few seconds.
        assertTrue(posts.poll(5, TimeUnit.SECONDS) != null && posts.poll(5, TimeUnit.SECONDS) != null);
        receiveOsc();
        receiveOsc();
        assertEquals("", notes());
    }

    @Test
    void aRefusingReceiverShowsInTheStatusUntilStopped() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();   // nothing listens here once closed
        }
        start("{\"intervalSeconds\": 1, \"url\": \"http://127.0.0.1:" + closed + "/beat\"}");
        String topic = "heartbeat http://127.0.0.1:" + closed + "/beat";
        awaitNotes(n -> n.startsWith(topic + ": ") && n.contains("times in a row"));
        // The publisher puts the note into the report's last error.
        StatusReport merged = StatusPublisher.withNotes(status.current(), notes);
        assertTrue(merged.lastError().startsWith(topic), merged.lastError());
        assertEquals("ok", merged.health());
        appliance.stop();
        assertEquals("", notes(), "stopping clears the note");
    }

    @Test
    void anHttpErrorIsAFailedBeat() throws Exception {
        int port = httpReceiver(500, null);
        start("{\"intervalSeconds\": 1, \"url\": \"http://127.0.0.1:" + port + "/beat\"}");
        awaitNotes(n -> n.equals("heartbeat http://127.0.0.1:" + port + "/beat: answered HTTP 500")
                || n.startsWith("heartbeat http://127.0.0.1:" + port + "/beat: answered HTTP 500 ("));
    }

    @Test
    void aHangingHttpReceiverDoesNotHoldUpTheOscBeatsOrTheStop() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        int httpPort = httpReceiver(204, release);
        int oscPort = udpReceiver();
        try {
            start("{\"intervalSeconds\": 1, \"url\": \"http://127.0.0.1:" + httpPort + "/beat\", \"osc\": \"127.0.0.1:" + oscPort + "\"}");
            long t0 = System.nanoTime();
            for (int i = 0; i < 4; i++) receiveOsc();
            double seconds = (System.nanoTime() - t0) / 1e9;
            assertTrue(seconds < 4.5, "4 OSC beats took " + seconds + " s while HTTP hangs");
            awaitNotes(n -> n.contains("/beat: ") && n.toLowerCase(java.util.Locale.ROOT).contains("timed out"));
            long s0 = System.nanoTime();
            appliance.stop();
            assertTrue((System.nanoTime() - s0) / 1e9 < 3, "stop waited for the hanging receiver");
        } finally {
            release.countDown();
        }
    }

    @Test
    void badTargetsAreRefusedWithWhatIsWrongAndNoTargetMeansOff() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new MrtboxConfig.Heartbeat(10, "ftp://ops.example/beat", null, null));
        assertEquals("url 'ftp://ops.example/beat' must be http://host/... or https://host/...", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new MrtboxConfig.Heartbeat(10, null, "10.0.0.5", null));
        assertEquals("osc '10.0.0.5' must be host:port with a port 1..65535", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new MrtboxConfig.Heartbeat(0, null, "10.0.0.5:9100", null));
        assertEquals("intervalSeconds must be 1..86400, got 0", e.getMessage());
        assertEquals(9100, MrtboxConfig.Heartbeat.oscTarget("[::1]:9100").getPort());
        assertEquals("::1", MrtboxConfig.Heartbeat.oscTarget("[::1]:9100").getHostString());
        assertFalse(new MrtboxConfig.Heartbeat(null, " ", null, null).enabled());
        assertEquals(60, new MrtboxConfig.Heartbeat(null, null, null, null).intervalSeconds());
    }

    private void awaitNotes(java.util.function.Predicate<String> ok) throws InterruptedException {
        long end = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < end && !ok.test(notes())) Thread.sleep(50);
        assertTrue(ok.test(notes()), "status notes: '" + notes() + "'");
    }
}
