package mrtbox.control.gpio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import mrtbox.control.param.ChangeSource;
import mrtbox.control.param.ParamChange;
import mrtbox.control.param.StandardParams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A rotary encoder on two mock pins, decoded and applied to real parameters. */
class EncoderTest {
    private static final int A = 5;
    private static final int B = 6;
    private final GpioRig rig = new GpioRig();

    @AfterEach
    void close() {
        rig.close();
    }

    private void start(GpioSettings.Encoder e) {
        rig.start(new GpioSettings(null, null, null, null, null, null, List.of(e), null, null));
        // Mock pins start LOW (00); with the pull-ups a resting EC11 reads 11. Getting there is half a detent: no move.
        rig.level(A, true);
        rig.level(B, true);
    }

    /** One detent clockwise (A leads) or counter-clockwise, then {@code gapMs} until the next. */
    private void turn(int detents, double gapMs) {
        int first = detents > 0 ? A : B;
        int second = detents > 0 ? B : A;
        for (int i = 0; i < Math.abs(detents); i++) {
            rig.level(first, false);
            rig.level(second, false);
            rig.level(first, true);
            rig.level(second, true);
            rig.clock.advanceMs(gapMs);
        }
    }

    private double weight() {
        return (Double) rig.value(StandardParams.promptWeight(2));
    }

    @Test
    void turnsBothWaysOneStepPerSlowDetent() {
        start(GpioSettings.Encoder.of(A, B, StandardParams.promptWeight(2), 0.05, 1.0));
        assertEquals(0.0, weight(), 1e-12, "settling onto the rest position moved nothing");
        turn(3, 200);
        assertEquals(0.15, weight(), 1e-12);
        turn(-2, 200);
        assertEquals(0.05, weight(), 1e-12);
        turn(-5, 200);
        assertEquals(0.0, weight(), 1e-12, "clamped at the bottom of the range");
    }

    @Test
    void fastTurnsAccelerate() {
        start(GpioSettings.Encoder.of(A, B, StandardParams.promptWeight(2), 0.01, 1.0));
        turn(1, 25);   // first detent: 1 step
        turn(1, 25);   // 25 ms after the previous one: 1 + (100/25 - 1) = 4 steps
        turn(1, 25);   // 4 steps
        assertEquals(0.09, weight(), 1e-12);
        turn(1, 200);  // 25 ms after the previous: 4 steps; then a pause
        turn(1, 200);  // slow again: 1 step
        assertEquals(0.14, weight(), 1e-12);
    }

    @Test
    void withoutAccelerationEveryDetentIsOneStep() {
        start(GpioSettings.Encoder.of(A, B, StandardParams.promptWeight(2), 0.01, 0.0));
        turn(5, 5);
        assertEquals(0.05, weight(), 1e-12);
    }

    @Test
    void reverseSwapsDirectionAndIntParametersMoveInWholeSteps() {
        start(new GpioSettings.Encoder(A, B, "topk", StandardParams.TOP_K, null, 0.0, null, true));
        turn(-3, 200);
        assertEquals(43, rig.value(StandardParams.TOP_K), "reversed: counter-clockwise goes up, one per detent");
        turn(2, 200);
        assertEquals(41, rig.value(StandardParams.TOP_K));
    }

    @Test
    void changesComeFromGpioAndTheDefaultStepIsAHundredthOfTheRange() {
        List<ChangeSource> sources = new java.util.concurrent.CopyOnWriteArrayList<>();
        rig.registry.addListener((ParamChange c) -> sources.add(c.source()));
        start(new GpioSettings.Encoder(A, B, null, StandardParams.VOLUME_DB, null, 0.0, null, null));
        turn(-1, 200);
        assertEquals(-0.66, (Double) rig.value(StandardParams.VOLUME_DB), 1e-12, "range -60..6 dB: 0.66 dB per detent");
        assertEquals(List.of(ChangeSource.of(ChangeSource.Kind.GPIO, "encoder 5/6")), sources);
    }
}
