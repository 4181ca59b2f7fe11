package mrtbox.appliance.box;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mrtbox.appliance.ChildJvm;
import mrtbox.appliance.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Corrupt scenes and mappings are moved to {@code .bak} at start and the box plays on defaults; the running box
 * says so where people look, not only in the log: the health the page's Health tile shows (the same report as
 * {@code /api/health}) is {@code degraded: state: ...} naming each file, where it was kept, and the field.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class CorruptStateHealthTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void corruptScenesAndMappingsAreSaidInHealth() throws Exception {
        Path state = Files.createDirectories(dir.resolve("state"));
        Files.writeString(state.resolve("scenes.json"), "{\"version\": 1, \"scenes\": [ {\"name\": \"a\", \"values\": {tru} } ]}");
        Files.writeString(state.resolve("mappings.json"), "{\"version\": 1, \"mappings\": [ {\"nope\": 3} ]}");
        Path config = Files.writeString(dir.resolve("box.json"), """
                {"version": 1,
                 "paths": {"state": "state"},
                 "audio": {"sink": "null"},
                 "osc": {"port": 0, "oscQueryPort": -1, "bind": "127.0.0.1", "zeroconf": false},
                 "web": {"port": 0, "bind": "127.0.0.1", "publicHealth": true},
                 "midi": {"enabled": false}}
                """);
        try (ChildJvm box = ChildJvm.start(dir, Map.of(), Main.class, "run", "--config", config.toString())) {
            box.awaitLine("mrtbox running", Duration.ofSeconds(60));
            Matcher m = Pattern.compile("web page at \\[?http://127\\.0\\.0\\.1:(\\d+)/").matcher(box.output());
            assertTrue(m.find(), box.output());
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            URI uri = URI.create("http://127.0.0.1:" + m.group(1) + "/api/health");
            JsonNode health = null;
            long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            do {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, r.statusCode(), r.body());
                health = JSON.readTree(r.body());
                if (health.get("health").asText().contains("state:")) break;
                Thread.sleep(100);
            } while (System.nanoTime() < until);
            String h = health.get("health").asText();
            assertTrue(h.startsWith("degraded: "), h);
            assertTrue(h.contains("state: mappings.json: " + state.resolve("mappings.json") + ":1:"), h);
            assertTrue(h.contains("mappings.json: ") && h.contains("scenes.json: "), "both files named: " + h);
            assertTrue(h.matches("(?s).*kept as \\S*mappings\\.json\\.\\d{8}T\\d{6}Z\\.bak.*"), h);
            assertTrue(h.matches("(?s).*kept as \\S*scenes\\.json\\.\\d{8}T\\d{6}Z\\.bak.*"), h);
        }
        try (var files = Files.list(state)) {
            assertEquals(2, files.filter(p -> p.getFileName().toString().matches("(scenes|mappings)\\.json\\.\\d{8}T\\d{6}Z\\.bak")).count());
        }
    }
}
