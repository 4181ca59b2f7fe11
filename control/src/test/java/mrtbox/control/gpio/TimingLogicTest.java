package mrtbox.control.gpio;

import static mrtbox.control.gpio.PressDetector.Gesture.DOUBLE_PRESS;
import static mrtbox.control.gpio.PressDetector.Gesture.LONG_PRESS;
import static mrtbox.control.gpio.PressDetector.Gesture.PRESS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pure timing classes, driven by hand-picked times (milliseconds written as nanoseconds). */
class TimingLogicTest {
    private static long ms(double m) {
        return Math.round(m * 1_000_000);
    }

    @Test
    void debouncerIgnoresBouncesWithinTheWindowAndReportsTheSettledLevel() {
        Debouncer d = new Debouncer(ms(20), false);
        d.onRaw(true, ms(100));
        d.onRaw(false, ms(103));
        d.onRaw(true, ms(105));
        assertFalse(d.poll(ms(120)), "only 15 ms since the last bounce");
        assertEquals(ms(125), d.deadline());
        assertTrue(d.poll(ms(125)));
        assertTrue(d.stable());
        assertEquals(ms(105), d.settledChangeAt());
        assertEquals(Debouncer.NONE, d.deadline());
    }

    @Test
    void debouncerDropsASpikeShorterThanTheWindow() {
        Debouncer d = new Debouncer(ms(20), false);
        d.onRaw(true, ms(10));
        d.onRaw(false, ms(15));
        assertEquals(Debouncer.NONE, d.deadline());
        assertFalse(d.poll(ms(100)));
        assertFalse(d.stable());
    }

    @Test
    void plainPressFiresOnTheWayDown() {
        PressDetector p = new PressDetector(0, 0, false);
        assertEquals(PRESS, p.onPress(ms(0)));
        assertNull(p.onRelease(ms(50)));
        assertEquals(PRESS, p.onPress(ms(60)));
    }

    @Test
    void longPressFiresWhileHeldAndShortPressOnRelease() {
        PressDetector p = new PressDetector(ms(1000), 0, false);
        assertNull(p.onPress(ms(0)));
        assertEquals(ms(1000), p.deadline());
        assertNull(p.poll(ms(999)));
        assertEquals(LONG_PRESS, p.poll(ms(1000)));
        assertNull(p.onRelease(ms(1500)), "a used-up press does nothing on release");

        assertNull(p.onPress(ms(2000)));
        assertEquals(PRESS, p.onRelease(ms(2300)));
    }

    @Test
    void longPressIsNotLostWhenThePollComesLate() {
        PressDetector p = new PressDetector(ms(1000), 0, false);
        p.onPress(ms(0));
        assertEquals(LONG_PRESS, p.onRelease(ms(1200)));
    }

    @Test
    void doublePressFiresOnTheSecondPressAndASingleOneAfterTheWindow() {
        PressDetector p = new PressDetector(0, ms(350), false);
        assertNull(p.onPress(ms(0)));
        assertNull(p.onRelease(ms(80)));
        assertEquals(DOUBLE_PRESS, p.onPress(ms(300)));
        assertNull(p.onRelease(ms(380)));
        assertNull(p.poll(ms(2000)), "nothing left pending after a double press");

        assertNull(p.onPress(ms(3000)));
        assertNull(p.onRelease(ms(3080)));
        assertNull(p.poll(ms(3430)), "still inside the window");
        assertEquals(ms(3430) + 1, p.deadline());
        assertEquals(PRESS, p.poll(ms(3430) + 1));
    }

    @Test
    void aSecondPressAfterTheWindowFlushesTheFirstAsSingle() {
        PressDetector p = new PressDetector(0, ms(350), false);
        p.onPress(ms(0));
        p.onRelease(ms(80));
        assertEquals(PRESS, p.onPress(ms(1000)), "the first press, late");
        assertNull(p.onRelease(ms(1050)));
        assertEquals(PRESS, p.poll(ms(1401)));
    }

    @Test
    void allThreeGesturesOnOneButton() {
        PressDetector p = new PressDetector(ms(1000), ms(350), false);
        p.onPress(ms(0));
        assertEquals(LONG_PRESS, p.poll(ms(1000)));
        p.onRelease(ms(1100));
        p.onPress(ms(2000));
        assertNull(p.onRelease(ms(2100)), "short: wait for a possible second press");
        assertEquals(DOUBLE_PRESS, p.onPress(ms(2200)));
        p.onRelease(ms(2300));
        p.onPress(ms(4000));
        p.onRelease(ms(4100));
        assertEquals(PRESS, p.poll(ms(4451)));
    }

    @Test
    void aButtonHeldAtStartIsIgnoredUntilReleased() {
        PressDetector p = new PressDetector(ms(3000), 0, true);
        assertEquals(Debouncer.NONE, p.deadline());
        assertNull(p.poll(ms(10_000)), "held since boot: no shutdown");
        assertNull(p.onRelease(ms(11_000)));
        assertNull(p.onPress(ms(12_000)));
        assertEquals(LONG_PRESS, p.poll(ms(15_000)));
    }

