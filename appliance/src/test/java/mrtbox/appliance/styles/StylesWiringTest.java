package mrtbox.appliance.styles;

import org.junit.jupiter.api.Timeout;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import mrtbox.appliance.catalog.ModelCatalog;
import mrtbox.appliance.config.ConfigLocator;
import mrtbox.appliance.config.Environment;
import mrtbox.appliance.config.LoadedConfig;
import mrtbox.appliance.config.ResolvedPaths;
import mrtbox.appliance.frontends.MidiComponent;
import mrtbox.appliance.frontends.MidiPanicControl;
import mrtbox.appliance.frontends.OscComponent;
import mrtbox.appliance.frontends.OscControl;
import mrtbox.appliance.instrument.PromptResolver;
import mrtbox.appliance.page.BoxSetup;
import mrtbox.appliance.page.ConfigBackup;
import mrtbox.appliance.page.MidiMonitorFeed;
import mrtbox.appliance.page.WebComponent;
import mrtbox.appliance.service.Appliance;
import mrtbox.appliance.service.Foundation;
import mrtbox.appliance.state.BoxSettings;
import mrtbox.appliance.state.SavedMappings;
import mrtbox.appliance.state.StateStore;
import mrtbox.control.mapping.MappingBook;
import mrtbox.control.notes.NoteBus;
import mrtbox.control.param.ChangeSource;
import mrtbox.control.param.StandardParams;
import mrtbox.control.status.StatusBoard;
import mrtbox.inference.style.StylePrompt;
import mrtbox.inference.style.TinyStyleEmbedder;
import mrtbox.web.WebServices;
import mrtbox.web.auth.PasswordHasher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The styles component in a running box: its parameters and the style list reach OSCQuery over HTTP, a style built
 * by another process appears without a restart, and an audio prompt uploaded through the real web server becomes
 * the slot's prompt ({@code @N}).
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)   // TensorFlow: a hung session must not stall the build
class StylesWiringTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "correct horse battery";

    @TempDir
    Path root;

    private final PromptResolver prompts = new PromptResolver();
    private OscControl osc;
    private WebComponent page;

    /** The styles with the frontends that show them (MIDI, OSC, the page), wired as the box wires them. */
    private List<mrtbox.appliance.service.Component> assemble(Foundation f) {
        BoxSettings settings = new BoxSettings(f.store());
        MappingBook mappings = SavedMappings.load(f.registry(), f.store());
        NoteBus notes = new NoteBus();
        StatusBoard status = new StatusBoard();
        ModelCatalog catalog = ModelCatalog.standard(f.paths().models());
        PromptAudioStore uploads = new PromptAudioStore(f.paths().state(), f.registry());
        StylesComponent styles = new StylesComponent(f.registry(), new StyleLibrary(f.store()), uploads,
                StylesComponent.styleModelId(catalog, f.config().model().name()), prompts);
        MidiComponent midi = new MidiComponent(f.config().midi(), f.registry(), mappings, f.scenes(), notes);
        OscComponent oscService = new OscComponent(f.config().osc(), f.config().web().hostNames(), settings.current(), f.config().web().port(), f.registry(),
                f.scenes(), notes, midi.learn(), status);
        osc = new OscControl(oscService, settings);
        page = new WebComponent(f.config().web(), "mrtbox.local", f.paths().state(), new WebServices(f.registry(), f.scenes(), mappings,
                midi.learn(), notes, status, new BoxSetup(f.config(), settings, f.scenes(), catalog, mrtbox.appliance.page.ModelSwitching.NONE),
                new ConfigBackup(f.store(), f.scenes(), mappings, settings, Clock.systemUTC()), uploads,
                new MidiMonitorFeed(midi.monitor()), osc, new MidiPanicControl(midi, settings)), "mrtbox", new PrometheusRegistry());
        return List.of(styles, midi, oscService, page);
    }

    @Test
    void stylesShowUpEverywhereAndUploadsBecomePrompts() throws Exception {
        Path conf = Files.writeString(root.resolve("mrtbox.json"), """
                {"paths": {"state": "state"},
                 "osc": {"port": 0, "oscQueryPort": 0, "bind": "127.0.0.1", "zeroconf": false},
                 "web": {"port": 0, "bind": "127.0.0.1"},
                 "midi": {"enabled": false}}
                """);
        Environment env = new Environment(Map.of(), root, root, root.resolve("etc.json"), root.resolve("no-var"));
        LoadedConfig config = LoadedConfig.load(ConfigLocator.locate(conf, env), Clock.systemUTC());
        ResolvedPaths paths = ResolvedPaths.resolve(config, env);
        Files.createDirectories(paths.state());
        Files.writeString(paths.state().resolve("web-password"), new PasswordHasher(PasswordHasher.MIN_ITERATIONS).hash(PASSWORD.toCharArray()));
        String tinyStyle = new TinyStyleEmbedder(1, 64, 16000, 160000).modelId(); // tiny-v1's, the default model
        StyleLibrary cli = new StyleLibrary(new StateStore(paths.state(), Clock.systemUTC()));
        cli.add(new StylesFile.PersonalStyle("old", tinyStyle, "", filled(1f), List.of(filled(2f), filled(3f)), List.of("a.wav")), false);

        Appliance box = new Appliance(config, paths, this::assemble, Clock.systemUTC());
        box.start();
        try {
            Foundation ctx = box.foundation();
            HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).connectTimeout(Duration.ofSeconds(5)).build();
            int query = osc.oscQueryPort();
            JsonNode listed = get(http, "http://127.0.0.1:" + query + "/mrtbox/styles/available");
            assertEquals(":old :old/1..2", listed.get("VALUE").get(0).asText());
            JsonNode axis = get(http, "http://127.0.0.1:" + query + "/mrtbox/style/axis/1");
            assertEquals(-1.0, axis.get("RANGE").get(0).get("MIN").asDouble());
            assertTrue(get(http, "http://127.0.0.1:" + query + "/mrtbox/surface/x").has("VALUE"));

            // The listing is the box's to write: OSCQuery says so (ACCESS 1: read), and a write from outside is refused.
            assertEquals(1, listed.get("ACCESS").asInt());
            assertEquals(mrtbox.control.param.SetOutcome.Status.REJECTED, ctx.registry().set(StyleSpaceParams.STYLES_AVAILABLE,
                    "mine", ChangeSource.of(ChangeSource.Kind.OSC, "td")).status());
            assertEquals(":old :old/1..2", ctx.registry().snapshot().value(StyleSpaceParams.STYLES_AVAILABLE));

            // Built by the command line while the box runs: listed and playable without a restart.
            cli.add(new StylesFile.PersonalStyle("new", tinyStyle, "", filled(4f), List.of(), List.of("b.wav")), false);
            awaitTrue(() -> String.valueOf(ctx.registry().snapshot().value(StyleSpaceParams.STYLES_AVAILABLE)).contains(":new"),
                    "the new style is listed");
            PromptResolver resolver = prompts;
            assertArrayEquals(filled(4f), resolver.resolve(List.of(":new")).get(0).embedding());
            assertArrayEquals(filled(3f), resolver.resolve(List.of(":old/2")).get(0).embedding());

            // Upload through Jetty: the slot's text becomes @3 and @3 resolves to the stored file.
            String web = "http://127.0.0.1:" + page.server().port();
            HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create(web + "/api/auth/login"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"password\":\"" + PASSWORD + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, login.statusCode(), login.body());
            String csrf = JSON.readTree(login.body()).get("csrf").asText();
            Path wav = root.resolve("tone.wav");
            mrtbox.appliance.cli.StylesCommandTestTones.writeTone(wav, 330, 0.5, 1);
            HttpResponse<String> up = http.send(HttpRequest.newBuilder(URI.create(web + "/api/prompts/3/audio?name=tone.wav"))
                    .header("X-CSRF-Token", csrf).POST(HttpRequest.BodyPublishers.ofFile(wav)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, up.statusCode(), up.body());
            assertTrue(JSON.readTree(up.body()).get("stored").asText().contains("its text is now @3"), up.body());
            assertEquals("@3", ctx.registry().snapshot().value(StandardParams.promptText(3)));
            StylePrompt p = resolver.resolve(List.of("@3")).get(0);
            assertEquals(StylePrompt.Kind.AUDIO, p.kind());
            assertTrue(p.audio().getFileName().toString().matches("slot-3-[0-9a-f]{12}\\.wav"), p.audio().toString());
            assertArrayEquals(Files.readAllBytes(wav), Files.readAllBytes(p.audio()));
            assertTrue(resolver.resolve(List.of("@5")).get(0).isEmpty());
            assertEquals(List.of("prompt 1 (\"@5\"): no audio was uploaded for prompt 5 (upload one on the Play page, then use @5)"),
                    resolver.problems());
        } finally {
            box.stop();
        }
    }

    private static float[] filled(float v) {
        float[] f = new float[64];
        java.util.Arrays.fill(f, v);
        return f;
    }

    private static JsonNode get(HttpClient http, String url) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), url + ": " + r.body());
        return JSON.readTree(r.body());
    }

    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long end = System.nanoTime() + 15_000_000_000L;
        while (System.nanoTime() < end) {
            if (condition.getAsBoolean()) return;
            Thread.sleep(50);
        }
        throw new AssertionError("timed out: " + what);
    }
}
