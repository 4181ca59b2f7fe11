package mrtbox.appliance.operations;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import mrtbox.appliance.config.MrtboxConfig;

/**
 * Actions at local times of day, every day, in one time zone. Immutable. Each entry happens exactly once per local
 * date, daylight saving included: {@link ZonedDateTime#of} moves a time inside the spring-forward gap later by the
 * gap, and picks the earlier of the two instants of a time inside the autumn overlap.
 */
public final class DailySchedule {
    /** One entry: {@code action} at {@code time} every day. */
    public record Entry(LocalTime time, ScheduledAction action) {}

    /** One happening of an entry: the instant and the local date it belongs to. */
    public record Occurrence(Instant at, ZonedDateTime local, ScheduledAction action) {}

    private final ZoneId zone;
    private final List<Entry> entries;

    public DailySchedule(ZoneId zone, List<Entry> entries) {
        this.zone = zone;
        this.entries = List.copyOf(entries);
    }

    /** The config's schedule section as entries (start, stop, scene changes, restart). */
    public static DailySchedule of(MrtboxConfig.Schedule cfg) {
        List<Entry> entries = new ArrayList<>();
        if (cfg.start() != null) entries.add(new Entry(LocalTime.parse(cfg.start()), ScheduledAction.PLAY));
        if (cfg.stop() != null) entries.add(new Entry(LocalTime.parse(cfg.stop()), ScheduledAction.STOP));
        for (MrtboxConfig.SceneChange c : cfg.scenes()) entries.add(new Entry(LocalTime.parse(c.at()), ScheduledAction.scene(c.scene())));
        if (cfg.restart() != null) entries.add(new Entry(LocalTime.parse(cfg.restart()), ScheduledAction.RESTART));
        return new DailySchedule(cfg.zone(), entries);
    }

    public ZoneId zone() {
        return zone;
    }

    public List<Entry> entries() {
        return entries;
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    public boolean has(ScheduledAction.Channel channel) {
        return entries.stream().anyMatch(e -> e.action().channel() == channel);
    }

    /** The latest occurrence on {@code channel} at or before {@code now}: the state that channel should be in. */
    public Optional<Occurrence> latest(ScheduledAction.Channel channel, Instant now) {
        LocalDate today = now.atZone(zone).toLocalDate();
        return occurrences(today.minusDays(2), today.plusDays(1)).stream()
                .filter(o -> o.action().channel() == channel && !o.at().isAfter(now))
                .max(ORDER);
    }

    /** The first occurrence strictly after {@code after}, if the schedule has any entry. */
    public Optional<Occurrence> next(Instant after) {
        LocalDate today = after.atZone(zone).toLocalDate();
        return occurrences(today.minusDays(1), today.plusDays(2)).stream()
                .filter(o -> o.at().isAfter(after))
                .min(ORDER);
    }

    /** By instant (two entries on one channel at the same time are a config oddity: either may win). */
    private static final Comparator<Occurrence> ORDER = Comparator.comparing(Occurrence::at);

    private List<Occurrence> occurrences(LocalDate from, LocalDate to) {
        List<Occurrence> out = new ArrayList<>();
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            for (Entry e : entries) {
                ZonedDateTime local = ZonedDateTime.of(d, e.time(), zone);
                out.add(new Occurrence(local.toInstant(), local, e.action()));
            }
        }
        return out;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        entries.stream().sorted(Comparator.comparing(Entry::time))
                .forEach(e -> s.append(s.isEmpty() ? "" : ", ").append(e.time()).append(' ').append(e.action()));
        return (s.isEmpty() ? "nothing" : s) + " (" + zone + ")";
    }
}
