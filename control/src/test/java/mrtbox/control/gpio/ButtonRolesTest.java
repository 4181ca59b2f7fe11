package mrtbox.control.gpio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import mrtbox.control.param.StandardParams;
import mrtbox.control.status.StatusReport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every button role, debounce, long and double press, through Pi4J's mock pins and the real registry. */
class ButtonRolesTest {
    private final GpioRig rig = new GpioRig();

    @AfterEach
    void close() {
        rig.close();
    }

    private static GpioSettings buttons(GpioSettings.Button... b) {
        return new GpioSettings(null, null, null, null, null, List.of(b), null, null, null);
    }

    @Test
    void triggerFiresOncePerPressAfterTheDebounceWindow() {
        rig.start(buttons(GpioSettings.Button.of(17, "trigger transport.play")));
        assertTrue(rig.service.availability().on(), rig.service.availability().detail());
        rig.releaseAll(17);
        assertEquals(0, rig.triggers(StandardParams.PLAY), "releasing a button held at start does nothing");

        rig.down(17);
        rig.clock.advanceMs(19);
        assertEquals(0, rig.triggers(StandardParams.PLAY), "inside the 20 ms debounce window");
        rig.clock.advanceMs(1);
        assertEquals(1, rig.triggers(StandardParams.PLAY));
        rig.up(17);
        rig.clock.advanceMs(100);
        rig.tap(17, 80);
        assertEquals(2, rig.triggers(StandardParams.PLAY));
    }

    @Test
    void bouncesWithinTheWindowAreIgnored() {
        rig.start(buttons(GpioSettings.Button.of(17, "trigger transport.play")));
        rig.releaseAll(17);
        // Contact bounce on the way down: five edges within 8 ms, then the contact stays closed.
        for (int i = 0; i < 4; i++) {
            rig.down(17);
            rig.clock.advanceMs(1);
            rig.up(17);
            rig.clock.advanceMs(1);
        }
        rig.down(17);
        rig.clock.advanceMs(30);
        assertEquals(1, rig.triggers(StandardParams.PLAY), "one press, however much it bounced");
        // Bounce on the way up, then a 10 ms interference spike while released: no press.
        for (int i = 0; i < 3; i++) {
            rig.up(17);
            rig.clock.advanceMs(2);
            rig.down(17);
            rig.clock.advanceMs(2);
        }
        rig.up(17);
        rig.clock.advanceMs(100);
        rig.down(17);
        rig.clock.advanceMs(10);
        rig.up(17);
        rig.clock.advanceMs(100);
        assertEquals(1, rig.triggers(StandardParams.PLAY));
    }

    @Test
    void longPressFiresWhileHeldAndShortPressStaysShort() {
        rig.start(buttons(GpioSettings.Button.of(17, "trigger transport.play").withLongPress("trigger transport.reset", 1000)));
        rig.releaseAll(17);
        rig.down(17);
        rig.clock.advanceMs(999);
        assertEquals(0, rig.triggers(StandardParams.RESET), "held 999 ms");
        rig.clock.advanceMs(1);
        assertEquals(1, rig.triggers(StandardParams.RESET), "fires while still held, 1000 ms after the press began");
        rig.up(17);
        rig.clock.advanceMs(200);
        assertEquals(0, rig.triggers(StandardParams.PLAY), "the release of a long press does nothing");

        rig.tap(17, 400);
        assertEquals(1, rig.triggers(StandardParams.PLAY));
        assertEquals(1, rig.triggers(StandardParams.RESET));
    }

    @Test
    void doublePressAndSinglePressOnOneButton() {
        rig.start(buttons(GpioSettings.Button.of(17, "trigger transport.play").withDoublePress("trigger transport.stop")));
        rig.releaseAll(17);
        rig.tap(17, 60);             // released at +80 ms (debounce), quiet for 100 ms
        rig.down(17);                // second press 100 ms after the first release: within 350 ms
        rig.clock.advanceMs(20);
        assertEquals(1, rig.triggers(StandardParams.STOP), "double press fires on the second press");
        assertEquals(0, rig.triggers(StandardParams.PLAY));
        rig.up(17);
        rig.clock.advanceMs(1000);
        assertEquals(0, rig.triggers(StandardParams.PLAY), "the double press used both presses");

        rig.tap(17, 60);
        assertEquals(0, rig.triggers(StandardParams.PLAY), "a single press waits out the double-press window");
        rig.clock.advanceMs(240);
        assertEquals(0, rig.triggers(StandardParams.PLAY), "340 ms after the release");
        rig.clock.advanceMs(20);
        assertEquals(1, rig.triggers(StandardParams.PLAY), "350 ms after the release");
        assertEquals(1, rig.triggers(StandardParams.STOP));
    }

