package mrtbox.appliance.instrument;

import mrtbox.control.param.ParamChange;
import mrtbox.control.param.ParameterRegistry;
import mrtbox.control.param.RegistryListener;
import mrtbox.control.status.GuardLine;
import mrtbox.control.status.StatusReport;
import mrtbox.inference.engine.Engine;
import mrtbox.inference.guard.GuardSettings;
import mrtbox.inference.guard.GuardStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registry to output guard: registers the {@code guard.*} parameters (when not yet there), gives the engine their
 * settings at once and again after each change of one of them, and turns the guard's give-up into the health line
 * ({@code degraded: guard gave up: <check>}).
 */
final class GuardBridge implements RegistryListener {
    private static final Logger log = LoggerFactory.getLogger(GuardBridge.class);
    private final ParameterRegistry registry;
    private final Engine engine;

    private GuardBridge(ParameterRegistry registry, Engine engine) {
        this.registry = registry;
        this.engine = engine;
    }

    static GuardBridge attach(ParameterRegistry registry, Engine engine) {
        GuardParameters.register(registry);
        GuardBridge b = new GuardBridge(registry, engine);
        engine.setGuardSettings(GuardParameters.settings(registry, registry.snapshot()));
        registry.addListener(b);
        return b;
    }

    void detach() {
        registry.removeListener(this);
    }

    @Override
    public void onChange(ParamChange change) {
        if (!change.id().startsWith(GuardParameters.PREFIX) || GuardParameters.reportsOnly(change.id())) return;
        try {
            GuardSettings s = GuardParameters.settings(registry, change.snapshot());
            engine.setGuardSettings(s);
        } catch (IllegalArgumentException e) {
            log.warn("guard settings not applied ({}): {}; the guard keeps its previous settings", change.id(), e.getMessage());
        }
    }

    /** The report with the guard's line, and its give-up in the health (an error stays as it is). */
    static StatusReport withGuard(StatusReport r, GuardStatus g) {
        if (g.lastCheck().isEmpty() && g.gaveUp().isEmpty()) return r;
        r = r.withGuard(new GuardLine(g.totalActions(), g.lastCheck(), g.lastAction(), g.gaveUp()));
        String note = g.healthNote();
        if (note.isEmpty()) return r;
        String h = r.health();
        if (h.startsWith("ok")) h = "degraded: " + note;
        else if (h.startsWith("degraded: ")) h = h + "; " + note;
        else if (!h.startsWith("error")) h = "degraded: " + note;
        return r.withHealth(h, r.lastError());
    }
}
