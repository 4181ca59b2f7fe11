package mrtbox.appliance.frontends;

import org.junit.jupiter.api.Timeout;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import com.illposed.osc.BufferBytesReceiver;
import com.illposed.osc.OSCMessage;
import com.illposed.osc.OSCSerializerAndParserBuilder;
import mrtbox.appliance.config.ConfigLocator;
import mrtbox.appliance.config.Environment;
import mrtbox.appliance.config.LoadedConfig;
import mrtbox.appliance.config.ResolvedPaths;
import mrtbox.appliance.operations.BootScene;
import mrtbox.appliance.service.Appliance;
import mrtbox.appliance.state.BoxSettings;
import mrtbox.appliance.state.SavedMappings;
import mrtbox.control.mapping.Mapping;
import mrtbox.control.mapping.MappingBook;
import mrtbox.control.mapping.MidiSource;
import mrtbox.control.notes.NoteBus;
import mrtbox.control.param.ChangeSource;
import mrtbox.control.param.ParameterRegistry;
import mrtbox.control.status.InputStatus;
import mrtbox.control.status.StatusBoard;
import mrtbox.control.status.StatusReport;
import mrtbox.appliance.health.StatusNotes;
import mrtbox.appliance.health.StatusPublisher;
import mrtbox.web.OscAccess;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The control part of the wiring in one process: mappings persist across a restart, the boot scene is recalled
 * over the last state, and the page's OSC settings move the real UDP listener (or are refused, changing nothing).
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)   // TensorFlow: a hung session must not stall the build
class ControlWiringTest {
    @TempDir
    Path root;

    private LoadedConfig config;
    private ResolvedPaths paths;
    private MappingBook mappings;
    private BoxSettings settings;
    private OscControl osc;

    @BeforeEach
    void setUp() throws IOException {
        Path conf = Files.writeString(root.resolve("mrtbox.json"), """
                {"paths": {"state": "state"},
                 "osc": {"port": 0, "oscQueryPort": -1, "bind": "127.0.0.1", "zeroconf": false},
                 "midi": {"enabled": false}}
                """);
        Environment env = new Environment(Map.of(), root, root, root.resolve("etc.json"), root.resolve("no-var"));
        config = LoadedConfig.load(ConfigLocator.locate(conf, env), Clock.systemUTC());
        paths = ResolvedPaths.resolve(config, env);
    }

    /** The boot scene, MIDI and OSC, wired as the box wires them. */
    private Appliance start() throws Exception {
        Appliance a = new Appliance(config, paths, f -> {
            settings = new BoxSettings(f.store());
            mappings = SavedMappings.load(f.registry(), f.store());
            NoteBus notes = new NoteBus();
            MidiComponent midi = new MidiComponent(f.config().midi(), f.registry(), mappings, f.scenes(), notes);
            OscComponent service = new OscComponent(f.config().osc(), f.config().web().hostNames(), settings.current(), f.config().web().port(), f.registry(),
                    f.scenes(), notes, midi.learn(), new StatusBoard());
            osc = new OscControl(service, settings);
            return List.of(new BootScene(f.scenes(), settings), midi, service);
        }, Clock.systemUTC());
        a.start();
        return a;
    }

    @Test
    void mappingsAndTheBootSceneSurviveARestart() throws Exception {
        Appliance first = start();
        ParameterRegistry registry = first.foundation().registry();
        mappings.put(new Mapping("", new MidiSource("nanoKONTROL2", 1, MidiSource.MessageType.CC, 16),
                "prompt.2.weight", 0, 1, null, null, null, true));
        registry.set("output.volume", -20.0, ChangeSource.of(ChangeSource.Kind.INTERNAL, "test"));
        first.foundation().scenes().save("quiet");
        settings.update(f -> f.withBootScene("quiet"));
        registry.set("output.volume", -3.0, ChangeSource.of(ChangeSource.Kind.INTERNAL, "test"));
        first.stop();
        assertTrue(Files.readString(paths.state().resolve("mappings.json")).contains("\"target\" : \"prompt.2.weight\""));

        Appliance second = start();
        try {
            assertEquals(16, mappings.list().get(0).source().number());
            // The last state said -3, the boot scene says -20: the boot scene wins.
            assertEquals(-20.0, volume(second));
        } finally {
            second.stop();
        }
    }

