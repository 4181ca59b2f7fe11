package mrtbox.appliance.box;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mrtbox.appliance.config.ConfigLocator;
import mrtbox.appliance.config.Environment;
import mrtbox.appliance.config.LoadedConfig;
import mrtbox.appliance.config.ResolvedPaths;
import mrtbox.appliance.service.Appliance;
import mrtbox.appliance.service.Assembly;
import mrtbox.appliance.service.Component;
import mrtbox.appliance.service.Foundation;
import mrtbox.appliance.systemd.SystemdNotifier;
import mrtbox.control.param.ParamHandle;
import mrtbox.control.param.StandardParams;
import mrtbox.control.scene.RecallReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each model family gets its reference's style guidance (MRT2: 3.0 in 0..5; MRT v1: 5.0 in 0..10), chosen by the
 * composition root from the model the box will play; values saved under a wider range are clamped and reported.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GuidancePerModelTest {
    @TempDir
    Path root;

    private Appliance appliance(String model, Assembly assembly) throws Exception {
        Path conf = Files.writeString(root.resolve("mrtbox.json"), "{\"paths\": {\"state\": \"state\"}, \"model\": {\"name\": \"" + model + "\"},"
                + " \"lastState\": {\"quietMs\": 60000, \"maxDelayMs\": 60000}}");
        Environment env = new Environment(Map.of(), root, root, root.resolve("etc.json"), root.resolve("no-var"));
        LoadedConfig config = LoadedConfig.load(ConfigLocator.locate(conf, env), Clock.systemUTC());
        return new Appliance(config, ResolvedPaths.resolve(config, env), assembly, Clock.systemUTC());
    }

    private static Box box() {
        return new Box(Clock.systemUTC(), SystemdNotifier.fromEnvironment(), false);
    }

    /** The real box's guidance choice, without its components (no audio, no sockets). */
    private static Assembly guidanceOnly(Box box) {
        return new Assembly() {
            @Override public List<Component> assemble(Foundation f) { return List.of(); }
            @Override public StandardParams.Guidance guidance(Foundation f) { return box.guidance(f); }
        };
    }

    private static ParamHandle guidance(Appliance a) {
        return a.foundation().registry().require(StandardParams.GUIDANCE);
    }

    @Test
    void mrt2GetsItsReferencesGuidanceAndMrtV1KeepsItsOwn() throws Exception {
        Box box = box();
        assertEquals(new StandardParams.Guidance(3.0, 5.0), box.guidance(appliance("tiny-mrt2", guidanceOnly(box)).foundation()));
        assertEquals(StandardParams.Guidance.WIDE, box.guidance(appliance("tiny-v1", guidanceOnly(box)).foundation()));
        assertEquals(StandardParams.Guidance.WIDE, box.guidance(appliance("no-such-model", guidanceOnly(box)).foundation()),
                "an unknown model is reported by the engine; guidance takes the widest range meanwhile");

        Appliance mrt2 = appliance("tiny-mrt2", guidanceOnly(box));
        mrt2.start();
        try {
            ParamHandle g = guidance(mrt2);
            assertEquals(5.0, g.spec().max(), "OSCQuery, the page and MIDI learn ranges all read this spec");
            assertEquals(3.0, g.spec().defaultNumber());
            assertEquals(3.0, mrt2.foundation().registry().snapshot().value(StandardParams.GUIDANCE));
        } finally {
            mrt2.stop();
        }
    }

    @Test
    void aLastStateAndASceneFromTheWiderRangeAreClampedAndReportedNotDropped() throws Exception {
        Path state = Files.createDirectories(root.resolve("state"));
        Files.writeString(state.resolve("last-state.json"), "{\"version\": 1, \"values\": {\"sampling.guidance\": 8.0, \"prompt.2.text\": \"marimba\"}}");
        Files.writeString(state.resolve("scenes.json"),
                "{\"version\": 1, \"scenes\": [{\"name\": \"Loud\", \"values\": {\"sampling.guidance\": 9.5, \"output.volume\": -3}}]}");
        Appliance a = appliance("tiny-mrt2", guidanceOnly(box()));
        a.start();
        try {
            var snap = a.foundation().registry().snapshot();
            assertEquals(5.0, snap.value(StandardParams.GUIDANCE), "clamped to MRT2's top, not reset to the default");
            assertEquals("marimba", snap.value("prompt.2.text"), "the rest of the last state came back");
            a.foundation().registry().set(StandardParams.GUIDANCE, 1.0, mrtbox.control.param.ChangeSource.INTERNAL);
            RecallReport r = a.foundation().scenes().recall("Loud");
            assertEquals(2, r.applied(), r.toString());
            assertEquals(5.0, a.foundation().registry().snapshot().value(StandardParams.GUIDANCE));
            assertEquals(-3.0, a.foundation().registry().snapshot().value(StandardParams.VOLUME_DB));
            assertTrue(r.problems().stream().anyMatch(p -> p.startsWith("sampling.guidance:") && p.endsWith("(applied)")), r.problems().toString());
        } finally {
            a.stop();
        }
    }
}
