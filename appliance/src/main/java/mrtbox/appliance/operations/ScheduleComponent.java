package mrtbox.appliance.operations;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import mrtbox.appliance.config.MrtboxConfig;
import mrtbox.appliance.service.Component;
import mrtbox.appliance.service.Foundation;
import mrtbox.control.param.ChangeSource;
import mrtbox.control.param.ParameterRegistry;
import mrtbox.control.param.StandardParams;
import mrtbox.control.scene.RecallReport;
import mrtbox.control.scene.SceneBook;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The config's daily schedule, carried out by a {@link ScheduleRunner} on a timer thread: start and stop press the
 * transport triggers (the engine fades in and out, the box stays up), scene changes recall scenes, the nightly
 * restart saves the state and asks the service to exit so that systemd starts it afresh. It comes before the
 * engine: at start it recalls the scene that should hold now (over the boot scene) and tells the engine, through
 * {@link #playAtStart}, whether to play. An empty schedule does nothing.
 */
public final class ScheduleComponent implements Component {
    private static final Logger log = LoggerFactory.getLogger(ScheduleComponent.class);
    static final ChangeSource SOURCE = ChangeSource.of(ChangeSource.Kind.SCHEDULE, "schedule");
    /** The timer wakes at least this often, so a clock set after boot (no RTC, NTP) is noticed soon. */
    static final Duration MAX_SLEEP = Duration.ofSeconds(30);

    private final ParameterRegistry registry;
    private final SceneBook scenes;
    private final Runnable lastStateFlush;
    private final Foundation.ExitRequest exit;
    private final boolean configuredPlay;
    private final ScheduleRunner runner;
    private final boolean underSystemd;
    private volatile Boolean playAtStart;
    private ScheduledExecutorService timer;

    /**
     * @param configuredPlay the config's {@code model.play}, which holds when the schedule says nothing about now
     * @param lastStateFlush saves the playing values now (before the nightly restart)
     * @param underSystemd   whether systemd would start the box again after the nightly restart's exit
     */
    public ScheduleComponent(MrtboxConfig.Schedule cfg, boolean configuredPlay, ParameterRegistry registry, SceneBook scenes,
                             Runnable lastStateFlush, Foundation.ExitRequest exit, Clock clock, boolean underSystemd) {
        this.registry = registry;
        this.scenes = scenes;
        this.lastStateFlush = lastStateFlush;
        this.exit = exit;
        this.configuredPlay = configuredPlay;
        this.underSystemd = underSystemd;
        this.runner = new ScheduleRunner(DailySchedule.of(cfg), clock, new Actions());
    }

    /** Whether the engine starts playing: what the schedule says holds now, else {@code configured}. */
    public boolean playAtStart(boolean configured) {
        Boolean p = playAtStart;
        return p == null ? configured : p;
    }

    ScheduleRunner runner() {
        return runner;
    }

    @Override
    public String name() {
        return "schedule";
    }

    @Override
    public void start() {
        if (runner.schedule().isEmpty()) return;
        log.info("schedule: {}", runner.schedule());
        if (runner.schedule().has(ScheduledAction.Channel.RESTART) && !underSystemd) {
            log.warn("schedule: the daily restart only happens under systemd (nothing else would start the box again)");
        }
        playAtStart = runner.start(configuredPlay);
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "schedule");
            t.setDaemon(true);
            return t;
        });
        arm();
    }

    private void arm() {
        long ms = runner.untilNext().map(d -> Math.min(d.toMillis(), MAX_SLEEP.toMillis())).orElse(MAX_SLEEP.toMillis());
        timer.schedule(this::wake, Math.max(ms, 0) + 1, TimeUnit.MILLISECONDS);   // +1: land just after, not before
    }

    private void wake() {
        try {
            runner.runDue();
        } catch (RuntimeException e) {
            log.error("schedule: {}", e.toString(), e);
        } finally {
            try {
                arm();
            } catch (java.util.concurrent.RejectedExecutionException stopping) {
                // stop() shut the timer down while this ran: nothing more to plan
            }
        }
    }

    @Override
    public void stop() throws InterruptedException {
        if (timer == null) return;
        timer.shutdownNow();
        timer.awaitTermination(2, TimeUnit.SECONDS);
    }

    /** The schedule's hands: triggers, scenes, the exit request. */
    private final class Actions implements ScheduleRunner.Target {
        @Override
        public void play(String why) {
            log.info("{}: play", why);
            registry.trigger(StandardParams.PLAY, SOURCE);
        }

        @Override
        public void stop(String why) {
            log.info("{}: stop (fade out)", why);
            registry.trigger(StandardParams.STOP, SOURCE);
        }

        @Override
        public void scene(String name, String why) {
            if (scenes.get(name).isEmpty()) {
                log.warn("{}: scene '{}' does not exist (deleted or renamed?): nothing recalled", why, name);
                return;
            }
            RecallReport r = scenes.recall(name);
            log.info("{}: scene '{}' recalled ({} values)", why, name, r.applied());
            for (String p : r.problems()) log.warn("schedule scene '{}': {}", name, p);
        }

        @Override
        public void restart(String why) {
            if (!underSystemd) {
                log.warn("{}: restart skipped, not running under systemd", why);
                return;
            }
            log.info("{}: restarting (the state is saved on the way out; systemd starts the service again)", why);
            lastStateFlush.run();
            exit.request("nightly restart (" + why + ")");
        }
    }
}
