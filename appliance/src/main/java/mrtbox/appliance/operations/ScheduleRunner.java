package mrtbox.appliance.operations;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out a {@link DailySchedule} against a {@link Clock}. There is one rule for events on time, events missed
 * (power cut, the clock set by NTP after boot) and the state at start: per channel, the latest occurrence at or
 * before now is the state that should hold; it is applied when it happened after the last check. So a box that
 * boots at 23:00 after a 22:00 stop stays stopped, and a clock that jumps forward over several events applies only
 * the latest of each channel. A restart is only carried out within {@link #RESTART_GRACE} of its time (never at
 * start, never hours late after a clock jump). Not thread-safe: one timer thread calls it.
 */
public final class ScheduleRunner {
    private static final Logger log = LoggerFactory.getLogger(ScheduleRunner.class);
    public static final Duration RESTART_GRACE = Duration.ofMinutes(5);

    /** What the schedule acts on: the transport, the scene book, the service. */
    public interface Target {
        void play(String why);

        void stop(String why);

        void scene(String name, String why);

        void restart(String why);
    }

    private final DailySchedule schedule;
    private final Clock clock;
    private final Target target;
    private Instant lastCheck;

    public ScheduleRunner(DailySchedule schedule, Clock clock, Target target) {
        this.schedule = schedule;
        this.clock = clock;
        this.target = target;
    }

    public DailySchedule schedule() {
        return schedule;
    }

    /**
     * At start: recalls the scene that should hold now, and says whether the transport should play
     * ({@code configured} when the schedule has no start or stop). Marks now as checked.
     */
    public boolean start(boolean configured) {
        Instant now = clock.instant();
        lastCheck = now;
        schedule.latest(ScheduledAction.Channel.SCENE, now)
                .ifPresent(o -> target.scene(o.action().scene(), "schedule at start: since " + o.local().toLocalTime()));
        Optional<DailySchedule.Occurrence> transport = schedule.latest(ScheduledAction.Channel.TRANSPORT, now);
        if (transport.isEmpty()) return configured;
        boolean play = transport.get().action().kind() == ScheduledAction.Kind.PLAY;
        log.info("schedule at start ({}): {} since {}", now.atZone(schedule.zone()).toLocalDateTime(),
                play ? "playing" : "stopped", transport.get().local().toLocalTime());
        return play;
    }

    /** Applies what became due since the last check. Call whenever the timer wakes; extra calls do nothing. */
    public void runDue() {
        if (lastCheck == null) throw new IllegalStateException("start() first");
        Instant now = clock.instant();
        Instant since = lastCheck;
        lastCheck = now;
        if (now.isBefore(since)) {
            log.warn("the clock went back from {} to {}: nothing is repeated", since, now);
            return;
        }
        due(ScheduledAction.Channel.SCENE, since, now).ifPresent(o -> target.scene(o.action().scene(), reason(o, now)));
        due(ScheduledAction.Channel.TRANSPORT, since, now).ifPresent(o -> {
            if (o.action().kind() == ScheduledAction.Kind.PLAY) target.play(reason(o, now));
            else target.stop(reason(o, now));
        });
        due(ScheduledAction.Channel.RESTART, since, now).ifPresent(o -> {
            if (Duration.between(o.at(), now).compareTo(RESTART_GRACE) <= 0) target.restart(reason(o, now));
            else log.warn("skipping the restart of {}: the clock jumped past it (now {})", o.local(), now.atZone(schedule.zone()));
        });
    }

    /** How long until the next occurrence (zero if overdue); empty when the schedule is empty. */
    public Optional<Duration> untilNext() {
        Instant now = clock.instant();
        return schedule.next(now).map(o -> Duration.between(now, o.at()));
    }

    private Optional<DailySchedule.Occurrence> due(ScheduledAction.Channel channel, Instant since, Instant now) {
        return schedule.latest(channel, now).filter(o -> o.at().isAfter(since));
    }

    private String reason(DailySchedule.Occurrence o, Instant now) {
        Duration late = Duration.between(o.at(), now);
        return "schedule " + o.local().toLocalTime() + (late.toSeconds() > 60 ? " (applied " + late.toMinutes() + " min late)" : "");
    }
}