    @Test
    void aConfigProblemShowsInHealthAsDegraded() throws Exception {
        Path conf = Files.writeString(root.resolve("bad.json"), """
                {"paths": {"state": "state"},
                 "osc": {"port": 0, "oscQueryPort": -1, "bind": "127.0.0.1", "zeroconf": false},
                 "midi": {"enabled": false, "sceneChanel": 3}}
                """);
        Environment env = new Environment(Map.of(), root, root, root.resolve("etc.json"), root.resolve("no-var"));
        LoadedConfig bad = LoadedConfig.load(ConfigLocator.locate(conf, env), Clock.systemUTC());
        // An engine that says "ok": the config's problem must still make the box's health degraded.
        StatusReport ok = new StatusReport("tiny-v1", true, true, 1.5, 200, 0, 0, 0, new double[] {-20, -20},
                new double[] {-30, -30}, new float[0], 10, 12, "ok", "", 1);
        StatusBoard board = new StatusBoard();
        StatusPublisher publisher = new StatusPublisher(board, uptime -> ok, () -> InputStatus.OFF, StatusNotes.startingWith(bad.problem()));
        publisher.start();
        try {
            String health = board.current().health();
            assertTrue(health.startsWith("degraded: config: " + conf + ":3:"), health);
            assertTrue(health.contains("midi.sceneChanel: unknown field 'sceneChanel'"), health);
            assertTrue(board.current().lastError().startsWith("config: "));
        } finally {
            publisher.stop();
        }
    }

    @Test
    void changingOnlyThePortKeepsTheEmptyAllowlistFollowingTheNetwork() throws Exception {
        Appliance a = start();
        try {
            // The form shows the stored value (empty: the box's own subnets) and, apart, what that means today.
            assertEquals(List.of(), osc.settings().allowlist());
            assertTrue(osc.effectiveAllowlist().contains("127.0.0.0/8"), osc.effectiveAllowlist().toString());
            int port;
            try (ServerSocket probe = new ServerSocket(0)) {
                port = probe.getLocalPort();
            }
            // Apply with the form as shown, only the port edited: nothing is frozen to today's subnets.
            osc.apply(new OscAccess.Settings(port, osc.settings().allowlist()));
            assertEquals(List.of(), settings.current().oscAllowlist());
            assertEquals(List.of(), osc.settings().allowlist());
            sendVolume(port, -9.5f);
            long end = System.nanoTime() + 5_000_000_000L;
            while (System.nanoTime() < end && !Double.valueOf(-9.5).equals(volume(a))) Thread.sleep(20);
            assertEquals(-9.5, volume(a), "loopback is still heard");
        } finally {
            a.stop();
        }
    }

    @Test
    void thePagesOscSettingsMoveTheListenerOrChangeNothing() throws Exception {
        Appliance a = start();
        try {
            int port;
            try (ServerSocket probe = new ServerSocket(0)) {
                port = probe.getLocalPort();   // a port that is free now (UDP on the same number is free in practice)
            }
            osc.apply(new OscAccess.Settings(port, List.of("127.0.0.0/8")));
            assertEquals(port, osc.settings().port());
            assertEquals(List.of("127.0.0.0/8"), osc.settings().allowlist());
            sendVolume(port, -7.5f);
            long end = System.nanoTime() + 5_000_000_000L;
            while (System.nanoTime() < end && !Double.valueOf(-7.5).equals(volume(a))) Thread.sleep(20);
            assertEquals(-7.5, volume(a));
            assertEquals(port, settings.current().oscPort());

            IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                    () -> osc.apply(new OscAccess.Settings(port + 1, List.of("10.0.0.0/33"))));
            assertTrue(bad.getMessage().startsWith("allowlist:"), bad.getMessage());
            assertEquals(port, osc.settings().port());
            assertEquals(port, settings.current().oscPort());
        } finally {
            a.stop();
        }
    }

    private static Object volume(Appliance a) {
        ParameterRegistry registry = a.foundation().registry();
        return registry.snapshot().value(registry.handle("output.volume"));
    }

    private static void sendVolume(int port, float db) throws Exception {
        ByteBuffer buf = ByteBuffer.allocate(256);
        new OSCSerializerAndParserBuilder().buildSerializer(new BufferBytesReceiver(buf))
                .write(new OSCMessage("/mrtbox/output/volume", List.of(db)));
        try (DatagramSocket s = new DatagramSocket()) {
            s.send(new DatagramPacket(buf.array(), buf.position(), InetAddress.getLoopbackAddress(), port));
        }
    }
}
