package mrtbox.inference.engine;

import static org.junit.jupiter.api.Assertions.*;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import mrtbox.inference.guard.GuardAction;
import mrtbox.inference.guard.GuardCheck;
import mrtbox.inference.guard.GuardSettings;
import mrtbox.inference.model.NoteFrame;
import mrtbox.inference.model.StepControls;
import mrtbox.inference.model.StreamingModel;
import mrtbox.inference.mrt2.Mrt2Models;
import mrtbox.inference.mrtv1.MrtV1Models;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * False alarms of the output guard at its defaults on tiny-model output (tiny-mrt2 and tiny-v1 with the built-in
 * codec), a new seed and style every 30 s of audio, every check set to report so a firing changes nothing. By
 * default a short run (20 s of audio per model) that must not fire; {@code -Dmrtbox.guard.minutes=N} renders N
 * minutes per model and prints each check's firings per hour (docs/guard.md records a run).
 */
@Timeout(1800)
class GuardFalseAlarmTest {
    private static final double SEGMENT_SECONDS = 30;

    @Test
    void tinyModelsAtTheDefaultsRaiseNoFalseAlarms() throws Exception {
        double minutes = Double.parseDouble(System.getProperty("mrtbox.guard.minutes", "0.34"));
        Map<GuardCheck, Long> total = new EnumMap<>(GuardCheck.class);
        double seconds = 0;
        try (StreamingModel mrt2 = Mrt2Models.tiny(21, true)) {
            seconds += render(mrt2, minutes, 1, total);
        }
        try (StreamingModel v1 = MrtV1Models.tiny(22)) {
            seconds += render(v1, minutes, 2, total);
        }
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "RESULT guard false alarms over %.1f min of audio:", seconds / 60));
        long all = 0;
        for (GuardCheck c : GuardCheck.values()) {
            long n = total.getOrDefault(c, 0L);
            all += n;
            line.append(String.format(Locale.ROOT, " %s %d (%.2f/h)", c.id(), n, n * 3600 / seconds));
        }
        System.out.println(line);
        assertEquals(0, all, line.toString());
    }

    /** Renders {@code minutes} of one model through the guard; adds each check's firings; returns the seconds. */
    private static double render(StreamingModel model, double minutes, long seed, Map<GuardCheck, Long> total) {
        GuardSettings s = GuardSettings.DEFAULTS;
        for (GuardCheck c : GuardCheck.values()) {
            GuardSettings.Check d = s.check(c);
            s = s.with(c, new GuardSettings.Check(d.threshold(), d.seconds(), GuardAction.REPORT));
        }
        FloatRing ring = new FloatRing(FloatRing.capacityFor((long) model.info().samplesPerStep() * model.info().channels() * 2));
        Transport transport = new Transport(true);
        Random random = new Random(seed);
        StepControls[] controls = {controls(random)};
        Generator g = new Generator(model, ring, transport, () -> controls[0]);
        GuardedStep guard = new GuardedStep(model, transport::seed, () -> false, s);
        g.guard(guard);
        double perStep = model.info().secondsPerStep();
        long steps = Math.round(minutes * 60 / perStep);
        long perSegment = Math.max(1, Math.round(SEGMENT_SECONDS / perStep));
        float[] drain = new float[model.info().samplesPerStep() * model.info().channels()];
        for (long i = 0; i < steps; i++) {
            if (i % perSegment == 0) {
                transport.requestReset(random.nextLong());
                g.applyPendingReset();
                controls[0] = controls(random);
            }
            assertTrue(g.step(), () -> "step failed: " + g.lastFailure());
            assertTrue(g.publish());
            ring.read(drain, 0, drain.length);
        }
        guard.status().fired().forEach((id, n) -> {
            for (GuardCheck c : GuardCheck.values()) if (c.id().equals(id)) total.merge(c, n, Long::sum);
        });
        return steps * perStep;
    }

    /** A random style (12 RVQ tokens of 1024), temperature and guidance, as varied prompts would give. */
    private static StepControls controls(Random r) {
        int[] style = new int[12];
        for (int k = 0; k < style.length; k++) style[k] = r.nextInt(1024);
        return new StepControls(style, null, 0.9f + 0.4f * r.nextFloat(), 40, 2f + 3f * r.nextFloat(), NoteFrame.SILENT, Map.of());
    }
}
