package mrtbox.appliance.box;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.illposed.osc.BufferBytesReceiver;
import com.illposed.osc.OSCMessage;
import com.illposed.osc.OSCPacket;
import com.illposed.osc.OSCSerializerAndParserBuilder;
import mrtbox.appliance.ChildJvm;
import mrtbox.appliance.Main;
import mrtbox.appliance.state.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mrtbox run} as a real child process, driven over real sockets as a performer's tools would: the web page
 * answers, an OSC message sets a value and is echoed to a subscriber, OSCQuery lists the parameter, systemd's
 * notify socket (socat standing in for systemd) hears READY=1, STATUS= and watchdog pings, and SIGTERM stops it
 * with exit 0 and the value saved.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RunEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void theRunningBoxAnswersOnEveryFrontendAndSavesOnSigterm() throws Exception {
        Path state = dir.resolve("state");
        // Ephemeral ports, read back from the log; saving only at stop, so the flush is what the test sees.
        Path config = Files.writeString(dir.resolve("box.json"), """
                {"version": 1,
                 "paths": {"state": "state"},
                 "audio": {"sink": "null"},
                 "osc": {"port": 0, "oscQueryPort": 0, "bind": "127.0.0.1", "zeroconf": false},
                 "web": {"port": 0, "bind": "127.0.0.1"},
                 "midi": {"enabled": false},
                 "lastState": {"quietMs": 600000, "maxDelayMs": 600000}}
                """);
        Path socket = dir.resolve("notify.sock");
        Path notified = dir.resolve("notified.txt");
        Process systemd = new ProcessBuilder("socat", "-u", "UNIX-RECV:" + socket, "CREATE:" + notified).redirectErrorStream(true).start();
        for (int i = 0; i < 500 && !Files.exists(socket); i++) Thread.sleep(10);
        assertTrue(Files.exists(socket), "socat did not create the notify socket");
        // WatchdogSec=2: pings every second while healthy.
        Map<String, String> env = Map.of("NOTIFY_SOCKET", socket.toString(), "WATCHDOG_USEC", "2000000");
        try (ChildJvm box = ChildJvm.start(dir, env, Main.class, "run", "--config", config.toString());
             DatagramSocket subscriber = new DatagramSocket(0, InetAddress.getLoopbackAddress());
             DatagramSocket controller = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            box.awaitLine("mrtbox running", Duration.ofSeconds(40));
            String log = box.output();
            int oscPort = port(log, "OSC listening on UDP /127\\.0\\.0\\.1:(\\d+)");
            int queryPort = port(log, "OSCQuery on http://127\\.0\\.0\\.1:(\\d+)/");
            int webPort = port(log, "web page at \\[?http://127\\.0\\.0\\.1:(\\d+)/");
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

            // The web page and its API (first run: a password must be set with the code from the log).
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + webPort + "/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains("<html"), page.body());
            JsonNode auth = getJson(http, "http://127.0.0.1:" + webPort + "/api/auth/state");
            assertTrue(auth.get("setupRequired").asBoolean(), auth.toString());
            assertTrue(log.contains("enter the one-time setup code"), log);

            // OSC: subscribe from one socket, set from another, the echo reaches the subscriber.
            InetSocketAddress osc = new InetSocketAddress(InetAddress.getLoopbackAddress(), oscPort);
            send(subscriber, osc, new OSCMessage("/mrtbox/subscribe", List.of()));
            send(controller, osc, new OSCMessage("/mrtbox/output/volume", List.of(-12.5f)));
            assertTrue(awaitMessage(subscriber, "/mrtbox/output/volume", -12.5f, Duration.ofSeconds(10)),
                    "no echo of /mrtbox/output/volume -12.5 to the subscriber");

            // OSCQuery lists the parameter with its value.
            JsonNode node = getJson(http, "http://127.0.0.1:" + queryPort + "/mrtbox/output/volume");
            assertEquals("/mrtbox/output/volume", node.get("FULL_PATH").asText(), node.toString());
            assertEquals(-12.5, node.get("VALUE").get(0).asDouble(), 1e-6, node.toString());
            // the audio-injection controls are parameters like any other; tiny-v1 takes injection (no input device here)
            JsonNode inject = getJson(http, "http://127.0.0.1:" + queryPort + "/mrtbox/input/inject");
            assertEquals("/mrtbox/input/inject", inject.get("FULL_PATH").asText(), inject.toString());
            assertTrue(log.contains("tiny-v1: audio injection from no input ready"), log);

            // systemd heard: ready with a status line, then watchdog pings (health is not an error).
            long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < until && !Files.readString(notified).contains("WATCHDOG=1")) Thread.sleep(50);
            String heard = Files.readString(notified);
            assertTrue(heard.contains("READY=1\nSTATUS="), heard);
            assertTrue(heard.indexOf("WATCHDOG=1") > heard.indexOf("READY=1"), heard);

            box.signal("TERM");
            assertEquals(0, box.awaitExit(Duration.ofSeconds(20)), box.output());
            assertTrue(box.output().contains("INFO Appliance - stopped"), box.output());
            until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (System.nanoTime() < until && !Files.readString(notified).contains("STOPPING=1")) Thread.sleep(50);
            assertTrue(Files.readString(notified).contains("STOPPING=1"), Files.readString(notified));
        } finally {
            systemd.destroyForcibly();
        }
        Map<?, ?> values = (Map<?, ?>) Json.mapper().readValue(state.resolve("last-state.json").toFile(), Map.class).get("values");
        assertEquals(-12.5, ((Number) values.get("output.volume")).doubleValue(), 1e-6);
    }

    private static int port(String log, String regex) {
        Matcher m = Pattern.compile(regex).matcher(log);
        assertTrue(m.find(), "no '" + regex + "' in the log:\n" + log);
        return Integer.parseInt(m.group(1));
    }

    private static JsonNode getJson(HttpClient http, String url) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), url + ": " + r.body());
        return JSON.readTree(r.body());
    }

    private static void send(DatagramSocket socket, InetSocketAddress to, OSCPacket packet) throws Exception {
        ByteBuffer buf = ByteBuffer.allocate(4096);
        new OSCSerializerAndParserBuilder().buildSerializer(new BufferBytesReceiver(buf)).write(packet);
        socket.send(new DatagramPacket(buf.array(), buf.position(), to));
    }

    /** Reads OSC messages until one at {@code address} carries {@code value}. */
    private static boolean awaitMessage(DatagramSocket socket, String address, float value, Duration timeout) throws Exception {
        var parser = new OSCSerializerAndParserBuilder().buildParser();
        long end = System.nanoTime() + timeout.toNanos();
        byte[] buf = new byte[65_536];
        while (System.nanoTime() < end) {
            socket.setSoTimeout((int) Math.max(1, (end - System.nanoTime()) / 1_000_000));
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(p);
            } catch (SocketTimeoutException e) {
                return false;
            }
            OSCPacket packet = parser.convert(ByteBuffer.wrap(p.getData(), 0, p.getLength()));
            if (packet instanceof OSCMessage m && m.getAddress().equals(address)
                    && !m.getArguments().isEmpty() && m.getArguments().get(0) instanceof Float f && f == value) {
                return true;
            }
        }
        return false;
    }
}
