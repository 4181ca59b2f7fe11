package mrtbox.appliance.config;

import org.junit.jupiter.api.Timeout;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import mrtbox.web.metrics.ScrapeAccess;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 300, unit = TimeUnit.SECONDS)   // TensorFlow: a hung session must not stall the build
class ConfigTest {
    @TempDir
    Path root;

    private final Map<String, String> vars = new HashMap<>();
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-24T02:03:04Z"), ZoneOffset.UTC);
    private Path cwd;
    private Path home;
    private Path etc;

    @BeforeEach
    void layout() throws IOException {
        cwd = Files.createDirectories(root.resolve("work"));
        home = Files.createDirectories(root.resolve("home"));
        etc = root.resolve("etc/mrtbox/mrtbox.json");
    }

    private Environment env() {
        return new Environment(vars, cwd, home, etc, root.resolve("var/lib/mrtbox"));
    }

    private static Path write(Path file, String json) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, json);
    }

    @Test
    void searchOrderFirstMatchWins() throws IOException {
        assertEquals(ConfigLocator.Source.DEFAULTS, ConfigLocator.locate(null, env()));

        write(etc, "{}");
        assertEquals(new ConfigLocator.Source(etc, "system config"), ConfigLocator.locate(null, env()));

        Path userDefault = write(home.resolve(".config/mrtbox/mrtbox.json"), "{}");
        assertEquals(userDefault, ConfigLocator.locate(null, env()).file());

        Path xdg = write(root.resolve("xdg/mrtbox/mrtbox.json"), "{}");
        vars.put("XDG_CONFIG_HOME", root.resolve("xdg").toString());
        assertEquals(new ConfigLocator.Source(xdg, "$XDG_CONFIG_HOME/mrtbox/mrtbox.json"), ConfigLocator.locate(null, env()));

        Path local = write(cwd.resolve("mrtbox.json"), "{}");
        assertEquals(new ConfigLocator.Source(local, "./mrtbox.json"), ConfigLocator.locate(null, env()));

        Path fromEnv = write(root.resolve("env.json"), "{}");
        vars.put("MRTBOX_CONFIG", fromEnv.toString());
        assertEquals(new ConfigLocator.Source(fromEnv, "$MRTBOX_CONFIG"), ConfigLocator.locate(null, env()));

        Path explicit = write(cwd.resolve("conf/box.json"), "{}");
        assertEquals(new ConfigLocator.Source(explicit, "--config"), ConfigLocator.locate(Path.of("conf/box.json"), env()),
                "a relative --config is taken from the working directory");
    }

    @Test
    void aNamedConfigThatIsMissingIsAnError() throws IOException {
        write(etc, "{}");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLocator.locate(root.resolve("nope.json"), env()));
        assertEquals("config file " + root.resolve("nope.json") + " (from --config) does not exist", e.getMessage());
        vars.put("MRTBOX_CONFIG", root.toString());
        ConfigException dir = assertThrows(ConfigException.class, () -> ConfigLocator.locate(null, env()));
        assertTrue(dir.getMessage().endsWith("(from $MRTBOX_CONFIG) is not a file"), dir.getMessage());
        vars.put("MRTBOX_CONFIG", "  ");
        assertEquals(etc, ConfigLocator.locate(null, env()).file(), "a blank variable counts as unset");
    }

    @Test
    void defaultsForEverything() {
        MrtboxConfig c = MrtboxConfig.defaults();
        assertEquals(MrtboxConfig.Sink.JAVASOUND, c.audio().sink());
        assertEquals("", c.audio().device());
        assertEquals(100, c.audio().bufferMs());
        assertEquals(24, c.audio().bitDepth());
        assertEquals("tiny-v1", c.model().name());
        assertEquals(9000, c.osc().port());
        assertEquals("0.0.0.0", c.osc().bind());
        assertEquals(9001, c.osc().oscQueryPort());
        assertTrue(c.osc().zeroconf());
        assertEquals(8080, c.web().port());
        assertTrue(c.midi().enabled());
        assertEquals(mrtbox.control.gpio.GpioSettings.NONE, c.gpio());
        assertNull(c.paths().state());
        assertEquals(1000, c.lastState().quietMs());
        assertEquals(10_000, c.lastState().maxDelayMs());
        LoadedConfig none = LoadedConfig.load(ConfigLocator.Source.DEFAULTS, clock);
        assertEquals(c, none.config());
        assertEquals("built-in defaults", none.describeSource());
    }

    @Test
    void aFileNamesOnlyWhatDiffers() throws IOException {
        Path f = write(cwd.resolve("mrtbox.json"), """
                {
                  "version": 1,
                  "audio": {"sink": "wav", "device": " USB Audio "},
                  "osc": {"port": 9100},
                  "model": {"name": "mrt2-small"}
                }
                """);
        LoadedConfig l = LoadedConfig.load(ConfigLocator.locate(null, env()), clock);
        assertTrue(l.problem().isEmpty(), l.problem().toString());
        assertEquals(MrtboxConfig.Sink.WAV, l.config().audio().sink());
        assertEquals("USB Audio", l.config().audio().device());
        assertEquals(100, l.config().audio().bufferMs());
        assertEquals(9100, l.config().osc().port());
        assertEquals("0.0.0.0", l.config().osc().bind());
        assertEquals("mrt2-small", l.config().model().name());
        assertEquals(8080, l.config().web().port());
        assertEquals(f + " (./mrtbox.json)", l.describeSource());
    }

    @Test
    void theInputIsOffUnlessEnabledAndChecksItsValues() throws IOException {
        MrtboxConfig.Input off = MrtboxConfig.defaults().audio().input();
        assertEquals(new MrtboxConfig.Input(false, "", 2, 20), off);
        write(cwd.resolve("mrtbox.json"), "{\"audio\": {\"input\": {\"enabled\": true, \"device\": \" USB \", \"channels\": 1}}}");
        LoadedConfig l = LoadedConfig.load(ConfigLocator.locate(null, env()), clock);
        assertTrue(l.problem().isEmpty(), l.problem().toString());
        assertEquals(new MrtboxConfig.Input(true, "USB", 1, 20), l.config().audio().input());
        assertProblem("{\"audio\": {\"input\": {\"channels\": 3}}}", "audio.input.channels: channels must be 1 or 2, got 3");
    }

    @Test
    void aBadFieldIsReportedKeptAndCostsOnlyItself() throws IOException {
        String text = "{\n  \"version\": 1,\n  \"osc\": {\n    \"port\": \"nine thousand\",\n    \"bind\": \"127.0.0.1\"\n  }\n}\n";
        Path f = write(cwd.resolve("mrtbox.json"), text);
        LoadedConfig l = LoadedConfig.load(ConfigLocator.locate(null, env()), clock);
        assertEquals(9000, l.config().osc().port(), "the bad field takes its default");
        assertEquals("127.0.0.1", l.config().osc().bind(), "its neighbour is kept");
        Path backup = cwd.resolve("mrtbox.json.20261124T020304Z.bak");
        assertEquals(f + ":4:13: osc.port: expected a whole number, got text \"nine thousand\"; the file was kept as "
                + backup + "; everything else in it applies", l.problem().orElseThrow());
        assertEquals(text, Files.readString(f), "the config itself is left for its owner to fix");
        assertEquals(text, Files.readString(backup));
    }

    /** Every command reads the config: a bad file is kept once per content, not once per read. */
    @Test
    void aBadFileIsKeptOncePerDistinctContent() throws IOException {
        Path f = write(cwd.resolve("mrtbox.json"), "{\"osc\": {\"port\": \"x\"}}");
        Path first = LoadedConfig.load(ConfigLocator.locate(null, env()), clock).backup();
        for (int minute = 1; minute <= 3; minute++) {
            Clock later = Clock.offset(clock, java.time.Duration.ofMinutes(minute));
            LoadedConfig again = LoadedConfig.load(ConfigLocator.locate(null, env()), later);
            assertEquals(first, again.backup(), "the same bad content is not copied again");
            assertTrue(again.problem().orElseThrow().contains("the file was kept as " + first), again.problem().orElseThrow());
        }
        assertEquals(1, baks().size(), baks().toString());
        write(f, "{\"osc\": {\"port\": \"y\"}}");
        Path second = LoadedConfig.load(ConfigLocator.locate(null, env()), Clock.offset(clock, java.time.Duration.ofHours(1))).backup();
        assertTrue(second != null && !second.equals(first), second + " vs " + first);
        assertEquals("{\"osc\": {\"port\": \"y\"}}", Files.readString(second));
        assertEquals(2, baks().size(), "a new bad content is kept beside the first: " + baks());
    }

    private java.util.List<Path> baks() throws IOException {
        try (var files = Files.list(cwd)) {
            return files.filter(x -> x.toString().endsWith(".bak")).sorted().toList();
        }
    }

    /** The attacker's case: one typo used to bring back 0.0.0.0 on every port, mDNS and no allowlist. */
    @Test
    void aTypoElsewhereKeepsBindZeroconfAllowlistAndTheStatePath() throws IOException {
        write(cwd.resolve("mrtbox.json"), """
                {
                  "paths": {"state": "/srv/mrtbox"},
                  "osc": {"bind": "10.0.0.2", "zeroconf": false, "allowlist": ["10.0.0.0/24"]},
                  "web": {"bind": "10.0.0.2"},
                  "midi": {"pollMilis": 500, "sceneChannel": 3},
                  "audio": {"bitDepth": 20, "bufferMs": 200}
                }
                """);
        LoadedConfig l = LoadedConfig.load(ConfigLocator.locate(null, env()), clock);
        MrtboxConfig c = l.config();
        assertEquals("10.0.0.2", c.osc().bind());
        assertEquals(false, c.osc().zeroconf());
        assertEquals(java.util.List.of("10.0.0.0/24"), c.osc().allowlist());
        assertEquals("10.0.0.2", c.web().bind());
        assertEquals("/srv/mrtbox", c.paths().state());
        assertEquals(3, c.midi().sceneChannel());
        assertEquals(200, c.audio().bufferMs());
        assertEquals(24, c.audio().bitDepth());
        assertEquals(java.util.List.of("midi.pollMilis", "audio.bitDepth"), l.problems().stream().map(p -> p.field()).toList());
        assertEquals(5, l.problems().get(0).line());
        assertEquals(6, l.problems().get(1).line());
        assertEquals("bitDepth must be 16, 24 or 32, got 20", l.problems().get(1).message());
    }

    @Test
    void unreadableSecuritySettingsFallBackToTheSafeChoice() throws IOException {
        write(cwd.resolve("mrtbox.json"), """
                {"osc": {"bind": 7, "zeroconf": "no", "allowlist": ["10.0.0.0/33"], "port": 9100},
                 "web": {"bind": ["all"], "port": 8081}}
                """);
        LoadedConfig l = LoadedConfig.load(ConfigLocator.locate(null, env()), clock);
        MrtboxConfig c = l.config();
        assertEquals("127.0.0.1", c.osc().bind());
        assertEquals(false, c.osc().zeroconf());
        assertEquals(java.util.List.of("127.0.0.0/8", "::1/128"), c.osc().allowlist());
        assertEquals("127.0.0.1", c.web().bind());
        assertEquals(9100, c.osc().port(), "the readable fields still apply");
        assertEquals(8081, c.web().port());
        String p = l.problem().orElseThrow();
        assertTrue(p.contains("osc.allowlist: allowlist: "), p);
        assertTrue(p.contains("fell back to the safe choice: osc.bind 127.0.0.1, osc.zeroconf false"), p);

        // A whole section of the wrong kind, then a file that is not JSON at all: the safe choice for all of it.
        write(cwd.resolve("mrtbox.json"), "{\"osc\": 5, \"web\": {\"port\": 8082}}");
        c = LoadedConfig.load(ConfigLocator.locate(null, env()), clock).config();
        assertEquals("127.0.0.1", c.osc().bind());
        assertEquals(false, c.osc().zeroconf());
        assertEquals("0.0.0.0", c.web().bind(), "the web section was readable");
        assertEquals(8082, c.web().port());
        write(cwd.resolve("mrtbox.json"), "{\"osc\": {\"bind\": \"0.0.0.0\",\n \"zeroconf\": tru}}");
        l = LoadedConfig.load(ConfigLocator.locate(null, env()), clock);
        assertEquals(ConfigReader.safeDefaults(), l.config());
        assertEquals("127.0.0.1", l.config().web().bind());
        assertEquals(2, l.problems().get(0).line(), l.problem().orElseThrow());
    }

    @Test
    void fieldsWrongOnlyTogetherCostTheOneThatFixesThemAndBadListEntriesOnlyThemselves() throws IOException {
        write(cwd.resolve("mrtbox.json"), """
                {"osc": {"port": 9001, "bind": "127.0.0.1"},
                 "lastState": {"quietMs": 5000, "maxDelayMs": 100},
                 "schedule": {"start": "09:00", "scenes": [{"at": "10:00", "scene": "a"}, {"at": "25:00", "scene": "b"},
                              {"at": "11:00", "scene": "c"}]}}
                """);
        LoadedConfig l = LoadedConfig.load(ConfigLocator.locate(null, env()), clock);
        MrtboxConfig c = l.config();
        assertEquals(9000, c.osc().port());
        assertEquals("127.0.0.1", c.osc().bind());
        // Removing quietMs alone (default 1000) still exceeds 100; removing maxDelayMs (default 10000) fixes it.
        assertEquals(5000, c.lastState().quietMs());
        assertEquals(10_000, c.lastState().maxDelayMs());
        assertEquals(java.util.List.of("a", "c"), c.schedule().scenes().stream().map(MrtboxConfig.SceneChange::scene).toList());
        assertEquals("09:00", c.schedule().start());
        assertEquals(java.util.List.of("osc.port", "lastState.maxDelayMs", "schedule.scenes[1]"),
                l.problems().stream().map(p -> p.field()).toList(), l.problem().orElseThrow());
    }

    /** A list entry that leaves a field out and mistypes another names the mistyped one first (where it is). */
    @Test
    void anUnknownFieldOfAListEntryIsNamedBeforeTheFieldItLeftOut() throws IOException {
        write(cwd.resolve("mrtbox.json"), """
                {"schedule": {"scenes": [{"at": "10:00", "scene": "a"},
                                         {"at": "11:00", "scnee": "b"}]},
                 "web": {"prot": 80, "port": 8181}}
                """);
        LoadedConfig l = LoadedConfig.load(ConfigLocator.locate(null, env()), clock);
        assertEquals(java.util.List.of("a"), l.config().schedule().scenes().stream().map(MrtboxConfig.SceneChange::scene).toList());
        assertEquals(8181, l.config().web().port(), "a section keeps its other fields");
        var problems = l.problems();
        assertEquals(java.util.List.of("schedule.scenes[1].scnee", "schedule.scenes[1]", "web.prot"),
                problems.stream().map(p -> p.field()).toList(), l.problem().orElseThrow());
        assertEquals("unknown field 'scnee' (known: at, scene)", problems.get(0).message());
        assertEquals(2, problems.get(0).line(), "the unknown field's own line");
        assertEquals("the scene change at 11:00 names no scene", problems.get(1).message(), "then the entry, which cannot be used");
        assertEquals("unknown field 'prot' (known: bind, hostNames, https, metrics, metricsToken, port, publicHealth)", problems.get(2).message());
    }

    @Test
    void metricsAccessAndTheBoxIdentity() throws IOException {
        MrtboxConfig d = MrtboxConfig.defaults();
        assertEquals(ScrapeAccess.OFF, d.web().scrapeAccess(), "metrics are off unless asked for");
        assertEquals("mrtbox", d.boxName(), "the box is named like its OSC service by default");
        assertEquals("", d.box().location());
        write(cwd.resolve("mrtbox.json"), "{\"web\": {\"metrics\": \"token\", \"metricsToken\": \"0123456789abcdef\"},"
                + " \"box\": {\"name\": \" lobby \", \"location\": \"Hall 2\"}}");
        LoadedConfig l = LoadedConfig.load(ConfigLocator.locate(null, env()), clock);
        assertTrue(l.problem().isEmpty(), l.problem().toString());
        assertEquals(ScrapeAccess.token("0123456789abcdef"), l.config().web().scrapeAccess());
        assertEquals("lobby", l.config().boxName());
        assertEquals("Hall 2", l.config().box().location());
        // a metrics setting that cannot be used falls back to off (the safe choice), and says why
        assertMetricsOff("{\"web\": {\"metrics\": \"token\"}}", "web.metrics: metrics is \"token\" but metricsToken is not set");
        assertMetricsOff("{\"web\": {\"metrics\": \"token\", \"metricsToken\": \"short\"}}",
                "web.metrics: metrics token must be 16..256 characters (e.g. the output of: openssl rand -hex 24)");
        assertMetricsOff("{\"web\": {\"metrics\": \"yes\", \"port\": 8181}}", "web.metrics: metrics must be off, public or token, got 'yes'");
    }

    private void assertMetricsOff(String json, String problem) throws IOException {
        write(cwd.resolve("mrtbox.json"), json);
        LoadedConfig l = LoadedConfig.load(ConfigLocator.locate(null, env()), clock);
        assertEquals(ScrapeAccess.OFF, l.config().web().scrapeAccess(), json);
        assertTrue(l.problem().orElseThrow().contains(": " + problem + ";"), l.problem().orElseThrow());
        if (json.contains("8181")) assertEquals(8181, l.config().web().port(), "the rest of the section applies");
        try (var files = Files.list(cwd)) {
            files.filter(x -> x.toString().endsWith(".bak")).forEach(x -> x.toFile().delete());
        }
    }

    @Test
    void badValuesNameTheirField() throws IOException {
        assertProblem("{\"audio\": {\"sink\": \"alsa\"}}", "audio.sink: expected one of \"javasound\", \"wav\", \"null\", got \"alsa\"");
        assertProblem("{\"audio\": {\"bitDepth\": 20}}", "audio.bitDepth: bitDepth must be 16, 24 or 32, got 20");
        assertProblem("{\"audio\": {\"bufferMs\": 0}}", "audio.bufferMs: bufferMs must be 5..2000, got 0");
        assertProblem("{\"web\": {\"port\": 70000}}", "web.port: port must be 0..65535, got 70000");
        assertProblem("{\"osc\": {\"port\": 9000.5}}", "osc.port: expected a whole number, got the number 9000.5");
        assertProblem("{\"web\": {\"prot\": 80}}", "web.prot: unknown field 'prot' (known: bind, hostNames, https, metrics, metricsToken, port, publicHealth)");
        assertProblem("{\"model\": {\"name\": \"../../etc\"}}", "model.name: model name '../../etc' must be 1-64 letters, digits, '.', '_' or '-'");
        assertProblem("{\"version\": 2}", "version: format version 2 is not supported by this mrtbox (it reads version 1)");
        assertProblem("{\"midi\": {\"enabled\": \"yes\"}}", "midi.enabled: expected true or false, got text \"yes\"");
    }

    private void assertProblem(String json, String expectedTail) throws IOException {
        Path f = write(cwd.resolve("mrtbox.json"), json);
        LoadedConfig l = LoadedConfig.load(ConfigLocator.locate(null, env()), clock);
        MrtboxConfig expected = json.contains("version") ? ConfigReader.safeDefaults() : MrtboxConfig.defaults();
        assertEquals(expected, l.config(), json);
        String p = l.problem().orElseThrow(() -> new AssertionError("accepted: " + json));
        String detail = p.substring(p.indexOf(": ") + 2, p.indexOf("; "));
        assertEquals(expectedTail, detail, p);
        assertTrue(p.startsWith(f + ":1:"), p);
        try (var files = Files.list(cwd)) {
            files.filter(x -> x.toString().endsWith(".bak")).forEach(x -> x.toFile().delete());
        }
    }

    @Test
    void stateDirectoryOrder() throws IOException {
        LoadedConfig defaults = LoadedConfig.load(ConfigLocator.Source.DEFAULTS, clock);

        // Nothing set and no writable system directory: the user's XDG state directory.
        Files.writeString(root.resolve("var"), "a file where /var would be, so the system directory cannot be made");
        ResolvedPaths p = ResolvedPaths.resolve(defaults, env());
        assertEquals(home.resolve(".local/state/mrtbox"), p.state());
        assertEquals("$XDG_STATE_HOME/mrtbox", p.stateOrigin());
        assertTrue(Files.isDirectory(p.state()), "created");
        assertEquals(p.state().resolve("models"), p.models());
        assertEquals(p.state().resolve("cache"), p.cache());

        vars.put("XDG_STATE_HOME", root.resolve("xdg-state").toString());
        assertEquals(root.resolve("xdg-state/mrtbox"), ResolvedPaths.resolve(defaults, env()).state());

        // The system directory once it can be used.
        Files.delete(root.resolve("var"));
        p = ResolvedPaths.resolve(defaults, env());
        assertEquals(root.resolve("var/lib/mrtbox"), p.state());
        assertEquals("system state directory", p.stateOrigin());

        // systemd's StateDirectory= (first entry) and CacheDirectory=.
        vars.put("STATE_DIRECTORY", root.resolve("sd-state") + ":" + root.resolve("other"));
        vars.put("CACHE_DIRECTORY", root.resolve("sd-cache").toString());
        p = ResolvedPaths.resolve(defaults, env());
        assertEquals(root.resolve("sd-state"), p.state());
        assertEquals("$STATE_DIRECTORY", p.stateOrigin());
        assertEquals(root.resolve("sd-cache"), p.cache());

        // The config beats them all; relative paths are taken from the config file's directory.
        Path conf = write(root.resolve("conf/mrtbox.json"), "{\"paths\": {\"state\": \"st\", \"models\": \"/opt/models\"}}");
        LoadedConfig fromFile = LoadedConfig.load(ConfigLocator.locate(conf, env()), clock);
        p = ResolvedPaths.resolve(fromFile, env());
        assertEquals(root.resolve("conf/st"), p.state());
        assertEquals("paths.state in the config", p.stateOrigin());
        assertEquals(Path.of("/opt/models"), p.models());
    }

    @Test
    void anUnusableStateDirectoryIsAClearError() throws IOException {
        Path blocker = Files.writeString(root.resolve("blocker"), "x");
        Path conf = write(root.resolve("c/mrtbox.json"), "{\"paths\": {\"state\": \"" + blocker.resolve("state") + "\"}}");
        LoadedConfig l = LoadedConfig.load(ConfigLocator.locate(conf, env()), clock);
        ConfigException e = assertThrows(ConfigException.class, () -> ResolvedPaths.resolve(l, env()));
        assertTrue(e.getMessage().startsWith("cannot create the state directory " + blocker.resolve("state") + " (paths.state in the config)"),
                e.getMessage());
    }

    /** The Debian package's /etc/mrtbox/mrtbox.json is read by the real reader without a problem. */
    @Test
    void thePackagedConfigParses() {
        Path packaged = Path.of("src/deb/files/mrtbox.json").toAbsolutePath();
        LoadedConfig loaded = LoadedConfig.load(new ConfigLocator.Source(packaged, "package"), clock);
        assertEquals(java.util.Optional.empty(), loaded.problem());
        assertEquals(8080, loaded.config().web().port());
        assertEquals(9000, loaded.config().osc().port());
    }
}
