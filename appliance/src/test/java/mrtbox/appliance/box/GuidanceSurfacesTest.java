package mrtbox.appliance.box;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mrtbox.appliance.catalog.Mrt2Parameters;
import mrtbox.appliance.config.ConfigLocator;
import mrtbox.appliance.config.Environment;
import mrtbox.appliance.config.LoadedConfig;
import mrtbox.appliance.config.ResolvedPaths;
import mrtbox.appliance.service.Appliance;
import mrtbox.appliance.systemd.SystemdNotifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real box playing tiny-mrt2, in this JVM, as a performer's tools see its guidance: OSCQuery (over HTTP) and the
 * page's parameter API give MRT2's range 0..5 and default 3.0, and a last state saved under MRT v1's wider range
 * (8.0) comes back clamped to 5.0 with a warning in the log naming the parameter, not dropped; a MIDI mapping saved
 * over MRT v1's 0..10 is kept and reported (MIDI learn itself takes the parameter's range: {@code MidiLearnTest}).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class GuidanceSurfacesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path root;

    @Test
    void oscQueryAndThePageShowMrt2sRangeAndAWiderLastStateIsClampedAndLogged() throws Exception {
        Path state = Files.createDirectories(root.resolve("state"));
        Files.writeString(state.resolve("last-state.json"), "{\"version\": 1, \"values\": {\"sampling.guidance\": 8.0}}");
        // a knob learned on MRT v1 (0..10) and one learned on MRT2 (0..5)
        Files.writeString(state.resolve("mappings.json"), """
                {"version": 1, "mappings": [
                  {"id": "m1", "source": {"device": "", "channel": 1, "type": "cc", "number": 16}, "target": "sampling.guidance",
                   "min": 0, "max": 10, "curve": "linear", "mode": "absolute", "takeover": "pickup", "feedback": true},
                  {"id": "m2", "source": {"device": "", "channel": 1, "type": "cc", "number": 17}, "target": "sampling.guidance",
                   "min": 0, "max": 5, "curve": "linear", "mode": "absolute", "takeover": "pickup", "feedback": true}]}
                """);
        Path conf = Files.writeString(root.resolve("mrtbox.json"), """
                {"paths": {"state": "state"}, "audio": {"sink": "null"}, "model": {"name": "tiny-mrt2"},
                 "osc": {"port": 0, "oscQueryPort": 0, "bind": "127.0.0.1", "zeroconf": false},
                 "web": {"port": 0, "bind": "127.0.0.1"}, "midi": {"enabled": false},
                 "lastState": {"quietMs": 600000, "maxDelayMs": 600000}}
                """);
        Environment env = new Environment(Map.of(), root, root, root.resolve("etc.json"), root.resolve("no-var"));
        LoadedConfig config = LoadedConfig.load(ConfigLocator.locate(conf, env), Clock.systemUTC());
        Box box = new Box(Clock.systemUTC(), SystemdNotifier.forEnvironment(Map.of()), false);
        Appliance a = new Appliance(config, ResolvedPaths.resolve(config, env), box, Clock.systemUTC());

        String log = stderrOf(a::start);   // slf4j-simple writes to System.err
        try {
            assertTrue(log.lines().anyMatch(l -> l.contains("WARN") && l.contains("last state: sampling.guidance:") && l.contains("(applied)")),
                    "the clamp is reported in the log:\n" + log);
            assertTrue(log.lines().anyMatch(l -> l.contains("WARN") && l.contains("mapping m1 drives sampling.guidance over 0..10, beyond its range 0..5")),
                    "a mapping saved under MRT v1's range is kept and reported:\n" + log);
            assertTrue(log.lines().noneMatch(l -> l.contains("mapping m2 drives")), log);
            HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).connectTimeout(Duration.ofSeconds(5)).build();

            JsonNode node = get(http, "http://127.0.0.1:" + port(log, "OSCQuery on http://127\\.0\\.0\\.1:(\\d+)/") + "/mrtbox/sampling/guidance");
            assertEquals(0.0, node.get("RANGE").get(0).get("MIN").asDouble(), node.toString());
            assertEquals(Mrt2Parameters.STYLE_GUIDANCE.max(), node.get("RANGE").get(0).get("MAX").asDouble(), node.toString());
            assertEquals(5.0, node.get("VALUE").get(0).asDouble(), 1e-6, "8.0 from the last state, clamped: " + node);

            String web = "http://127.0.0.1:" + port(log, "web page at \\[?http://127\\.0\\.0\\.1:(\\d+)/");
            Matcher code = Pattern.compile("enter the one-time setup code (\\S+) to choose one").matcher(log);
            assertTrue(code.find(), log);
            HttpResponse<String> setup = http.send(HttpRequest.newBuilder(URI.create(web + "/api/auth/setup"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("code", code.group(1), "password", "correct horse battery"))))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, setup.statusCode(), setup.body());
            JsonNode param = get(http, web + "/api/params/sampling.guidance");
            assertEquals(0.0, param.get("min").asDouble(), param.toString());
            assertEquals(5.0, param.get("max").asDouble(), "the page draws the slider over MRT2's range: " + param);
            assertEquals(Mrt2Parameters.STYLE_GUIDANCE.defaultValue(), param.get("default").asDouble(), param.toString());
            assertEquals(3.0, param.get("default").asDouble());
            assertEquals(5.0, param.get("value").asDouble(), 1e-6, param.toString());
        } finally {
            a.stop();
        }
        JsonNode kept = JSON.readTree(state.resolve("mappings.json").toFile()).get("mappings");
        assertEquals(2, kept.size(), kept.toString());
        assertEquals(10.0, kept.get(0).get("max").asDouble(), "nothing saved is rewritten: " + kept);
    }

    private static String stderrOf(ThrowingRunnable body) throws Exception {
        PrintStream old = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            body.run();
        } finally {
            System.setErr(old);
        }
        String text = buf.toString(StandardCharsets.UTF_8);
        old.print(text);
        return text;
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    private static int port(String log, String regex) {
        Matcher m = Pattern.compile(regex).matcher(log);
        assertTrue(m.find(), "no '" + regex + "' in the log:\n" + log);
        return Integer.parseInt(m.group(1));
    }

    private static JsonNode get(HttpClient http, String url) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), url + ": " + r.body());
        return JSON.readTree(r.body());
    }
}
