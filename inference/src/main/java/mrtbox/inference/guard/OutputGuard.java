package mrtbox.inference.guard;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The output guard: runs every check on each generated step (on the generation thread, before the step reaches the
 * ring), keeps good model states while nothing is suspicious, and when a check's condition has held for its seconds
 * does what that check is set to: report, roll back to the newest good state from before the trouble began, or reset.
 *
 * <p>Time is counted in generated steps (so tests and offline renders behave like the live box). The guard never
 * loops: after {@code giveUpActions} rollbacks or resets within {@code giveUpMinutes} it stops acting (it still
 * reports) until that many minutes pass without a check firing, and {@link GuardStatus#gaveUp} names the check.
 * Each firing is logged once; the published {@link #status()} is a new value only when something happened.
 *
 * @param <S> the model's state type, as {@link StateAccess} captures and restores it
 */
public final class OutputGuard<S> {
    private static final Logger log = LoggerFactory.getLogger(OutputGuard.class);
    private static final GuardCheck[] CHECKS = GuardCheck.values();

    /** How the guard reaches the model's state; called on the generation thread only, between steps. */
    public interface StateAccess<S> {
        /** A copy of the live state, which the guard may keep and restore later; null when none can be taken. */
        S capture();

        /** Makes {@code state} the live state (and moves to another take, so the trouble does not replay). */
        void restore(S state);

        /** Forgets the context and starts afresh. */
        void reset();
    }

    private final double secondsPerStep;
    private final StateAccess<S> access;
    private final EnumMap<GuardCheck, Detector> detectors = new EnumMap<>(GuardCheck.class);
    private final long[] badSince = new long[GuardCheck.values().length];   // per check: first step of its bad stretch, -1 none
    private final EnumMap<GuardCheck, Long> fired = new EnumMap<>(GuardCheck.class);
    private final EnumMap<GuardCheck, Long> acted = new EnumMap<>(GuardCheck.class);
    private final long[] actionSteps;
    /**
     * Steps before a bad stretch's first suspicious step that may already be bad: a loop is seen once it has played
     * {@link StuckDetector#LAGS} steps, a collapse once it fills the entropy window. Good states are taken from
     * before this margin.
     */
    private final long onsetMargin;   // ring of the steps of the last actions, for the give-up rule
    private volatile GuardSettings settings;
    private SnapshotRing<S> ring;
    private int actionCount;
    private int actionNext;
    private long lastSnapshotStep = Long.MIN_VALUE;
    private long lastFiredStep = Long.MIN_VALUE;
    private GuardCheck gaveUp;
    private volatile GuardStatus status = GuardStatus.NONE;

    /**
     * @param channels       interleaved channels of a step
     * @param sampleRate     samples per second per channel
     * @param stepSamples    interleaved samples per step
     * @param secondsPerStep audio seconds one step makes
     */
    public OutputGuard(int channels, int sampleRate, int stepSamples, double secondsPerStep, GuardSettings settings, StateAccess<S> access) {
        this.secondsPerStep = secondsPerStep;
        this.access = Objects.requireNonNull(access, "access");
        this.settings = Objects.requireNonNull(settings, "settings");
        detectors.put(GuardCheck.SILENCE, new SilenceDetector());
        detectors.put(GuardCheck.STUCK, new StuckDetector(channels, stepSamples));
        detectors.put(GuardCheck.LOUD, new LoudDetector());
        detectors.put(GuardCheck.DC, new DcDetector(channels, sampleRate));
        detectors.put(GuardCheck.NONFINITE, new NonFiniteDetector());
        detectors.put(GuardCheck.COLLAPSE, new CollapseDetector(secondsPerStep));
        for (GuardCheck c : CHECKS) {
            fired.put(c, 0L);
            acted.put(c, 0L);
        }
        java.util.Arrays.fill(badSince, -1);
        this.ring = new SnapshotRing<>(settings.snapshots());
        this.actionSteps = new long[64];
        this.onsetMargin = Math.max(StuckDetector.LAGS, (long) Math.ceil(CollapseDetector.WINDOW_SECONDS / secondsPerStep));
    }

    /** New settings, in force from the next step (any thread). */
    public void settings(GuardSettings s) {
        this.settings = Objects.requireNonNull(s, "settings");
    }

    public GuardSettings settings() {
        return settings;
    }

    /** The latest status (any thread; never blocks). */
    public GuardStatus status() {
        return status;
    }

    /** What {@link #inspect} decided for a step. */
    public record Verdict(GuardCheck check, GuardAction action, long troubleSince) {}

    /**
     * Looks at one generated step, zeroes its non-finite samples, keeps a good state when one is due, and performs
     * the action of a check that fired (restore or reset through the state access). Returns what it did, or null when
     * no check fired. After a rollback or reset the caller makes the step again and crossfades from this step's
     * (sanitized) audio to the new one.
     *
     * @param step    the step's number since the stream began (goes up by one per step)
     * @param audio   the step's interleaved samples, changed in place only where not finite
     * @param tokens  the codec tokens sampled for the step, or null
     * @param muted   whether the output is muted now
     */
    public Verdict inspect(long step, float[] audio, int samples, int[] tokens, boolean muted) {
        GuardSettings s = settings;
        if (!s.enabled()) return null;
        if (ring.capacity() != s.snapshots()) ring = new SnapshotRing<>(s.snapshots());
        GuardCheck firing = null;
        boolean anySuspicious = false;
        for (GuardCheck c : CHECKS) {
            GuardSettings.Check cs = s.check(c);
            boolean bad = detectors.get(c).suspicious(audio, samples, tokens, muted, cs.threshold());
            if (!bad) {
                badSince[c.ordinal()] = -1;
                continue;
            }
            anySuspicious = true;
            if (badSince[c.ordinal()] < 0) badSince[c.ordinal()] = step;
            long since = badSince[c.ordinal()];
            double heldSeconds = (step - since + 1) * secondsPerStep;
            if (firing == null && heldSeconds >= cs.seconds()) firing = c;
        }
        sanitize(audio, samples);
        if (firing == null) {
            if (!anySuspicious) keepIfDue(step, s);
            forgetGiveUpAfterQuiet(step, s);
            return null;
        }
        return act(firing, step, s);
    }

    private Verdict act(GuardCheck c, long step, GuardSettings s) {
        long since = badSince[c.ordinal()];
        lastFiredStep = step;
        fired.merge(c, 1L, Long::sum);
        GuardAction wanted = s.check(c).action();
        String done;
        if (wanted == GuardAction.REPORT) {
            done = GuardAction.REPORT.id();
            badSince[c.ordinal()] = -1;   // reported once per stretch; it fires again after another full stretch
            log.warn("output guard: {} for {} s at step {}: reported", c.id(), secondsHeld(since, step), step);
        } else if (gaveUp != null || recentActions(step, s) >= s.giveUpActions()) {
            if (gaveUp == null) {
                gaveUp = c;
                log.warn("output guard: {} fired again after {} actions within {} min: the guard gives up acting until {} min pass without trouble",
                        c.id(), s.giveUpActions(), s.giveUpMinutes(), s.giveUpMinutes());
            }
            badSince[c.ordinal()] = -1;
            done = "none (gave up)";
        } else {
            done = perform(c, wanted, since, step);
        }
        publish(c, done, step);
        GuardAction taken = done.equals(GuardAction.ROLLBACK.id()) ? GuardAction.ROLLBACK
                : done.equals(GuardAction.RESET.id()) ? GuardAction.RESET : GuardAction.REPORT;
        return new Verdict(c, taken, since);
    }

    private String perform(GuardCheck c, GuardAction wanted, long since, long step) {
        long before = since - onsetMargin;
        S good = wanted == GuardAction.ROLLBACK ? ring.newestAtOrBefore(before) : null;
        long goodStep = ring.newestStepAtOrBefore(before);
        String done;
        if (good != null) {
            access.restore(good);
            ring.dropAfter(goodStep);
            done = GuardAction.ROLLBACK.id();
            log.warn("output guard: {} for {} s at step {}: rolled back to the state of step {}", c.id(), secondsHeld(since, step), step, goodStep);
        } else {
            access.reset();
            ring.clear();
            done = GuardAction.RESET.id();
            log.warn("output guard: {} for {} s at step {}: {}", c.id(), secondsHeld(since, step), step,
                    wanted == GuardAction.ROLLBACK ? "no good state from before the trouble: reset instead" : "reset");
        }
        acted.merge(c, 1L, Long::sum);
        actionSteps[actionNext] = step;
        actionNext = (actionNext + 1) % actionSteps.length;
        actionCount = Math.min(actionCount + 1, actionSteps.length);
        for (Detector d : detectors.values()) d.reset();
        java.util.Arrays.fill(badSince, -1);
        lastSnapshotStep = step;   // the restored stream proves itself for a snapshot period before it is kept
        return done;
    }

    private int recentActions(long step, GuardSettings s) {
        long window = Math.round(s.giveUpMinutes() * 60 / secondsPerStep);
        int n = 0;
        for (int i = 0; i < actionCount; i++) if (step - actionSteps[i] < window) n++;
        return n;
    }

    private void forgetGiveUpAfterQuiet(long step, GuardSettings s) {
        if (gaveUp == null) return;
        long window = Math.round(s.giveUpMinutes() * 60 / secondsPerStep);
        if (step - lastFiredStep >= window) {
            log.info("output guard: {} min without trouble; acting again", s.giveUpMinutes());
            gaveUp = null;
            actionCount = 0;
            publish(null, "", step);
        }
    }

    private void keepIfDue(long step, GuardSettings s) {
        long period = Math.max(1, Math.round(s.snapshotSeconds() / secondsPerStep));
        if (lastSnapshotStep != Long.MIN_VALUE && step - lastSnapshotStep < period && step >= lastSnapshotStep) return;
        S state = access.capture();
        if (state != null) ring.add(step, state);   // null: the model cannot save its state now (or ever)
        lastSnapshotStep = step;
    }

    /** Forgets the stream (after a transport reset or a new model): detectors, good states, the give-up state. */
    public void streamRestarted() {
        for (Detector d : detectors.values()) d.reset();
        java.util.Arrays.fill(badSince, -1);
        ring.clear();
        lastSnapshotStep = Long.MIN_VALUE;
        gaveUp = null;
        actionCount = 0;
        publish(null, "", -1);
    }

    private static void sanitize(float[] audio, int samples) {
        for (int i = 0; i < samples; i++) if (!Float.isFinite(audio[i])) audio[i] = 0f;
    }

    private String secondsHeld(long since, long step) {
        return String.format(java.util.Locale.ROOT, "%.1f", (step - since + 1) * secondsPerStep);
    }

    private void publish(GuardCheck c, String action, long step) {
        Map<String, Long> f = new LinkedHashMap<>();
        Map<String, Long> a = new LinkedHashMap<>();
        for (GuardCheck k : CHECKS) {
            f.put(k.id(), fired.get(k));
            a.put(k.id(), acted.get(k));
        }
        GuardStatus old = status;
        status = new GuardStatus(f, a, c == null ? old.lastCheck() : c.id(), c == null ? old.lastAction() : action,
                c == null ? old.lastStep() : step, gaveUp == null ? "" : gaveUp.id(), ring.size());
    }

    /** Good states kept now (tests, status). */
    public int snapshots() {
        return ring.size();
    }
}
