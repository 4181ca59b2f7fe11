package mrtbox.control.gpio;

import static mrtbox.control.gpio.ButtonRolesTest.report;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Status LEDs on mock outputs following the StatusBoard, with their blink timing on the manual clock. */
class StatusLedTest {
    private static final int LED = 12;
    private final GpioRig rig = new GpioRig();

    @AfterEach
    void close() {
        rig.close();
    }

    private void start(GpioSettings.Led... leds) {
        rig.start(new GpioSettings(null, null, null, null, 5000, null, null, List.of(leds), null));
    }

    /** The LED level sampled every 50 ms over {@code ms}: a picture of the blink pattern. */
    private String trace(int pin, int ms) {
        StringBuilder sb = new StringBuilder();
        for (int t = 0; t < ms; t += 50) {
            sb.append(rig.lit(pin) ? '#' : '.');
            rig.clock.advanceMs(50);
        }
        return sb.toString();
    }

    @Test
    void eachStateHasItsBlinkPattern() {
        start(GpioSettings.Led.of(LED));
        assertEquals(LedState.STARTING, rig.service.ledState());
        assertEquals("##########..........##########..........", trace(LED, 2000), "starting: 500/500");

        rig.status.publish(report("ok", true, false, 0));
        assertEquals(LedState.PLAYING, rig.service.ledState());
        assertEquals("########################################", trace(LED, 2000), "playing: steady");

        rig.status.publish(report("ok", false, false, 0));
        assertEquals(LedState.STOPPED, rig.service.ledState());
        assertEquals("##......................................##", trace(LED, 2100), "stopped: 100/1900");

        rig.status.publish(report("error: model failed to load", false, false, 0));
        assertEquals(LedState.ERROR, rig.service.ledState());
        assertEquals("##..##..##..........................", trace(LED, 1800), "error: three fast blinks");
    }

    @Test
    void degradedForTheNoiseModelAndWhileUnderrunsRise() {
        start(GpioSettings.Led.of(LED));
        rig.status.publish(report("ok", true, true, 0));
        assertEquals(LedState.DEGRADED, rig.service.ledState(), "built-in noise model");
        assertEquals("###...###...............................", trace(LED, 2000), "double blink");

        rig.status.publish(report("ok", true, false, 3));
        assertEquals(LedState.DEGRADED, rig.service.ledState(), "underruns rose from 0 to 3");
        rig.clock.advanceMs(5000);
        assertEquals(LedState.PLAYING, rig.service.ledState(), "no new underruns for 5 s");
        rig.clock.advanceMs(1000);
        rig.status.publish(report("ok", true, false, 4));
        assertEquals(LedState.DEGRADED, rig.service.ledState(), "underruns rose");
        rig.clock.advanceMs(3000);
        rig.status.publish(report("ok", true, false, 4));
        assertEquals(LedState.DEGRADED, rig.service.ledState(), "within the 5 s hold");
        rig.clock.advanceMs(2001);
        assertEquals(LedState.PLAYING, rig.service.ledState(), "the hold ran out without a new report");
        assertTrue(rig.lit(LED));

        rig.status.publish(report("degraded: running slower than real time", true, false, 4));
        assertEquals(LedState.DEGRADED, rig.service.ledState());
    }

    @Test
    void activeLowLedsAreInvertedAndShowListsSplitStatesAcrossLeds() {
        int green = 12;
        int red = 16;
        start(new GpioSettings.Led(green, null, List.of("playing", "stopped")),
                new GpioSettings.Led(red, true, List.of("error", "degraded")));
        rig.status.publish(report("ok", true, false, 0));
        assertTrue(rig.lit(green));
        assertTrue(rig.lit(red), "active-low red LED is dark when its pin is high");
        rig.status.publish(report("error: audio device gone", false, false, 0));
        assertFalse(rig.lit(green), "error is not on the green LED's list");
        assertFalse(rig.lit(red), "active-low red LED lit: pin low");
    }

    @Test
    void stoppingTheServiceTurnsTheLedOffAndReleasesThePins() {
        start(GpioSettings.Led.of(LED));
        rig.status.publish(report("ok", true, false, 0));
        assertTrue(rig.lit(LED));
        List<Boolean> levels = new ArrayList<>();
        rig.output(LED).addListener(e -> levels.add(e.state().isHigh()));
        rig.service.stop();
        assertEquals(List.of(false), levels);
        assertFalse(rig.pi4j.registry().exists(Pi4jPins.pinId(LED)), "pin released");
        assertTrue(rig.clock.closed());
        rig.status.publish(report("ok", false, false, 0)); // no listener left: nothing happens, nothing fails
        assertFalse(rig.service.availability().on());
    }
}
