package mrtbox.appliance.instrument;

import static org.junit.jupiter.api.Assertions.*;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import com.illposed.osc.BufferBytesReceiver;
import com.illposed.osc.OSCMessage;
import com.illposed.osc.OSCSerializerAndParserBuilder;
import mrtbox.appliance.catalog.ModelCatalog;
import mrtbox.appliance.config.ConfigLocator;
import mrtbox.appliance.config.Environment;
import mrtbox.appliance.config.LoadedConfig;
import mrtbox.appliance.config.ResolvedPaths;
import mrtbox.appliance.frontends.MidiComponent;
import mrtbox.appliance.frontends.OscComponent;
import mrtbox.appliance.state.SavedMappings;
import mrtbox.appliance.service.Appliance;
import mrtbox.appliance.state.BoxSettings;
import mrtbox.control.notes.NoteBus;
import mrtbox.control.param.ParameterRegistry;
import mrtbox.control.status.StatusBoard;
import mrtbox.inference.engine.InputTap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scene music in a running box: tiny-mrt2 and tiny-v1 playing through the engine (null sink), scenes saved and
 * recalled over real OSC (UDP), the state taken and swapped by the engine's generation thread with the crossfade.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SceneMusicWiringTest {
    @TempDir Path root;

    private static void send(int port, String address, Object arg) throws Exception {
        ByteBuffer buf = ByteBuffer.allocate(256);
        new OSCSerializerAndParserBuilder().buildSerializer(new BufferBytesReceiver(buf)).write(new OSCMessage(address, List.of(arg)));
        try (DatagramSocket s = new DatagramSocket()) {
            s.send(new DatagramPacket(buf.array(), buf.position(), InetAddress.getLoopbackAddress(), port));
        }
    }

    private static String waitForStatus(ParameterRegistry registry, String part) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String s = "";
        while (System.nanoTime() < end) {
            s = registry.snapshot().text(registry.require(SceneMusic.STATUS));
            if (s.contains(part)) return s;
            Thread.sleep(20);
        }
        fail("status never said '" + part + "': " + s);
        return s;
    }

    @ParameterizedTest
    @ValueSource(strings = {"tiny-mrt2", "tiny-v1"})
    void oscSaveAndRecallBringBackTheMusicThroughTheEngine(String model) throws Exception {
        int port;
        try (DatagramSocket probe = new DatagramSocket(0)) {
            port = probe.getLocalPort();
        }
        Path conf = Files.writeString(root.resolve("mrtbox.json"), """
                {"paths": {"state": "state"}, "audio": {"sink": "null"}, "model": {"name": "%s"},
                 "osc": {"port": %d, "oscQueryPort": -1, "bind": "127.0.0.1", "zeroconf": false},
                 "midi": {"enabled": false}}
                """.formatted(model, port));
        Environment env = new Environment(Map.of(), root, root, root.resolve("etc.json"), root.resolve("no-var"));
        LoadedConfig config = LoadedConfig.load(ConfigLocator.locate(conf, env), Clock.systemUTC());
        ResolvedPaths paths = ResolvedPaths.resolve(config, env);
        EngineComponent[] engine = new EngineComponent[1];
        Appliance a = new Appliance(config, paths, f -> {
            SceneMusic music = new SceneMusic(f.registry(), f.scenes(), f.paths().state(), Clock.systemUTC());
            f.scenes().music(music);
            engine[0] = new EngineComponent(f.registry(), f.config().model(), f.config().model().name(), ModelCatalog.standard(f.paths().models()),
                    EngineComponent.audioSettings(f.config().audio(), null, f.paths().state()), new PromptResolver(), new NoteBus(), InputTap.NONE,
                    configured -> true, new LoadedStyleModel(), f.paths().state(), music);
            BoxSettings settings = new BoxSettings(f.store());
            NoteBus notes = new NoteBus();
            MidiComponent midi = new MidiComponent(f.config().midi(), f.registry(), SavedMappings.load(f.registry(), f.store()), f.scenes(), notes);
            OscComponent osc = new OscComponent(f.config().osc(), f.config().web().hostNames(), settings.current(), f.config().web().port(), f.registry(),
                    f.scenes(), notes, midi.learn(), new StatusBoard());
            return List.of(midi, engine[0], osc);
        }, Clock.systemUTC());
        a.start();
        try {
            ParameterRegistry registry = a.foundation().registry();
            assertEquals("playing", engine[0].awaitFirstStep(Duration.ofSeconds(60)));
            send(port, "/mrtbox/scene/include_music", 1);
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!registry.snapshot().bool(registry.require(SceneMusic.INCLUDE)) && System.nanoTime() < end) Thread.sleep(20);
            send(port, "/mrtbox/scene/save", "drop");
            waitForStatus(registry, "saved the music of scene 'drop' with " + model);
            assertTrue(Files.isRegularFile(paths.state().resolve("scene-states/drop.safetensors")));
            send(port, "/mrtbox/scene/recall", "drop");
            waitForStatus(registry, "recalled the music of scene 'drop' (held in memory)");
            // the swap runs at the next step (MRT v1: the next 2 s chunk); a failure would show as the engine's last error
            long steps = engine[0].facts().steps().total();
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (engine[0].facts().steps().total() < steps + 2 && System.nanoTime() < until) Thread.sleep(20);
            assertTrue(engine[0].facts().steps().total() >= steps + 2, "the engine played on after the recall");
            String report = engine[0].report(1.0).toString();
            assertFalse(report.contains("state swap failed"), report);
        } finally {
            a.stop();
        }
    }

}
