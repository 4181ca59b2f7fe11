package mrtbox.appliance.instrument;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import mrtbox.control.osc.OscAddressTable;
import mrtbox.control.param.ChangeSource;
import mrtbox.control.param.ParamSpec;
import mrtbox.control.param.ParameterRegistry;
import mrtbox.control.param.StandardParams;
import mrtbox.control.status.StatusReport;
import mrtbox.inference.engine.Engine;
import mrtbox.inference.engine.EngineSettings;
import mrtbox.inference.guard.GuardAction;
import mrtbox.inference.guard.GuardCheck;
import mrtbox.inference.guard.GuardSettings;
import mrtbox.inference.guard.GuardStatus;
import mrtbox.inference.model.StepControls;
import mrtbox.inference.mrt2.Mrt2FrameModel;
import mrtbox.inference.mrt2.Mrt2Models;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The guard's parameters: their defaults are the guard's, a change through the registry (as OSC, MIDI or the page
 * make it) reaches a real engine, the README's guard table is the generated one, and a guard that gave up degrades
 * the health line.
 */
@Timeout(120)
class GuardParametersTest {
    private static ParameterRegistry registry() {
        ParameterRegistry r = new ParameterRegistry();
        r.registerAll(StandardParams.all());
        GuardParameters.register(r);
        return r;
    }

    @Test
    void theParametersDefaultsAreTheGuardsAndEveryCheckHasItsThreeControls() {
        ParameterRegistry r = registry();
        assertEquals(GuardSettings.DEFAULTS, GuardParameters.settings(r, r.snapshot()));
        for (GuardCheck c : GuardCheck.values()) {
            assertNotNull(r.handle(GuardParameters.seconds(c)), c.id());
            assertNotNull(r.handle(GuardParameters.action(c)), c.id());
            assertEquals(c.hasThreshold(), r.handle(GuardParameters.threshold(c)) != null, c.id());
        }
        assertEquals("/mrtbox/guard/silence/threshold", r.handle("guard.silence.threshold").spec().oscAddress());
        GuardParameters.register(r);   // a second registration changes nothing
        assertEquals(GuardParameters.all().size(), r.snapshot().handles().stream().filter(h -> h.spec().id().startsWith("guard.")).count());
    }

    @Test
    void aChangeThroughTheRegistryReachesTheEngine() throws Exception {
        ParameterRegistry r = registry();
        StepControls controls = new StepControls(null, null, 1.1f, 40, 3f, null, Map.of());
        try (Mrt2FrameModel model = Mrt2Models.tiny(3, true);
             Engine engine = new Engine(model, () -> controls, EngineSettings.DEFAULTS)) {
            GuardBridge bridge = GuardBridge.attach(r, engine);
            assertEquals(GuardSettings.DEFAULTS, engine.guardSettings(), "on, at the defaults, from the registry");
            r.set("guard.silence.seconds", 3.0, ChangeSource.INTERNAL);
            r.set("guard.stuck.action", "reset", ChangeSource.INTERNAL);
            r.set("guard.enabled", false, ChangeSource.INTERNAL);
            GuardSettings s = engine.guardSettings();
            assertEquals(3.0, s.check(GuardCheck.SILENCE).seconds());
            assertEquals(GuardAction.RESET, s.check(GuardCheck.STUCK).action());
            assertFalse(s.enabled());
            assertFalse(r.set("guard.stuck.action", "explode", ChangeSource.INTERNAL).ok(), "an unknown action is refused");
            bridge.detach();
            r.set("guard.enabled", true, ChangeSource.INTERNAL);
            assertFalse(engine.guardSettings().enabled(), "detached: no more changes");
        }
    }

    @Test
    void aGuardThatGaveUpDegradesTheHealthLine() {
        StatusReport ok = StatusReport.STARTING.withHealth("ok", "");
        GuardStatus gaveUp = new GuardStatus(Map.of("silence", 5L), Map.of("silence", 3L), "silence", "none (gave up)", 900, "silence", 2);
        StatusReport r = GuardBridge.withGuard(ok, gaveUp);
        assertEquals("degraded: guard gave up: silence", r.health());
        assertEquals(new mrtbox.control.status.GuardLine(3, "silence", "none (gave up)", "silence"), r.guard());
        mrtbox.control.osc.StatusMessages.Entry line = mrtbox.control.osc.StatusMessages.of(r).stream()
                .filter(e -> e.address().equals("/mrtbox/status/guard")).findFirst().orElseThrow();
        assertEquals(List.of(3, "silence", "none (gave up)", "silence"), line.args(), "the OSC status line");
        GuardStatus rolledBack = new GuardStatus(Map.of("stuck", 1L), Map.of("stuck", 1L), "stuck", "rollback", 400, "", 3);
        StatusReport healthy = GuardBridge.withGuard(ok, rolledBack);
        assertEquals("ok", healthy.health(), "a rollback that worked leaves health ok");
        assertEquals("rollback", healthy.guard().lastAction());
        assertEquals("degraded: style model unavailable: x; guard gave up: silence",
                GuardBridge.withGuard(ok.withHealth("degraded: style model unavailable: x", ""), gaveUp).health());
        assertEquals("error: no model step", GuardBridge.withGuard(ok.withHealth("error: no model step", ""), gaveUp).health());
        assertSame(ok, GuardBridge.withGuard(ok, GuardStatus.NONE));
    }

    @Test
    void theReadmeCarriesTheGeneratedGuardTable() throws Exception {
        ParameterRegistry r = new ParameterRegistry();
        for (ParamSpec s : GuardParameters.all()) r.register(s);
        String table = OscAddressTable.parameters(r);
        String readme = Files.readString(Path.of(System.getProperty("mrtbox.repo.root", ".."), "README.md"));
        String begin = "<!-- guard-table:begin -->\n";
        int i = readme.indexOf(begin);
        int j = readme.indexOf("<!-- guard-table:end -->");
        assertTrue(i >= 0 && j > i, "README.md lacks the guard-table markers");
        assertEquals(table, readme.substring(i + begin.length(), j), "README's guard table is stale; the current one:\n" + table);
        for (String word : List.of("guard gave up", "docs/guard.md", "/mrtbox/status/guard")) assertTrue(readme.contains(word), word);
    }
}