    private static final int[] CLOCKWISE = {0b01, 0b00, 0b10, 0b11};
    private static final int[] COUNTER_CLOCKWISE = {0b10, 0b00, 0b01, 0b11};

    private static List<Integer> feed(QuadratureDecoder d, int[]... sequences) {
        List<Integer> detents = new ArrayList<>();
        for (int[] seq : sequences) for (int s : seq) {
            int r = d.onState(s);
            if (r != 0) detents.add(r);
        }
        return detents;
    }

    @Test
    void quadratureDecodesBothDirectionsAtFourStepsPerDetent() {
        QuadratureDecoder d = new QuadratureDecoder(4, 0b11);
        assertEquals(List.of(1, 1), feed(d, CLOCKWISE, CLOCKWISE));
        assertEquals(List.of(-1, -1, -1), feed(d, COUNTER_CLOCKWISE, COUNTER_CLOCKWISE, COUNTER_CLOCKWISE));
    }

    @Test
    void quadratureBounceOnOneContactCancelsOut() {
        QuadratureDecoder d = new QuadratureDecoder(4, 0b11);
        // A chatters 11 <-> 01 before the turn goes on: +1 -1 +1 -1 +1 ... nets one step.
        assertEquals(List.of(1), feed(d, new int[] {0b01, 0b11, 0b01, 0b11, 0b01, 0b00, 0b10, 0b11}));
        // Half a turn and back: no detent.
        assertEquals(List.of(), feed(d, new int[] {0b01, 0b00, 0b01, 0b11}));
    }

    @Test
    void quadratureResynchronisesAfterAMissedEdge() {
        QuadratureDecoder d = new QuadratureDecoder(4, 0b11);
        // B's fall is lost: the channel then sees A rise with B still believed high (01 -> 11, a step back).
        // That detent is lost, but the count restarts at the rest position, so the next one is right.
        assertEquals(List.of(), feed(d, new int[] {0b01, 0b11}));
        assertEquals(List.of(1), feed(d, CLOCKWISE));
        // An impossible jump (both contacts changed between two reads) counts nothing and breaks nothing.
        assertEquals(List.of(1), feed(d, new int[] {0b01, 0b00, 0b10, 0b01, 0b00, 0b10, 0b11}));
    }

    @Test
    void quadratureWithTwoAndOneStepsPerDetent() {
        QuadratureDecoder two = new QuadratureDecoder(2, 0b11);
        assertEquals(List.of(1, 1, -1, -1), feed(two, CLOCKWISE, COUNTER_CLOCKWISE));
        QuadratureDecoder one = new QuadratureDecoder(1, 0b11);
        assertEquals(List.of(1, 1, 1, 1), feed(one, CLOCKWISE));
        assertThrows(IllegalArgumentException.class, () -> new QuadratureDecoder(3, 0));
    }

    @Test
    void accelerationMultipliesFastDetentsAndResetsOnReversal() {
        EncoderAcceleration a = new EncoderAcceleration(1, ms(100), 10);
        assertEquals(1, a.multiplier(1, ms(0)), 1e-9, "first detent");
        assertEquals(1, a.multiplier(1, ms(200)), 1e-9, "slow");
        assertEquals(4, a.multiplier(1, ms(225)), 1e-9, "25 ms: 1 + (100/25 - 1)");
        assertEquals(1, a.multiplier(-1, ms(230)), 1e-9, "direction changed");
        assertEquals(10, a.multiplier(-1, ms(231)), 1e-9, "capped");
        EncoderAcceleration none = new EncoderAcceleration(0, ms(100), 10);
        none.multiplier(1, 0);
        assertEquals(1, none.multiplier(1, ms(1)), 1e-9);
    }

    @Test
    void blinkPatternsGiveLevelsAndNextEdges() {
        BlinkPattern p = BlinkPattern.cycle(100, 1900);
        assertTrue(p.levelAt(0));
        assertTrue(p.levelAt(ms(99)));
        assertFalse(p.levelAt(ms(100)));
        assertTrue(p.levelAt(ms(2050)));
        assertEquals(ms(100), p.nextChangeAfter(0));
        assertEquals(ms(2000), p.nextChangeAfter(ms(100)));
        assertEquals(ms(2100), p.nextChangeAfter(ms(2000)));
        BlinkPattern on = BlinkPattern.steady(true);
        assertTrue(on.levelAt(ms(12345)));
        assertEquals(Debouncer.NONE, on.nextChangeAfter(0));
        assertEquals("100/1900 ms on/off", p.toString());
        assertThrows(IllegalArgumentException.class, () -> BlinkPattern.cycle(100));
    }
}
