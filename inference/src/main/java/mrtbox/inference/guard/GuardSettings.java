package mrtbox.inference.guard;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * The output guard's settings: per check a threshold, how long its condition must hold and what to do; how often
 * a good state is kept and how many; when the guard gives up. Immutable; {@link #DEFAULTS} are the documented ones.
 *
 * @param enabled         false: no check runs
 * @param checks          every check's settings
 * @param snapshotSeconds a good state is kept every this many seconds of generated audio while no check is suspicious
 * @param snapshots       how many good states are kept (the ring's size)
 * @param giveUpActions   after this many rollbacks or resets within {@code giveUpMinutes} the guard stops acting
 * @param giveUpMinutes   the window of the give-up rule, in minutes of generated audio
 * @param crossfadeMs     the crossfade from the bad stream to the restored one
 */
public record GuardSettings(boolean enabled, Map<GuardCheck, Check> checks, double snapshotSeconds, int snapshots,
                            int giveUpActions, double giveUpMinutes, double crossfadeMs) {

    /** One check's settings. */
    public record Check(double threshold, double seconds, GuardAction action) {
        public Check {
            if (!Double.isFinite(threshold)) throw new IllegalArgumentException("a guard threshold must be a number, not " + threshold);
            if (!(seconds >= 0) || seconds > 3600) throw new IllegalArgumentException("a guard check's seconds must be in 0..3600, not " + seconds);
            Objects.requireNonNull(action, "action");
        }
    }

    public static final GuardSettings DEFAULTS = defaults();

    public GuardSettings {
        EnumMap<GuardCheck, Check> all = new EnumMap<>(GuardCheck.class);
        for (GuardCheck c : GuardCheck.values()) {
            Check given = checks.get(c);
            all.put(c, given != null ? given : new Check(c.defaultThreshold(), c.defaultSeconds(), c.defaultAction()));
        }
        checks = Map.copyOf(all);
        if (!(snapshotSeconds > 0)) throw new IllegalArgumentException("guard snapshot seconds must be above 0, not " + snapshotSeconds);
        if (snapshots < 1) throw new IllegalArgumentException("the guard keeps at least 1 snapshot, not " + snapshots);
        if (giveUpActions < 1) throw new IllegalArgumentException("the guard's give-up count must be at least 1, not " + giveUpActions);
        if (!(giveUpMinutes > 0)) throw new IllegalArgumentException("the guard's give-up minutes must be above 0, not " + giveUpMinutes);
        if (!(crossfadeMs >= 0)) throw new IllegalArgumentException("the guard's crossfade must be 0 ms or more, not " + crossfadeMs);
    }

    private static GuardSettings defaults() {
        return new GuardSettings(true, Map.of(), 5, 4, 3, 5, 50);
    }

    public Check check(GuardCheck c) {
        return checks.get(c);
    }

    /** A copy with one check's settings replaced. */
    public GuardSettings with(GuardCheck c, Check s) {
        EnumMap<GuardCheck, Check> m = new EnumMap<>(checks);
        m.put(c, s);
        return new GuardSettings(enabled, m, snapshotSeconds, snapshots, giveUpActions, giveUpMinutes, crossfadeMs);
    }

    /** A copy with the give-up rule replaced. */
    public GuardSettings withGiveUp(int actions, double minutes) {
        return new GuardSettings(enabled, checks, snapshotSeconds, snapshots, actions, minutes, crossfadeMs);
    }

    /** A copy with the snapshot cadence replaced. */
    public GuardSettings withSnapshots(double seconds, int count) {
        return new GuardSettings(enabled, checks, seconds, count, giveUpActions, giveUpMinutes, crossfadeMs);
    }

    /** A copy with the crossfade replaced. */
    public GuardSettings withCrossfade(double ms) {
        return new GuardSettings(enabled, checks, snapshotSeconds, snapshots, giveUpActions, giveUpMinutes, ms);
    }

    public GuardSettings withEnabled(boolean on) {
        return new GuardSettings(on, checks, snapshotSeconds, snapshots, giveUpActions, giveUpMinutes, crossfadeMs);
    }
}
