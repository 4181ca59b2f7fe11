package mrtbox.appliance.instrument;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.platform.MockPlatform;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.sound.midi.ShortMessage;
import mrtbox.appliance.catalog.ModelCatalog;
import mrtbox.appliance.config.ConfigLocator;
import mrtbox.appliance.config.Environment;
import mrtbox.appliance.config.LoadedConfig;
import mrtbox.appliance.config.ResolvedPaths;
import mrtbox.appliance.frontends.MidiComponent;
import mrtbox.appliance.frontends.MidiPanicControl;
import mrtbox.appliance.frontends.OscComponent;
import mrtbox.appliance.frontends.OscControl;
import mrtbox.appliance.operations.MutableClock;
import mrtbox.appliance.operations.ScheduleComponent;
import mrtbox.appliance.page.BoxSetup;
import mrtbox.appliance.page.ConfigBackup;
import mrtbox.appliance.page.MidiMonitorFeed;
import mrtbox.appliance.page.ModelSwitching;
import mrtbox.appliance.page.WebComponent;
import mrtbox.appliance.service.Appliance;
import mrtbox.appliance.service.Component;
import mrtbox.appliance.service.Foundation;
import mrtbox.appliance.state.BoxSettings;
import mrtbox.appliance.state.SavedMappings;
import mrtbox.appliance.styles.PromptAudioStore;
import mrtbox.control.gpio.GpioHardware;
import mrtbox.control.gpio.GpioService;
import mrtbox.control.gpio.GpioSettings;
import mrtbox.control.gpio.Pi4jPins;
import mrtbox.control.mapping.MappingBook;
import mrtbox.control.midi.MidiService;
import mrtbox.control.midi.MidiSettings;
import mrtbox.control.notes.NoteBus;
import mrtbox.control.param.StandardParams;
import mrtbox.control.status.StatusBoard;
import mrtbox.web.WebServices;
import mrtbox.web.auth.PasswordHasher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A scene with music recalled through each control path of a running appliance brings back the sound it was saved
 * with, sample for sample under greedy decoding: a MIDI program change from a controller (the real MIDI service,
 * the controller at the provider boundary), the page (real Jetty, the page's scene API, logged in), a GPIO button
 * (Pi4J's mock platform, real debounce timing) and the daily schedule (its timer, on a clock the test moves). OSC
 * is {@link SceneMusicWiringTest}'s. tiny-mrt2 is stepped by the test thread ({@link SceneMusicRig}).
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class SceneRecallPathsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "correct horse battery";
    private static final String CONTROLLER = "Launchpad [hw:2,0,0]";
    private static final int BUTTON = 22;
    private static final int FRAMES = 6;

    @TempDir Path root;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-04T09:59:59Z"));
    private final TestController controller = new TestController(CONTROLLER);
    private final Context pi4j = Pi4J.newContextBuilder().add(new MockPlatform())
            .add(MockDigitalInputProvider.newInstance(), MockDigitalOutputProvider.newInstance()).build();
    private Appliance box;
    private SceneMusicRig rig;
    private WebComponent page;
    private MidiService midi;

    private List<Component> assemble(Foundation f) throws Exception {
        rig = new SceneMusicRig(f.registry(), f.scenes(), f.paths().state());
        BoxSettings settings = new BoxSettings(f.store());
        MappingBook mappings = SavedMappings.load(f.registry(), f.store());
        NoteBus notes = new NoteBus();
        StatusBoard status = new StatusBoard();
        MidiComponent jdkMidi = new MidiComponent(f.config().midi(), f.registry(), mappings, f.scenes(), notes);   // off: learn and monitor for the page
        OscComponent osc = new OscComponent(f.config().osc(), f.config().web().hostNames(), settings.current(), f.config().web().port(), f.registry(),
                f.scenes(), notes, jdkMidi.learn(), status);
        page = new WebComponent(f.config().web(), "mrtbox.local", f.paths().state(), new WebServices(f.registry(), f.scenes(), mappings,
                jdkMidi.learn(), notes, status, new BoxSetup(f.config(), settings, f.scenes(), ModelCatalog.standard(f.paths().models()), ModelSwitching.NONE),
                new ConfigBackup(f.store(), f.scenes(), mappings, settings, Clock.systemUTC()), new PromptAudioStore(f.paths().state(), f.registry()),
                new MidiMonitorFeed(jdkMidi.monitor()), new OscControl(osc, settings),
                new MidiPanicControl(jdkMidi, settings)), "mrtbox", new PrometheusRegistry());
        midi = MidiService.builder(f.registry(), mappings).scenes(f.scenes()).notes(notes).provider(controller)
                .settings(MidiSettings.builder().pollMillis(3_600_000).tickMillis(5).sceneChannel(16).build()).build();
        GpioService gpio = GpioService.builder(new GpioSettings(null, null, null, null, null,
                        List.of(GpioSettings.Button.of(BUTTON, "scene recall drop")), null, null, null), f.registry())
                .scenes(f.scenes()).status(status).hardware(GpioHardware.pi4j(() -> pi4j, "Pi4J mock platform")).build();
        ScheduleComponent schedule = new ScheduleComponent(f.config().schedule(), true, f.registry(), f.scenes(), f.lastStateFlush(), f.exit(), clock, false);
        return List.of(jdkMidi, osc, page, service("midi (test controller)", midi::start, midi::stop),
                service("gpio (mock pins)", gpio::start, gpio::stop), schedule);
    }

    private static Component service(String name, Runnable start, Runnable stop) {
        return new Component() {
            @Override public String name() { return name; }
            @Override public void start() { start.run(); }
            @Override public void stop() { stop.run(); }
        };
    }

    @BeforeEach
    void start() throws Exception {
        Path conf = Files.writeString(root.resolve("mrtbox.json"), """
                {"paths": {"state": "state"},
                 "osc": {"port": 0, "oscQueryPort": -1, "bind": "127.0.0.1", "zeroconf": false},
                 "web": {"port": 0, "bind": "127.0.0.1"},
                 "midi": {"enabled": false},
                 "lastState": {"quietMs": 600000, "maxDelayMs": 600000},
                 "schedule": {"timeZone": "UTC", "scenes": [{"at": "10:00", "scene": "drop"}]}}
                """);
        Environment env = new Environment(Map.of(), root, root, root.resolve("etc.json"), root.resolve("no-var"));
        LoadedConfig config = LoadedConfig.load(ConfigLocator.locate(conf, env), Clock.systemUTC());
        assertTrue(config.problem().isEmpty(), config.problem().toString());
        ResolvedPaths paths = ResolvedPaths.resolve(config, env);
        Files.createDirectories(paths.state());
        Files.writeString(paths.state().resolve("web-password"), new PasswordHasher(PasswordHasher.MIN_ITERATIONS).hash(PASSWORD.toCharArray()));
        box = new Appliance(config, paths, this::assemble, Clock.systemUTC());
        box.start();
    }

    @AfterEach
    void stop() {
        if (box != null) box.stop();
        if (rig != null) rig.close();
        pi4j.shutdown();
    }

    /**
     * Saves "drop" with music and temperature 0.5 ({@code save} does it the path's way, null: the book), lets the
     * music move on with other values, recalls it with {@code recall}, and checks that values and sound came back.
     */
    private void savedSoundComesBackThrough(String path, ThrowingRunnable save, ThrowingRunnable recall) throws Exception {
        rig.steps(3);
        rig.registry.set(StandardParams.TEMPERATURE, 0.5, SceneMusicRig.PAGE);
        float[][] saved = rig.saveWithMusic("drop", () -> {
            try {
                if (save == null) rig.scenes.save("drop");
                else save.run();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }, FRAMES);
        rig.registry.set(StandardParams.TEMPERATURE, 1.4, SceneMusicRig.PAGE);
        float[][] moved = rig.steps(4);
        assertFalse(java.util.Arrays.equals(saved[0], moved[3]), "the music moved on");
        recall.run();
        rig.awaitSwap();
        assertEquals(0.5, rig.temperature(), 1e-9, path + ": the values came back");
        float[][] got = rig.steps(FRAMES);
        for (int f = 0; f < FRAMES; f++) assertArrayEquals(saved[f], got[f], path + ": frame " + f + " after the recall is the one after the save");
        String status = rig.registry.snapshot().text(rig.registry.require(SceneMusic.STATUS));
        assertEquals("recalled the music of scene 'drop' (held in memory)", status, path);
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    void aMidiProgramChangeBringsBackTheSoundTheSceneWasSavedWith() throws Exception {
        midi.pollDevices();
        assertTrue(midi.settle(Duration.ofSeconds(10)));
        savedSoundComesBackThrough("MIDI program change", null, () -> {
            assertTrue(controller.send(ShortMessage.PROGRAM_CHANGE, 16, 0, 0), "the box opened the controller");   // program 1: the first scene
            assertTrue(midi.settle(Duration.ofSeconds(10)));
        });
        assertEquals(1, midi.stats().scenesRecalled());
    }

    @Test
    void thePageSavesAndRecallsTheSceneWithItsMusic() throws Exception {
        HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).connectTimeout(Duration.ofSeconds(5)).build();
        String web = "http://127.0.0.1:" + page.server().port();
        HttpResponse<String> login = post(http, web + "/api/auth/login", "{\"password\":\"" + PASSWORD + "\"}", null);
        assertEquals(200, login.statusCode(), login.body());
        String csrf = JSON.readTree(login.body()).get("csrf").asText();
        savedSoundComesBackThrough("page", () -> {
            HttpResponse<String> r = post(http, web + "/api/scenes", "{\"name\":\"drop\"}", csrf);
            assertEquals(200, r.statusCode(), r.body());
        }, () -> {
            HttpResponse<String> r = post(http, web + "/api/scenes/recall", "{\"name\":\"drop\"}", csrf);
            assertEquals(200, r.statusCode(), r.body());
            JsonNode answer = JSON.readTree(r.body());
            assertEquals("drop", answer.get("scene").asText());
            assertEquals(0, answer.get("problems").size(), r.body());
        });
    }

    @Test
    void aGpioButtonBringsBackTheSceneWithItsMusic() throws Exception {
        MockDigitalInput button = pi4j.registry().get(Pi4jPins.pinId(BUTTON));
        button.mockState(DigitalState.HIGH);   // released (active low, pulled up)
        Thread.sleep(100);
        savedSoundComesBackThrough("GPIO button", null, () -> {
            button.mockState(DigitalState.LOW);
            Thread.sleep(80);   // past the 20 ms debounce
            button.mockState(DigitalState.HIGH);
        });
    }

    @Test
    void theScheduleBringsBackTheSceneWithItsMusicOnTime() throws Exception {
        savedSoundComesBackThrough("schedule", null, () -> clock.set(Instant.parse("2026-12-04T10:00:00.500Z")));
    }

    private static HttpResponse<String> post(HttpClient http, String url, String body, String csrf) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (csrf != null) b.header("X-CSRF-Token", csrf);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
