package mrtbox.appliance.operations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import mrtbox.appliance.config.MrtboxConfig;
import org.junit.jupiter.api.Test;

/**
 * The schedule against a hand-moved clock: a whole day minute by minute, both daylight-saving days of
 * Europe/Berlin, boots at every part of the day, an overnight window, a clock set by NTP after boot.
 */
class ScheduleRunnerTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    /** Records what the runner did, with the local time it did it. */
    private static final class Recorder implements ScheduleRunner.Target {
        final List<String> done = new ArrayList<>();
        final MutableClock clock;

        Recorder(MutableClock clock) {
            this.clock = clock;
        }

        private void add(String what) {
            done.add(clock.instant().atZone(BERLIN).toLocalTime() + " " + what);
        }

        @Override public void play(String why) { add("play"); }
        @Override public void stop(String why) { add("stop"); }
        @Override public void scene(String name, String why) { add("scene " + name); }
        @Override public void restart(String why) { add("restart"); }
    }

    private static MrtboxConfig.Schedule schedule(String start, String stop, String restart, MrtboxConfig.SceneChange... scenes) {
        return new MrtboxConfig.Schedule("Europe/Berlin", start, stop, List.of(scenes), restart);
    }

    private static final MrtboxConfig.Schedule MUSEUM = schedule("09:00", "22:00", "04:00",
            new MrtboxConfig.SceneChange("12:00", "lunch"), new MrtboxConfig.SceneChange("18:30", "evening"));

    private static Instant local(String dateTime) {
        return LocalDateTime.parse(dateTime).atZone(BERLIN).toInstant();
    }

    /** Boots at {@code boot}, then checks every minute until {@code end}; returns what happened after the start. */
    private static List<String> walk(MrtboxConfig.Schedule cfg, Instant boot, Instant end, List<String> atStart) {
        MutableClock clock = new MutableClock(boot);
        Recorder r = new Recorder(clock);
        ScheduleRunner runner = new ScheduleRunner(DailySchedule.of(cfg), clock, r);
        atStart.add(runner.start(true) ? "playing" : "stopped");
        atStart.addAll(r.done);
        r.done.clear();
        while (clock.instant().isBefore(end)) {
            clock.advance(Duration.ofMinutes(1));
            runner.runDue();
        }
        return r.done;
    }

    @Test
    void aWholeDayMinuteByMinuteDoesEachThingOnceOnTime() {
        List<String> atStart = new ArrayList<>();
        List<String> day = walk(MUSEUM, local("2026-06-10T00:00"), local("2026-06-11T00:00"), atStart);
        // Booting at midnight: stopped since 22:00, the evening scene since 18:30 yesterday.
        assertEquals(List.of("stopped", "00:00 scene evening"), atStart);
        assertEquals(List.of("04:00 restart", "09:00 play", "12:00 scene lunch", "18:30 scene evening", "22:00 stop"), day);
    }

    @Test
    void springForwardMovesATimeInTheGapLaterAndKeepsTheRest() {
        // 2026-03-29 in Berlin: 02:00 CET jumps to 03:00 CEST. 02:30 does not exist that day: it happens at 03:30.
        MrtboxConfig.Schedule cfg = schedule("02:30", "23:00", "03:15");
        List<String> atStart = new ArrayList<>();
        List<String> day = walk(cfg, local("2026-03-29T00:00"), local("2026-03-30T00:00"), atStart);
        assertEquals(List.of("stopped"), atStart);
        assertEquals(List.of("03:15 restart", "03:30 play", "23:00 stop"), day);
        assertEquals(Duration.ofHours(23), Duration.between(local("2026-03-29T00:00"), local("2026-03-30T00:00")));
    }

    @Test
    void fallBackDoesATimeThatHappensTwiceOnlyOnce() {
        // 2026-10-25 in Berlin: 03:00 CEST goes back to 02:00 CET, 02:00-03:00 happens twice; the day has 25 hours.
        MrtboxConfig.Schedule cfg = schedule("02:30", "23:00", null, new MrtboxConfig.SceneChange("02:45", "night"));
        Instant start = local("2026-10-25T00:00");
        Instant end = local("2026-10-26T00:00");
        assertEquals(Duration.ofHours(25), Duration.between(start, end));
        List<String> atStart = new ArrayList<>();
        List<String> day = walk(cfg, start, end, atStart);
        assertEquals(List.of("02:30 play", "02:45 scene night", "23:00 stop"), day);
        // ... and the first of the two 02:30s (summer time, UTC+2).
        DailySchedule s = DailySchedule.of(cfg);
        assertEquals(Instant.parse("2026-10-25T00:30:00Z"), s.next(start).orElseThrow().at());
    }

    @Test
    void aBootAppliesTheStateThatShouldHoldNow() {
        DailySchedule s = DailySchedule.of(MUSEUM);
        // After the 22:00 stop, a box booting at 23:00 stays stopped; during opening hours it plays.
        assertEquals("stopped", bootAt(s, "2026-06-10T23:00", true));
        assertEquals("stopped", bootAt(s, "2026-06-10T08:59", true));
        assertEquals("playing", bootAt(s, "2026-06-10T09:00", true));
        assertEquals("playing", bootAt(s, "2026-06-10T21:59", false));   // the schedule overrides model.play
        // The scene that holds at 15:00 is lunch (12:00), at 19:00 evening (18:30), at 07:00 yesterday's evening.
        assertEquals(List.of("scene lunch"), scenesAtBoot(s, "2026-06-10T15:00"));
        assertEquals(List.of("scene evening"), scenesAtBoot(s, "2026-06-10T19:00"));
        assertEquals(List.of("scene evening"), scenesAtBoot(s, "2026-06-10T07:00"));
    }

    @Test
    void anOvernightWindowPlaysAcrossMidnight() {
        DailySchedule s = DailySchedule.of(schedule("18:00", "02:00", null));
        assertEquals("playing", bootAt(s, "2026-06-10T01:00", false));
        assertEquals("stopped", bootAt(s, "2026-06-10T03:00", true));
        assertEquals("playing", bootAt(s, "2026-06-10T23:30", false));
        assertEquals("stopped", bootAt(s, "2026-06-10T17:59", true));
    }

    @Test
    void withoutStartOrStopTheConfigDecides() {
        DailySchedule s = DailySchedule.of(schedule(null, null, "04:00"));
        assertEquals("playing", bootAt(s, "2026-06-10T12:00", true));
        assertEquals("stopped", bootAt(s, "2026-06-10T12:00", false));
        DailySchedule stopOnly = DailySchedule.of(schedule(null, "22:00", null));
        assertEquals("stopped", bootAt(stopOnly, "2026-06-10T12:00", true));   // the last thing it said was stop
    }

    @Test
    void aClockSetAfterBootAppliesOnlyTheLatestOfEachAndSkipsAStaleRestart() {
        // No RTC: the box boots believing it is 1970, then NTP sets the real time (15:00).
        MutableClock clock = new MutableClock(Instant.parse("1970-01-01T00:00:10Z"));
        Recorder r = new Recorder(clock);
        ScheduleRunner runner = new ScheduleRunner(DailySchedule.of(MUSEUM), clock, r);
        assertFalse(runner.start(true));
        r.done.clear();
        clock.set(local("2026-06-10T15:00"));
        runner.runDue();
        assertEquals(List.of("15:00 scene lunch", "15:00 play"), r.done);   // the 04:00 restart is hours old: skipped
        r.done.clear();
        // A restart missed by less than the grace (the timer thread was held up) still happens.
        clock.set(local("2026-06-11T04:03"));
        runner.runDue();
        assertEquals(List.of("04:03 scene evening", "04:03 stop", "04:03 restart"), r.done);
    }

    @Test
    void aClockThatGoesBackRepeatsNothing() {
        MutableClock clock = new MutableClock(local("2026-06-10T22:30"));
        Recorder r = new Recorder(clock);
        ScheduleRunner runner = new ScheduleRunner(DailySchedule.of(MUSEUM), clock, r);
        runner.start(true);
        r.done.clear();
        clock.set(local("2026-06-10T21:50"));
        runner.runDue();
        assertEquals(List.of(), r.done);
        clock.set(local("2026-06-10T22:00"));
        runner.runDue();
        assertEquals(List.of("22:00 stop"), r.done);   // reached again: stopping twice does no harm
    }

    @Test
    void untilNextCountsRealTimeAcrossADaylightSavingChange() {
        MutableClock clock = new MutableClock(local("2026-03-28T22:00"));
        ScheduleRunner runner = new ScheduleRunner(DailySchedule.of(schedule("09:00", "22:00", null)), clock, new Recorder(clock));
        runner.start(true);
        assertEquals(Duration.ofHours(10), runner.untilNext().orElseThrow());   // 22:00 -> 09:00 over the lost hour
        assertTrue(new ScheduleRunner(DailySchedule.of(schedule(null, null, null)), clock, new Recorder(clock)).untilNext().isEmpty());
        assertThrows(IllegalStateException.class, new ScheduleRunner(DailySchedule.of(MUSEUM), clock, new Recorder(clock))::runDue);
    }

    @Test
    void badTimesAndZonesAreRefusedWithWhatIsWrong() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> schedule("9h", "22:00", null));
        assertEquals("start '9h' is not a time of day (HH:mm or HH:mm:ss, 24 h)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new MrtboxConfig.Schedule("Mars/Olympus", null, null, null, null));
        assertTrue(e.getMessage().startsWith("timeZone 'Mars/Olympus' is not a time zone"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new MrtboxConfig.SceneChange("12:00", " "));
        assertEquals("the scene change at 12:00 names no scene", e.getMessage());
        assertFalse(new MrtboxConfig.Schedule(null, null, null, null, null).enabled());
        assertEquals(ZonedDateTime.of(LocalDate.of(2026, 1, 1), java.time.LocalTime.NOON, BERLIN).getZone(),
                MUSEUM.zone());
    }

    private static String bootAt(DailySchedule s, String localTime, boolean configured) {
        MutableClock clock = new MutableClock(local(localTime));
        return new ScheduleRunner(s, clock, new Recorder(clock)).start(configured) ? "playing" : "stopped";
    }

    private static List<String> scenesAtBoot(DailySchedule s, String localTime) {
        MutableClock clock = new MutableClock(local(localTime));
        Recorder r = new Recorder(clock);
        new ScheduleRunner(s, clock, r).start(true);
        return r.done.stream().map(x -> x.substring(x.indexOf(' ') + 1)).toList();
    }
}
