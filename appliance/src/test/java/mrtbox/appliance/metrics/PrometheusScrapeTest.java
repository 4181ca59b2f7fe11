package mrtbox.appliance.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import mrtbox.appliance.ChildJvm;
import mrtbox.appliance.Main;
import mrtbox.control.osc.OscWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real thing: {@code mrtbox run} (tiny model, null sink) scraped by Debian's Prometheus, started here on a
 * loopback port with its own data directory and the shipped scrape job and alert rules (the package's own service
 * is not used), then asked through Prometheus's HTTP API for the series, and for a counter that rose after OSC
 * messages were sent. A second job with a wrong token must see the box as down; the page's title names the box.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class PrometheusScrapeTest {
    private static final String TOKEN = "scrape-token-0123456789abcdef";
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BOX = "{box=\"test-lobby\",location=\"Hall 2\"}";

    @TempDir Path dir;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private int promPort;

    @Test
    void prometheusScrapesEverySeriesAndSeesOscTrafficRise() throws Exception {
        Path prometheus = PrometheusExamples.tool("prometheus");
        Path promtool = PrometheusExamples.tool("promtool");
        int webPort = freeTcpPort();
        int oscPort;
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            oscPort = s.getLocalPort();
        }
        promPort = freeTcpPort();
        Path config = Files.writeString(dir.resolve("box.json"), """
                {"version": 1,
                 "paths": {"state": "state"},
                 "audio": {"sink": "null"},
                 "osc": {"port": %d, "bind": "127.0.0.1", "oscQueryPort": -1, "zeroconf": false},
                 "web": {"port": %d, "bind": "127.0.0.1", "metrics": "token", "metricsToken": "%s"},
                 "midi": {"enabled": false},
                 "box": {"name": "test-lobby", "location": "Hall 2"}}
                """.formatted(oscPort, webPort, TOKEN));
        try (ChildJvm box = ChildJvm.start(dir, Main.class, "run", "--config", config.toString())) {
            box.awaitLine("mrtbox running", WAIT);
            Process p = startPrometheus(prometheus, promtool, "127.0.0.1:" + webPort);
            try {
                scrapeAndQuery(oscPort, box);
                String page = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + webPort + "/")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                assertTrue(page.contains("<title>test-lobby · Hall 2 · mrtbox</title>"), "the page's title names the box");
            } finally {
                p.destroy();
                if (!p.waitFor(15, TimeUnit.SECONDS)) p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
            box.signal("TERM");
            assertEquals(0, box.awaitExit(Duration.ofSeconds(30)), box.output());
        }
    }

    private void scrapeAndQuery(int oscPort, ChildJvm box) throws Exception {
        await("Prometheus ready", () -> get("/-/ready").statusCode() == 200);
        await("the box is up for Prometheus", () -> value("up{job=\"mrtbox\"}") == 1);
        await("a wrong token is refused (the box is down for that job)", () -> value("up{job=\"mrtbox-wrong-token\"}") == 0);

        List<String> series = new ArrayList<>(List.of("mrtbox_playing", "mrtbox_output_muted", "mrtbox_health_state",
                "mrtbox_real_time_factor", "mrtbox_step_duration_seconds_bucket", "mrtbox_lead_seconds", "mrtbox_underruns_total",
                "mrtbox_dropped_steps_total", "mrtbox_limiter_gain_reduction_decibels", "mrtbox_output_peak_dbfs",
                "mrtbox_output_rms_dbfs", "mrtbox_audio_device_up", "mrtbox_model_load_seconds", "mrtbox_model_load_failures_total",
                "mrtbox_tensorflow_native_bytes", "mrtbox_osc_packets_received_total", "mrtbox_osc_messages_applied_total",
                "mrtbox_osc_rejected_total", "mrtbox_midi_messages_received_total", "mrtbox_midi_rejected_total",
                "mrtbox_web_login_failures_total", "mrtbox_cpu_seconds_total", "mrtbox_uptime_seconds", "mrtbox_build_info",
                "jvm_memory_used_bytes", "process_start_time_seconds"));
        if (thermalZoneReadable()) series.add("mrtbox_temperature_celsius");
        for (String name : series) {
            await(name + " with the box's labels", () -> !query(name + BOX).isEmpty());
        }
        JsonNode playing = query("mrtbox_playing" + BOX).get(0).get("metric");
        assertEquals("tiny-v1", playing.get("model").asText(), playing.toString());
        assertEquals(4, query("mrtbox_health_state" + BOX).size(), "one series per health state");
        assertEquals(1, value("sum(mrtbox_health_state" + BOX + ")"), "exactly one state is set");
        JsonNode build = query("mrtbox_build_info" + BOX).get(0).get("metric");
        assertFalse(build.get("commit").asText().isEmpty(), build.toString());
        assertEquals("tiny-v1", build.get("model").asText());
        await("a model step in the histogram", () -> value("mrtbox_step_duration_seconds_count" + BOX) > 0);

        // OSC traffic: 25 values and 5 packets that are not OSC, then the counters in Prometheus must have risen
        double applied = value("mrtbox_osc_messages_applied_total" + BOX);
        double malformed = value("mrtbox_osc_rejected_total{box=\"test-lobby\",cause=\"malformed\"}");
        OscWriter osc = new OscWriter();
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            for (int i = 0; i < 25; i++) send(s, oscPort, osc.encode("/mrtbox/output/volume", -10f - i * 0.1f));
            for (int i = 0; i < 5; i++) send(s, oscPort, "not OSC at all".getBytes(StandardCharsets.US_ASCII));
        }
        await("25 more OSC messages applied (from " + applied + ")", () -> value("mrtbox_osc_messages_applied_total" + BOX) >= applied + 25);
        await("5 more malformed packets (from " + malformed + ")",
                () -> value("mrtbox_osc_rejected_total{box=\"test-lobby\",cause=\"malformed\"}") >= malformed + 5);
        assertTrue(value("increase(mrtbox_osc_packets_received_total" + BOX + "[1m])") > 0, "Prometheus sees the rise as an increase");

        // the shipped alert rules loaded in a real Prometheus
        String rules = get("/api/v1/rules").body();
        for (String alert : new String[] {"MrtboxNoSound", "MrtboxUnderrunsRising", "MrtboxSlowerThanRealTime",
                "MrtboxTemperatureHigh", "MrtboxGuardGaveUp", "MrtboxDown"}) {
            assertTrue(rules.contains("\"name\":\"" + alert + "\""), alert + " not loaded: " + rules);
        }
        assertTrue(box.process().isAlive(), box.output());
    }

    private Process startPrometheus(Path prometheus, Path promtool, String target) throws Exception {
        Path token = Files.writeString(dir.resolve("mrtbox.token"), TOKEN + "\n");
        Path wrong = Files.writeString(dir.resolve("wrong.token"), "not-the-token-0123456789\n");
        String yml = PrometheusExamples.scrapeConfig(target, token) + """
                  - job_name: mrtbox-wrong-token
                    scrape_interval: 1s
                    scrape_timeout: 1s
                    authorization:
                      credentials_file: %s
                    static_configs:
                      - targets: ['%s']
                rule_files:
                  - %s
                """.formatted(wrong, target, PrometheusExamples.dir().resolve(PrometheusExamples.ALERTS));
        Path cfg = Files.writeString(dir.resolve("prometheus.yml"), yml);
        PrometheusExamples.Result check = PrometheusExamples.run(dir, promtool.toString(), "check", "config", cfg.toString());
        assertEquals(0, check.exit(), check.output() + "\n" + yml);
        Path log = dir.resolve("prometheus.log");
        return new ProcessBuilder(prometheus.toString(), "--config.file=" + cfg, "--storage.tsdb.path=" + dir.resolve("tsdb"),
                "--web.listen-address=127.0.0.1:" + promPort, "--storage.tsdb.retention.time=1h", "--log.level=warn")
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static void send(DatagramSocket s, int port, byte[] bytes) throws IOException {
        s.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), port));
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        HttpRequest r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + promPort + path)).timeout(Duration.ofSeconds(10)).build();
        return http.send(r, HttpResponse.BodyHandlers.ofString());
    }

    /** The result vector of an instant query. */
    private JsonNode query(String promql) throws IOException, InterruptedException {
        HttpResponse<String> r = get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        JsonNode body = JSON.readTree(r.body());
        if (!"success".equals(body.path("status").asText())) throw new AssertionError(promql + ": " + r.body());
        return body.path("data").path("result");
    }

    /** The first sample's value, NaN when the query has none. */
    private double value(String promql) throws IOException, InterruptedException {
        JsonNode result = query(promql);
        return result.isEmpty() ? Double.NaN : result.get(0).get("value").get(1).asDouble();
    }

    @FunctionalInterface
    private interface Check {
        boolean holds() throws Exception;
    }

    /** Polls until {@code check} holds; fails with Prometheus's log when it does not within {@link #WAIT}. */
    private void await(String what, Check check) throws Exception {
        long end = System.nanoTime() + WAIT.toNanos();
        Exception last = null;
        while (System.nanoTime() < end) {
            try {
                if (check.holds()) return;
            } catch (IOException e) {
                last = e;   // Prometheus still starting
            }
            Thread.sleep(250);
        }
        Path log = dir.resolve("prometheus.log");
        throw new AssertionError("not within " + WAIT + ": " + what + (last == null ? "" : " (" + last + ")")
                + "\nprometheus log:\n" + (Files.exists(log) ? Files.readString(log) : "(none)"));
    }

    private static int freeTcpPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static boolean thermalZoneReadable() {
        Predicate<Path> readable = z -> {
            try {
                Long.parseLong(Files.readString(z.resolve("temp")).trim());
                return true;
            } catch (IOException | RuntimeException e) {
                return false;
            }
        };
        try (DirectoryStream<Path> zones = Files.newDirectoryStream(Path.of("/sys/class/thermal"), "thermal_zone*")) {
            for (Path z : zones) if (readable.test(z)) return true;
        } catch (IOException e) {
            return false;
        }
        return false;
    }
}
