package mrtbox.inference.guard;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import mrtbox.inference.guard.MisbehavingStream.Mode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The guard on real audio and token streams told to misbehave: each check fires after its seconds, does its action
 * with a good state from before the trouble, gives up after K actions, and leaves quiet or repetitive music alone.
 */
@Timeout(60)
class OutputGuardTest {
    private static final int STEPS_PER_SECOND = 25;

    /** The model's state as the guard sees it: the step it was captured at; restores and resets are recorded. */
    private static final class RecordingAccess implements OutputGuard.StateAccess<Long> {
        long step;
        final List<Long> restored = new ArrayList<>();
        int resets;

        @Override public Long capture() { return step; }
        @Override public void restore(Long s) { restored.add(s); }
        @Override public void reset() { resets++; }
    }

    private final RecordingAccess access = new RecordingAccess();
    private final MisbehavingStream stream = new MisbehavingStream(11);
    private final float[] audio = MisbehavingStream.audioBuffer();
    private final int[] tokens = MisbehavingStream.tokenBuffer();
    private long step;

    private OutputGuard<Long> guard(GuardSettings s) {
        return new OutputGuard<>(MisbehavingStream.CHANNELS, MisbehavingStream.RATE, MisbehavingStream.SAMPLES,
                MisbehavingStream.STEP_SECONDS, s, access);
    }

    /** Runs up to {@code seconds} of the stream; stops at the first verdict and returns it with its step (or null). */
    private Object[] run(OutputGuard<Long> g, double seconds, boolean withTokens) {
        for (int i = 0; i < Math.round(seconds * STEPS_PER_SECOND); i++) {
            stream.next(audio, tokens);
            access.step = step;
            OutputGuard.Verdict v = g.inspect(step, audio, audio.length, withTokens ? tokens : null, false);
            step++;
            if (v != null) return new Object[] {v, step - 1};
        }
        return null;
    }

