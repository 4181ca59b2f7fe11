package mrtbox.inference.engine;

import static org.junit.jupiter.api.Assertions.*;

import mrtbox.inference.guard.GuardAction;
import mrtbox.inference.guard.GuardCheck;
import mrtbox.inference.guard.GuardSettings;
import mrtbox.inference.guard.GuardStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The guard in the generator's path, stepped by hand (no threads, no clock): each misbehaviour of a real model
 * is caught, the model is rolled back, the published audio stays finite and crosses into the restored stream
 * without a click; the engine's guard is off until the box turns it on.
 */
@Timeout(60)
class GuardedStepTest {
    private static final int STEPS_PER_SECOND = 25;
    private final MisbehavingModel model = new MisbehavingModel();
    private final FloatRing ring = new FloatRing(1 << 20);
    private final Transport transport = new Transport(true);
    private final Generator generator = new Generator(model, ring, transport, () -> MisbehavingModel.CONTROLS);
    private final GuardedStep guard = new GuardedStep(model, transport::seed, () -> false, GuardSettings.DEFAULTS);
    private final float[] drained = new float[1920 * 2];
    private float lastSample;
    private float largestStep;

    GuardedStepTest() {
        generator.guard(guard);
    }

    /** Steps and publishes {@code seconds}; drains the ring and tracks the largest sample-to-sample step. */
    private void run(double seconds) {
        for (int i = 0; i < Math.round(seconds * STEPS_PER_SECOND); i++) {
            assertTrue(generator.step());
            assertTrue(generator.publish());
            int n = ring.read(drained, 0, drained.length);
            for (int k = 0; k < n; k += 2) {
                assertTrue(Float.isFinite(drained[k]), "a non-finite sample reached the ring");
                largestStep = Math.max(largestStep, Math.abs(drained[k] - lastSample));
                lastSample = drained[k];
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = MisbehavingModel.Mode.class, names = {"SILENT", "REPEAT", "NAN", "COLLAPSE"})
    void aMisbehavingModelIsRolledBackToGoodStateAndPlaysMusicAgain(MisbehavingModel.Mode mode) {
        run(20);
        model.misbehave(mode);
        run(GuardCheck.COLLAPSE.defaultSeconds() + CollapseWindow.SECONDS + 1);
        GuardStatus st = guard.status();
        assertEquals(1, model.restores, mode + ": one rollback (" + st + ")");
        assertEquals(MisbehavingModel.Mode.MUSIC, model.mode(), "the restored state is from before the trouble");
        assertEquals(GuardAction.ROLLBACK.id(), st.lastAction());
        assertEquals(1L, st.actions().values().stream().mapToLong(Long::longValue).sum());
    }

    @Test
    void theCrossingFromSilenceIntoTheRestoredStreamDoesNotClick() {
        run(20);
        float musicStep = largestStep;   // the music's own largest step
        model.misbehave(MisbehavingModel.Mode.SILENT);
        largestStep = 0;
        run(GuardCheck.SILENCE.defaultSeconds() + 0.5);
        assertEquals(1, model.restores);
        double fadeFrames = 1920;   // 50 ms default crossfade, capped at one 40 ms frame
        double bound = Math.sqrt(2) * musicStep + 2 * 0.3 * Math.PI / (2 * fadeFrames) + 1e-4;
        assertTrue(largestStep <= bound, "largest step " + largestStep + " across the rollback > " + bound);
        assertTrue(largestStep > 0, "music again after the rollback");
    }

    @Test
    void anEnginesGuardIsOffUntilTurnedOnAndItsSettingsAndStatusAreReachable() {
        try (Engine engine = new Engine(model, () -> MisbehavingModel.CONTROLS, EngineSettings.DEFAULTS)) {
            assertFalse(engine.guardSettings().enabled());
            engine.setGuardSettings(GuardSettings.DEFAULTS);
            assertTrue(engine.guardSettings().enabled());
            assertEquals(GuardStatus.NONE, engine.guardStatus());
        }
    }

    @Test
    void stepsThatReplayAPrefillAreNotJudged() {
        run(10);
        model.misbehave(MisbehavingModel.Mode.SILENT);
        model.prefilling = true;   // MRT2 plays silence while a prefill runs: that is not the model going silent
        run(GuardCheck.SILENCE.defaultSeconds() * 2);
        assertEquals(0, model.restores + model.resets, guard.status().toString());
        model.prefilling = false;
        run(GuardCheck.SILENCE.defaultSeconds() + 0.5);
        assertEquals(1, model.restores, "silence of its own is caught again");
    }

    @Test
    void aTransportResetStartsTheGuardAfresh() {
        run(10);
        model.misbehave(MisbehavingModel.Mode.SILENT);
        run(5);   // silent for 5 s: not yet 8
        transport.requestReset(9);
        assertTrue(generator.applyPendingReset());
        run(5);   // the reset model plays music
        assertEquals(0, model.restores);
        assertEquals(GuardStatus.NONE.lastCheck(), guard.status().lastCheck());
    }

    /** How long the collapse check's token window takes to fill with collapsed tokens. */
    private static final class CollapseWindow {
        static final double SECONDS = 2;
    }
}
