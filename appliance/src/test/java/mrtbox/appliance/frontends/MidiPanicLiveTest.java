package mrtbox.appliance.frontends;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javax.sound.midi.MidiMessage;
import javax.sound.midi.Receiver;
import javax.sound.midi.ShortMessage;
import mrtbox.appliance.catalog.ModelCatalog;
import mrtbox.appliance.config.ConfigLocator;
import mrtbox.appliance.config.Environment;
import mrtbox.appliance.config.LoadedConfig;
import mrtbox.appliance.config.ResolvedPaths;
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
import mrtbox.control.mapping.MappingBook;
import mrtbox.control.midi.MidiDeviceProvider;
import mrtbox.control.midi.MidiPort;
import mrtbox.control.notes.NoteBus;
import mrtbox.control.param.ChangeSource;
import mrtbox.control.param.StandardParams;
import mrtbox.control.status.StatusBoard;
import mrtbox.web.WebServices;
import mrtbox.web.auth.PasswordHasher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MIDI panic control is set while the box runs, through the real path: the page's API on Jetty, the settings
 * file, the running MIDI service judging the next message from a controller; a restored backup applies it the same
 * way, and the page's choice holds over the config's at the next start.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MidiPanicLiveTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "correct horse battery";

    @TempDir
    Path root;

    private MidiComponent midi;
    private WebComponent page;
    private final Pads pads = new Pads();

    /** One controller, "Pads", whose messages the test plays. */
    static final class Pads implements MidiDeviceProvider {
        volatile Receiver box;

        void send(int command, int channel, int data1, int data2) throws Exception {
            Receiver r = box;
            if (r == null) throw new AssertionError("the box has not opened Pads");
            MidiMessage m = new ShortMessage(command, channel - 1, data1, data2);
            r.send(m, -1);
        }

        @Override public List<MidiPort> ports() { return List.of(new MidiPort("Pads", "test controller", MidiPort.Direction.INPUT)); }
        @Override public AutoCloseable openInput(MidiPort port, Receiver sink) {
            box = sink;
            return () -> box = null;
        }
        @Override public Receiver openOutput(MidiPort port) { throw new IllegalStateException("Pads has no output"); }
    }

    private List<Component> assemble(Foundation f) {
        BoxSettings settings = new BoxSettings(f.store());
        MappingBook mappings = SavedMappings.load(f.registry(), f.store());
        NoteBus notes = new NoteBus();
        StatusBoard status = new StatusBoard();
        midi = new MidiComponent(f.config().midi(), f.registry(), mappings, f.scenes(), notes, pads);
        OscComponent osc = new OscComponent(f.config().osc(), f.config().web().hostNames(), settings.current(), f.config().web().port(), f.registry(),
                f.scenes(), notes, midi.learn(), status);
        page = new WebComponent(f.config().web(), "mrtbox.local", f.paths().state(), new WebServices(f.registry(), f.scenes(), mappings,
                midi.learn(), notes, status, new BoxSetup(f.config(), settings, f.scenes(), ModelCatalog.standard(f.paths().models()), ModelSwitching.NONE),
                new ConfigBackup(f.store(), f.scenes(), mappings, settings, Clock.systemUTC()), new PromptAudioStore(f.paths().state(), f.registry()),
                new MidiMonitorFeed(midi.monitor()), new OscControl(osc, settings), new MidiPanicControl(midi, settings)), "mrtbox", new PrometheusRegistry());
        return List.of(midi, osc, page);
    }

    @Test
    void thePanicControlIsSetFromThePageAndFromARestoredBackupWhileTheBoxRuns() throws Exception {
        Path conf = Files.writeString(root.resolve("mrtbox.json"), """
                {"paths": {"state": "state"},
                 "osc": {"port": 0, "oscQueryPort": -1, "bind": "127.0.0.1", "zeroconf": false},
                 "web": {"port": 0, "bind": "127.0.0.1"},
                 "midi": {"pollMillis": 50, "panic": {"device": "", "channel": 16, "type": "note", "number": 0}}}
                """);
        Environment env = new Environment(Map.of(), root, root, root.resolve("etc.json"), root.resolve("no-var"));
        LoadedConfig config = LoadedConfig.load(ConfigLocator.locate(conf, env), Clock.systemUTC());
        assertTrue(config.problem().isEmpty(), config.problem().toString());
        ResolvedPaths paths = ResolvedPaths.resolve(config, env);
        Files.createDirectories(paths.state());
        Files.writeString(paths.state().resolve("web-password"), new PasswordHasher(PasswordHasher.MIN_ITERATIONS).hash(PASSWORD.toCharArray()));

        Appliance box = new Appliance(config, paths, this::assemble, Clock.systemUTC());
        box.start();
        try {
            Page web = Page.login(page.server().port());
            awaitTrue(() -> pads.box != null, "the box opens Pads");
            JsonNode p = web.send("GET", "/api/midi/panic", null);
            assertEquals("config", p.get("from").asText(), p.toString());
            assertEquals(16, p.get("panic").get("channel").asInt());

            pads.send(ShortMessage.NOTE_ON, 16, 0, 100);
            awaitTrue(() -> muted(box), "the config's panic note mutes");
            unmute(box);

            JsonNode set = web.send("PUT", "/api/midi/panic", "{\"panic\": {\"device\": \"pads\", \"channel\": 1, \"type\": \"cc\", \"number\": 64}}");
            assertEquals("page", set.get("from").asText(), set.toString());
            assertEquals("cc", set.get("panic").get("type").asText());
            long events = midi.stats().events();
            pads.send(ShortMessage.NOTE_ON, 16, 0, 100);
            awaitTrue(() -> midi.stats().events() > events, "the note reached the router");
            pads.send(ShortMessage.CONTROL_CHANGE, 1, 64, 0);   // a release is no press: the next event after the note
            awaitTrue(() -> midi.stats().events() > events + 1, "the release reached the router");
            assertEquals(false, muted(box), "the old control is an ordinary note now");
            assertEquals(1, midi.stats().panics());
            pads.send(ShortMessage.CONTROL_CHANGE, 1, 64, 127);
            awaitTrue(() -> muted(box), "the page's panic CC mutes, without a restart");
            assertEquals(2, midi.stats().panics());
            assertTrue(Files.readString(paths.state().resolve("settings.json")).contains("\"midiPanic\""), "kept with the page's choices");

            // A restored backup goes the same way: its settings apply to the running MIDI service.
            unmute(box);
            ObjectNode backup = (ObjectNode) JSON.readTree(web.raw("GET", "/api/config/backup", null).body());
            ((ObjectNode) backup.get("settings")).set("midiPanic", JSON.readTree("{\"source\": null}"));
            HttpResponse<String> restored = web.raw("POST", "/api/config/restore", backup.toString());
            assertEquals(200, restored.statusCode(), restored.body());
            assertTrue(web.send("GET", "/api/midi/panic", null).get("panic").isNull());
            long before = midi.stats().events();
            pads.send(ShortMessage.CONTROL_CHANGE, 1, 64, 127);
            awaitTrue(() -> midi.stats().events() > before, "the CC reached the router");
            pads.send(ShortMessage.NOTE_ON, 16, 0, 100);
            awaitTrue(() -> midi.stats().events() > before + 1, "the note reached the router");
            assertEquals(false, muted(box), "no panic control: neither the CC nor the config's note");
            assertEquals(2, midi.stats().panics());
        } finally {
            box.stop();
        }

        Appliance again = new Appliance(config, paths, this::assemble, Clock.systemUTC());
        again.start();
        try {
            JsonNode p = Page.login(page.server().port()).send("GET", "/api/midi/panic", null);
            assertTrue(p.get("panic").isNull() && p.get("from").asText().equals("page"), "the page's 'none' holds over the config's note: " + p);
        } finally {
            again.stop();
        }
    }

    private static boolean muted(Appliance a) {
        return a.foundation().registry().snapshot().bool(a.foundation().registry().require(StandardParams.MUTE));
    }

    private static void unmute(Appliance a) {
        a.foundation().registry().set(StandardParams.MUTE, false, ChangeSource.of(ChangeSource.Kind.INTERNAL, "test"));
        assertEquals(false, muted(a));
    }

    /** A logged-in browser session on the box's page. */
    private record Page(HttpClient http, String base, String csrf) {
        static Page login(int port) throws Exception {
            HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).connectTimeout(Duration.ofSeconds(5)).build();
            String base = "http://127.0.0.1:" + port;
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/auth/login")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"password\":\"" + PASSWORD + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            return new Page(http, base, JSON.readTree(r.body()).get("csrf").asText());
        }

        HttpResponse<String> raw(String method, String path, String body) throws Exception {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("X-CSRF-Token", csrf)
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            if (body != null) b.header("Content-Type", "application/json");
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        }

        JsonNode send(String method, String path, String body) throws Exception {
            HttpResponse<String> r = raw(method, path, body);
            assertEquals(200, r.statusCode(), method + " " + path + ": " + r.body());
            return JSON.readTree(r.body());
        }
    }

    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < end) {
            if (condition.getAsBoolean()) return;
            Thread.sleep(10);
        }
        throw new AssertionError("timed out: " + what);
    }
}
