package mrtbox.appliance.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import mrtbox.appliance.config.ConfigLocator;
import mrtbox.appliance.config.Environment;
import mrtbox.appliance.config.LoadedConfig;
import mrtbox.appliance.config.ResolvedPaths;
import mrtbox.appliance.state.Json;
import mrtbox.control.param.ChangeSource;
import mrtbox.control.param.ParamSpec;
import mrtbox.control.param.ParamType;
import mrtbox.control.param.StandardParams;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApplianceTest {
    @TempDir
    Path root;

    private Path state;
    private LoadedConfig config;
    private ResolvedPaths paths;
    private final List<String> events = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        state = root.resolve("state");
        // Long save delays: the tests see exactly the writes that stop() flushes.
        Path conf = Files.writeString(root.resolve("mrtbox.json"),
                "{\"paths\": {\"state\": \"state\"}, \"lastState\": {\"quietMs\": 60000, \"maxDelayMs\": 60000}}");
        Environment env = new Environment(Map.of(), root, root, root.resolve("etc.json"), root.resolve("no-var"));
        config = LoadedConfig.load(ConfigLocator.locate(conf, env), Clock.systemUTC());
        paths = ResolvedPaths.resolve(config, env);
    }

    /** A component that records its life in {@link #events}; {@code failStart} makes its start throw. */
    private Component recording(String name, boolean failStart) {
        events.add("create " + name);
        return new Component() {
            @Override public String name() { return name; }
            @Override public void start() {
                events.add("start " + name);
                if (failStart) throw new IllegalStateException(name + " could not open its device");
            }
            @Override public void stop() { events.add("stop " + name); }
        };
    }

    private Appliance appliance(Assembly assembly) {
        return new Appliance(config, paths, assembly, Clock.systemUTC());
    }

    private Appliance appliance() {
        return appliance(f -> List.of());
    }

    @Test
    void componentsStartInOrderAndStopInReverse() throws Exception {
        Appliance a = appliance(f -> List.of(recording("engine", false), recording("audio", false), recording("osc", false)));
        a.start();
        a.stop();
        a.stop(); // a second stop does nothing
        assertEquals(List.of("create engine", "create audio", "create osc", "start engine", "start audio", "start osc",
                "stop osc", "stop audio", "stop engine"), events);
    }

    @Test
    void aFailedStartStopsWhatHadStarted() {
        Appliance a = appliance(f -> List.of(recording("engine", false), recording("audio", true), recording("osc", false)));
        IllegalStateException e = assertThrows(IllegalStateException.class, a::start);
        assertEquals("audio could not open its device", e.getMessage());
        assertEquals(List.of("create engine", "create audio", "create osc", "start engine", "start audio", "stop engine"), events);
    }

    @Test
    void theAssemblyBuildsOnTheFoundationWithTheStandardParametersAndItsTwoHands() throws Exception {
        List<String> exits = new ArrayList<>();
        List<Foundation> seen = new ArrayList<>();
        Appliance a = appliance(f -> {
            seen.add(f);
            assertTrue(f.registry().handle(StandardParams.VOLUME_DB) != null, "the standard parameters are registered first");
            return List.of(recording("engine", false));
        });
        a.onExitRequest(exits::add);
        a.start();
        Foundation f = seen.get(0);
        assertSame(a.foundation(), f);
        f.registry().set(StandardParams.VOLUME_DB, -9.0, ChangeSource.of(ChangeSource.Kind.OSC, "test"));
        f.lastStateFlush().run();   // the debounce is a minute: only the flush can have written it
        assertTrue(Files.readString(state.resolve("last-state.json")).contains("-9.0"));
        f.exit().request("nightly restart");
        assertEquals(List.of("nightly restart"), exits);
        a.stop();
    }

    @Test
    void lastStateIsRestoredAndSavedOnStopIncludingOtherModelsValues() throws Exception {
        Files.createDirectories(state);
        Files.writeString(state.resolve("last-state.json"), """
                {"version": 1, "values": {
                  "prompt.2.text": "marimba",
                  "sampling.top_k": 5000,
                  "mrt2.notes.gate": true,
                  "extra.mode": "wide"
                }}""");
        // A component registers its own parameter: its saved value comes back too.
        Assembly extra = f -> {
            f.registry().register(ParamSpec.builder("extra.mode", ParamType.ENUM).choices(List.of("narrow", "wide")).build());
            return List.of(recording("extra", false));
        };
        Appliance a = appliance(extra);
        a.start();
        var snap = a.foundation().registry().snapshot();
        assertEquals("marimba", snap.value("prompt.2.text"));
        assertEquals("wide", snap.value("extra.mode"));
        assertEquals(40, snap.value(StandardParams.TOP_K), "the out-of-range value was refused, the default stays");
        a.foundation().registry().set(StandardParams.MUTE, true, ChangeSource.of(ChangeSource.Kind.OSC, "test"));
        a.stop();

        Map<?, ?> saved = (Map<?, ?>) Json.mapper().readValue(state.resolve("last-state.json").toFile(), Map.class).get("values");
        assertEquals(true, saved.get(StandardParams.MUTE));
        assertEquals("marimba", saved.get("prompt.2.text"));
        assertEquals(true, saved.get("mrt2.notes.gate"), "another model's value is carried, not dropped");
        assertEquals(40, saved.get(StandardParams.TOP_K));
    }

    @Test
    void scenesAreLoadedAndEveryChangeIsWritten() throws Exception {
        Files.createDirectories(state);
        Files.writeString(state.resolve("scenes.json"), "{\"version\": 1, \"scenes\": [{\"name\": \"Verse\", \"values\": {\"output.volume\": -6}}]}");
        Appliance a = appliance();
        a.start();
        assertEquals(1, a.foundation().scenes().list().size());
        a.foundation().scenes().recall("verse");
        assertEquals(-6.0, a.foundation().registry().snapshot().value(StandardParams.VOLUME_DB));
        a.foundation().scenes().save("Chorus");
        String file = Files.readString(state.resolve("scenes.json"));
        assertTrue(file.contains("\"name\" : \"Chorus\"") && file.contains("\"name\" : \"Verse\""), file);
        a.foundation().scenes().delete("Verse");
        assertTrue(!Files.readString(state.resolve("scenes.json")).contains("Verse"));
        a.stop();
    }

    @Test
    void corruptStateFilesAreKeptAndTheBoxStartsOnDefaults() throws Exception {
        Files.createDirectories(state);
        Files.writeString(state.resolve("scenes.json"), "{\"version\": 1, \"scenes\": [");
        Files.writeString(state.resolve("last-state.json"), "{\"version\": 9, \"values\": {}}");
        Appliance a = appliance();
        a.start();
        assertEquals(0, a.foundation().scenes().list().size());
        assertEquals("warm analog synth groove", a.foundation().registry().snapshot().value("prompt.1.text"));
        // Said where health and the page read it (the box watches this in its status notes), not only in the log.
        String problems = a.foundation().store().problems();
        assertTrue(problems.contains("scenes.json: ") && problems.contains("last-state.json: "), problems);
        assertTrue(problems.contains("the file was kept as "), problems);
        a.stop();
        try (var files = Files.list(state)) {
            List<String> names = files.map(p -> p.getFileName().toString()).sorted().toList();
            assertTrue(names.stream().anyMatch(n -> n.matches("scenes\\.json\\.\\d{8}T\\d{6}Z\\.bak")), names.toString());
            assertTrue(names.stream().anyMatch(n -> n.matches("last-state\\.json\\.\\d{8}T\\d{6}Z\\.bak")), names.toString());
        }
    }

    @Test
    void twoAppliancesCannotShareAStateDirectory() throws Exception {
        Appliance first = appliance();
        first.start();
        Appliance second = appliance(f -> List.of(recording("never", false)));
        IOException e = assertThrows(IOException.class, second::start);
        assertTrue(e.getMessage().startsWith("another mrtbox is using the state directory"), e.getMessage());
        assertEquals(List.of(), events, "nothing of the second one was made");
        first.stop();
    }
}