    private static double seconds(long steps) {
        return steps * MisbehavingStream.STEP_SECONDS;
    }

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"SILENT", "REPEAT", "CLIP", "NAN", "COLLAPSE", "DC"})
    void eachMisbehaviourFiresItsCheckAfterItsSecondsAndDoesItsDefaultAction(Mode mode) {
        GuardCheck expected = switch (mode) {
            case SILENT -> GuardCheck.SILENCE;
            case REPEAT -> GuardCheck.STUCK;
            case CLIP -> GuardCheck.LOUD;
            case NAN -> GuardCheck.NONFINITE;
            case COLLAPSE -> GuardCheck.COLLAPSE;
            default -> GuardCheck.DC;
        };
        OutputGuard<Long> g = guard(GuardSettings.DEFAULTS);
        assertNull(run(g, 30, true), "30 s of music-like output must not fire anything");
        assertTrue(g.snapshots() > 0, "good states are kept while nothing is suspicious");
        long troubleBegins = step;
        stream.mode(mode);
        Object[] hit = run(g, 20, true);
        assertNotNull(hit, mode + " did not fire within 20 s");
        OutputGuard.Verdict v = (OutputGuard.Verdict) hit[0];
        long at = (Long) hit[1];
        assertEquals(expected, v.check(), mode + " fired the wrong check");
        double held = seconds(at - troubleBegins + 1);
        double wanted = expected.defaultSeconds();
        double slack = expected == GuardCheck.DC ? 3.0 : expected == GuardCheck.COLLAPSE ? WINDOW_SLACK : 0.1;
        assertTrue(held >= wanted - 1e-9 && held <= wanted + slack, expected + " fired after " + held + " s, its default is " + wanted + " s");
        assertEquals(expected.defaultAction(), v.action(), "default action of " + expected);
        GuardStatus st = g.status();
        assertEquals(1L, st.fired().get(expected.id()));
        assertEquals(expected.id(), st.lastCheck());
        assertEquals(expected.defaultAction().id(), st.lastAction());
        if (v.action() == GuardAction.ROLLBACK) {
            assertEquals(1, access.restored.size(), "one rollback");
            long good = access.restored.get(0);
            assertTrue(good < v.troubleSince(), "rolled back to step " + good + ", but trouble began at " + v.troubleSince());
            assertTrue(good >= troubleBegins - Math.round(GuardSettings.DEFAULTS.snapshotSeconds() * STEPS_PER_SECOND) - 1,
                    "the newest good state (step " + good + ") is at most one snapshot period older than the trouble (" + troubleBegins + ")");
            assertEquals(1L, st.actions().get(expected.id()));
        } else {
            assertEquals(List.of(), access.restored, "report only");
            assertEquals(0, access.resets);
        }
        for (float x : audio) assertTrue(Float.isFinite(x), "non-finite samples are zeroed before they go on");
    }

    /** The collapse window needs 2 s to fill with the collapsed tokens before the entropy falls far enough. */
    private static final double WINDOW_SLACK = CollapseDetector.WINDOW_SECONDS + 0.1;

    @Test
    void quietOrRepetitiveMusicByDesignDoesNotTriggerAtTheDefaults() {
        for (Mode m : new Mode[] {Mode.DRONE, Mode.SPARSE_BEAT}) {
            OutputGuard<Long> g = guard(GuardSettings.DEFAULTS);
            stream.mode(m);
            assertNull(run(g, 120, true), m + " fired with tokens");
            assertNull(run(guard(GuardSettings.DEFAULTS), 60, false), m + " fired without tokens (audio correlation)");
            assertEquals(0, g.status().totalActions());
        }
    }

    @Test
    void withoutTokensAStuckLoopIsFoundByTheAudioCorrelation() {
        OutputGuard<Long> g = guard(GuardSettings.DEFAULTS);
        run(g, 20, false);
        stream.mode(Mode.REPEAT);
        Object[] hit = run(g, 10, false);
        assertNotNull(hit);
        assertEquals(GuardCheck.STUCK, ((OutputGuard.Verdict) hit[0]).check());
    }

    @Test
    void afterKActionsInMMinutesItStopsActingAndHealthSaysWhich() {
        GuardSettings s = GuardSettings.DEFAULTS.withGiveUp(3, 5);
        OutputGuard<Long> g = guard(s);
        run(g, 10, true);
        stream.mode(Mode.SILENT);
        int fires = 0;
        for (int i = 0; i < 6 * 60 * STEPS_PER_SECOND && fires < 5; i++) {
            stream.next(audio, tokens);
            access.step = step;
            if (g.inspect(step++, audio, audio.length, tokens, false) != null) fires++;
        }
        assertEquals(5, fires, "silence keeps firing every 8 s");
        assertEquals(3, access.restored.size() + access.resets, "three actions, then none");
        GuardStatus st = g.status();
        assertEquals("silence", st.gaveUp());
        assertEquals("guard gave up: silence", st.healthNote());
        assertEquals("none (gave up)", st.lastAction());
        assertEquals(5L, st.fired().get("silence"));
        assertEquals(3L, st.actions().get("silence"));
        // the music comes back and stays well for the give-up window: the guard acts again
        stream.mode(Mode.MUSIC);
        run(g, 5 * 60 + 1, true);
        assertEquals("", g.status().gaveUp());
    }

    @Test
    void resetActionResetsAndARollbackWithoutAGoodStateFallsBackToReset() {
        GuardSettings s = GuardSettings.DEFAULTS.with(GuardCheck.SILENCE, new GuardSettings.Check(-60, 2, GuardAction.RESET));
        OutputGuard<Long> g = guard(s);
        run(g, 10, true);
        stream.mode(Mode.SILENT);
        OutputGuard.Verdict v = (OutputGuard.Verdict) run(g, 3, true)[0];
        assertEquals(GuardAction.RESET, v.action());
        assertEquals(1, access.resets);
        // trouble from the very first step: nothing good to go back to
        OutputGuard<Long> fresh = guard(GuardSettings.DEFAULTS);
        step = 0;
        Object[] hit = run(fresh, 10, true);
        assertEquals(GuardAction.RESET, ((OutputGuard.Verdict) hit[0]).action());
        assertEquals(2, access.resets);
    }

    @Test
    void mutedOutputIsNotSilenceAndADisabledGuardChecksNothing() {
        OutputGuard<Long> g = guard(GuardSettings.DEFAULTS);
        stream.mode(Mode.SILENT);
        for (int i = 0; i < 20 * STEPS_PER_SECOND; i++) {
            stream.next(audio, tokens);
            assertNull(g.inspect(step++, audio, audio.length, tokens, true));
        }
        OutputGuard<Long> off = guard(GuardSettings.DEFAULTS.withEnabled(false));
        stream.mode(Mode.NAN);
        assertNull(run(off, 5, true));
    }
}