    @Test
    void sceneNextPreviousAndRecallByName() {
        for (String[] s : new String[][] {{"Alpha", "0.1"}, {"Bravo", "0.2"}, {"Charlie", "0.3"}}) {
            rig.registry.set(StandardParams.promptWeight(2), Double.parseDouble(s[1]), mrtbox.control.param.ChangeSource.INTERNAL);
            rig.scenes.save(s[0]);
        }
        rig.start(buttons(GpioSettings.Button.of(17, "scene next"), GpioSettings.Button.of(27, "scene previous"),
                GpioSettings.Button.of(22, "scene recall Bravo")));
        rig.releaseAll(17, 27, 22);
        String w = StandardParams.promptWeight(2);
        rig.tap(17, 50);
        assertEquals(0.1, rig.value(w), "first next: the first scene");
        rig.tap(17, 50);
        assertEquals(0.2, rig.value(w));
        rig.tap(17, 50);
        rig.tap(17, 50);
        assertEquals(0.1, rig.value(w), "wraps around after the last");
        rig.tap(27, 50);
        assertEquals(0.3, rig.value(w), "previous wraps back to the last");
        rig.tap(22, 50);
        assertEquals(0.2, rig.value(w), "recall by name");
        rig.tap(17, 50);
        assertEquals(0.3, rig.value(w), "next continues from the recalled scene");
    }

    @Test
    void panicEndsAllNotesAndMutes() {
        rig.start(buttons(GpioSettings.Button.of(5, "panic")));
        rig.releaseAll(5);
        assertEquals(false, rig.value(StandardParams.MUTE));
        rig.tap(5, 50);
        assertEquals(List.of("allNotesOff from gpio:button 5"), rig.events);
        assertEquals(true, rig.value(StandardParams.MUTE));
    }

    @Test
    void toggleFlipsABoolean() {
        rig.start(buttons(GpioSettings.Button.of(5, "toggle output.mute")));
        rig.releaseAll(5);
        rig.tap(5, 50);
        assertEquals(true, rig.value(StandardParams.MUTE));
        rig.tap(5, 50);
        assertEquals(false, rig.value(StandardParams.MUTE));
    }

    @Test
    void playStopFollowsTheTransportState() {
        rig.start(buttons(GpioSettings.Button.of(6, "playstop")));
        rig.releaseAll(6);
        rig.tap(6, 50);
        assertEquals(1, rig.triggers(StandardParams.PLAY));
        rig.status.publish(report("ok", true, false, 0));
        rig.tap(6, 50);
        assertEquals(1, rig.triggers(StandardParams.STOP));
        assertEquals(1, rig.triggers(StandardParams.PLAY));
    }

    @Test
    void learnArmsAndASecondPressCancels() {
        rig.start(buttons(GpioSettings.Button.of(13, "learn prompt.1.weight")));
        rig.releaseAll(13);
        rig.tap(13, 50);
        assertEquals("prompt.1.weight", rig.learn.armed);
        rig.tap(13, 50);
        assertEquals(List.of("arm prompt.1.weight", "cancel prompt.1.weight"), rig.learn.calls);
    }

    @Test
    void aButtonHeldWhenTheServiceStartsDoesNothingUntilReleased() {
        rig.start(buttons(GpioSettings.Button.of(17, "trigger transport.play").withLongPress("shutdown", null)));
        // The mock pin starts LOW: held. Ten seconds later, still nothing: no shutdown from a stuck button.
        rig.clock.advanceMs(10_000);
        assertEquals(List.of(), rig.events);
        assertEquals(SafeShutdown.Phase.IDLE, rig.service.safeShutdown().phase());
    }

    static StatusReport report(String health, boolean playing, boolean noise, long underruns) {
        return new StatusReport("tiny-v1", noise, playing, 1.0, 80, underruns, 0, 0, new double[] {-20, -20},
                new double[] {-30, -30}, new float[0], 10, 20, health, "", 5);
    }
}
