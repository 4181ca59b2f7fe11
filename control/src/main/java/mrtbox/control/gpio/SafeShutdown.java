package mrtbox.control.gpio;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import mrtbox.control.param.ChangeSource;
import mrtbox.control.param.ParameterRegistry;
import mrtbox.control.param.SetOutcome;
import mrtbox.control.param.StandardParams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shutdown gallery staff can do with one long press: the LED flickers, the output is muted (the engine fades
 * it out), and after the fade the appliance's state flusher saves the last state; then the configured command asks
 * the system to power off, so the service itself needs no root. If the command fails the box stays up, muted,
 * the LED shows an error and the log says why; another long press tries again.
 */
public final class SafeShutdown {
    private static final Logger log = LoggerFactory.getLogger(SafeShutdown.class);

    public enum Phase { IDLE, FADING, FLUSHING, POWERING_OFF, REQUESTED, FAILED }

    private final GpioSettings.Shutdown settings;
    private final ParameterRegistry registry;
    private final Runnable stateFlusher;
    private final CommandRunner runner;
    private final ControlScheduler scheduler;
    private final Executor blockingWork;
    private final Consumer<LedState> ledOverride;
    private final AtomicReference<Phase> phase = new AtomicReference<>(Phase.IDLE);
    private volatile CommandRunner.Result lastResult;

    /**
     * @param stateFlusher saves the last state now (the appliance's state store); runs off the control thread
     * @param blockingWork where the flush and the command run, so LEDs keep blinking meanwhile
     * @param ledOverride  shows {@link LedState#SHUTTING_DOWN} or {@link LedState#ERROR}; null clears the override
     */
    SafeShutdown(GpioSettings.Shutdown settings, ParameterRegistry registry, Runnable stateFlusher, CommandRunner runner,
                 ControlScheduler scheduler, Executor blockingWork, Consumer<LedState> ledOverride) {
        this.settings = settings;
        this.registry = registry;
        this.stateFlusher = stateFlusher;
        this.runner = runner;
        this.scheduler = scheduler;
        this.blockingWork = blockingWork;
        this.ledOverride = ledOverride;
    }

    /** Starts the sequence; false when one is already under way. */
    public boolean begin(ChangeSource who) {
        Phase p = phase.get();
        if ((p != Phase.IDLE && p != Phase.FAILED) || !phase.compareAndSet(p, Phase.FADING)) {
            log.info("safe shutdown already under way ({}), ignoring {}", phase.get(), who);
            return false;
        }
        log.info("safe shutdown requested by {}: muting, waiting {} ms for the fade", who, settings.fadeMs());
        ledOverride.accept(LedState.SHUTTING_DOWN);
        SetOutcome muted = registry.set(StandardParams.MUTE, true, who);
        if (!muted.ok()) log.warn("safe shutdown: could not mute the output: {}", muted.reason());
        scheduler.schedule(() -> blockingWork.execute(this::flushAndPowerOff),
                scheduler.nowNanos() + settings.fadeMs() * 1_000_000L);
        return true;
    }

    public Phase phase() {
        return phase.get();
    }

    /** The power-off command's result, once it ran. */
    public CommandRunner.Result lastResult() {
        return lastResult;
    }

    private void flushAndPowerOff() {
        phase.set(Phase.FLUSHING);
        try {
            stateFlusher.run();
        } catch (RuntimeException e) {
            // Power off anyway: staff asked for it, and the last state is only a convenience.
            log.error("safe shutdown: saving the last state failed, powering off anyway", e);
        }
        phase.set(Phase.POWERING_OFF);
        List<String> command = settings.command();
        CommandRunner.Result r = runner.run(command, Duration.ofMillis(settings.commandTimeoutMs()));
        lastResult = r;
        if (r.ok()) {
            phase.set(Phase.REQUESTED);
            log.info("safe shutdown: {} accepted, the system is powering off", String.join(" ", command));
        } else {
            phase.set(Phase.FAILED);
            ledOverride.accept(LedState.ERROR);
            log.error("safe shutdown: {} failed (exit {}): {}. The box is still running, muted. Allow the service user to "
                    + "power off (polkit rule for org.freedesktop.login1.power-off, or a sudoers line for sudo -n), "
                    + "see README 'Hardware controls'.", String.join(" ", command), r.exitCode(), r.output());
        }
    }
}
