package mrtbox.appliance.instrument;

import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import mrtbox.control.param.ChangeSource;
import mrtbox.control.param.ParameterRegistry;
import mrtbox.control.status.GuardLine;
import mrtbox.control.status.StatusReport;

/**
 * What the output guard did, as the read-only parameters {@code guard.state} and {@code guard.actions}, updated from
 * each status report (a {@link mrtbox.control.status.StatusBoard} listener), so everything that follows registry
 * values follows them too: MIDI feedback to a mapped pad or LED ring, OSC echo to registered clients, OSCQuery
 * LISTEN, the page. {@code guard.state} reads {@code rollback} or {@code reset} for {@value #HOLD_SECONDS} s after
 * one (long enough to be seen on a controller), {@code gave_up} while the guard has given up, else {@code ok};
 * {@code guard.actions} counts every rollback and reset. Values are written only when they change.
 */
public final class GuardStateParams implements Consumer<StatusReport> {
    public static final int HOLD_SECONDS = 10;
    private static final long HOLD_NANOS = TimeUnit.SECONDS.toNanos(HOLD_SECONDS);

    private final ParameterRegistry registry;
    private final LongSupplier nanos;
    private long actions;
    private String acted = "";
    private long actedAt;
    private String state = GuardParameters.STATES.get(0);

    /** Registers the guard's parameters when not yet there. */
    public GuardStateParams(ParameterRegistry registry, LongSupplier nanos) {
        this.registry = registry;
        this.nanos = nanos;
        GuardParameters.register(registry);
    }

    @Override
    public synchronized void accept(StatusReport report) {
        GuardLine g = report.guard();
        long now = nanos.getAsLong();
        if (g.actions() != actions) {
            // a new pipeline (live model switch) starts counting again: only a rise is an action
            if (g.actions() > actions && (g.lastAction().equals("rollback") || g.lastAction().equals("reset"))) {
                acted = g.lastAction();
                actedAt = now;
            }
            actions = g.actions();
            registry.set(GuardParameters.ACTION_COUNT, (int) Math.min(actions, 1_000_000), ChangeSource.INTERNAL);
        }
        String next = !g.gaveUp().isEmpty() ? "gave_up" : !acted.isEmpty() && now - actedAt < HOLD_NANOS ? acted : "ok";
        if (!next.equals(state)) {
            state = next;
            registry.set(GuardParameters.STATE, next, ChangeSource.INTERNAL);
        }
    }
}
