package mrtbox.control.gpio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import mrtbox.control.param.StandardParams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The long-press shutdown: LED, mute, fade wait, state flush, power-off command, in that order. */
class SafeShutdownTest {
    private static final int BUTTON = 26;
    private static final int LED = 12;
    private final GpioRig rig = new GpioRig();

    @AfterEach
    void close() {
        rig.close();
    }

    private void start() {
        GpioSettings.Button b = GpioSettings.Button.of(BUTTON, "panic").withLongPress("shutdown", null);
        rig.start(new GpioSettings(null, null, null, null, null, List.of(b), null, List.of(GpioSettings.Led.of(LED)),
                new GpioSettings.Shutdown(1500, List.of("sudo", "-n", "/sbin/poweroff"), 20_000)));
        rig.releaseAll(BUTTON);
        rig.status.publish(ButtonRolesTest.report("ok", true, false, 0));
    }

    @Test
    void longPressFadesFlushesThenPowersOff() {
        start();
        rig.down(BUTTON);
        rig.clock.advanceMs(2999);
        assertEquals(List.of(), rig.events, "the shutdown hold defaults to 3 s");
        assertEquals(LedState.PLAYING, rig.service.ledState());
        rig.clock.advanceMs(1);
        assertEquals(LedState.SHUTTING_DOWN, rig.service.ledState());
        assertEquals(true, rig.value(StandardParams.MUTE), "muted at once, so the engine fades out");
        assertEquals(List.of(), rig.events, "nothing flushed or run during the fade");
        rig.up(BUTTON);

        rig.clock.advanceMs(1499);
        assertEquals(List.of(), rig.events);
        rig.clock.advanceMs(1);
        assertEquals(List.of("flush state (muted=true)", "command sudo -n /sbin/poweroff within 20000 ms"), rig.events);
        assertEquals(SafeShutdown.Phase.REQUESTED, rig.service.safeShutdown().phase());
        assertEquals(LedState.SHUTTING_DOWN, rig.service.ledState(), "flickers until the service is stopped");
        rig.status.publish(ButtonRolesTest.report("ok", false, false, 0));
        assertEquals(LedState.SHUTTING_DOWN, rig.service.ledState(), "status reports no longer change it");
    }

    @Test
    void aFailedCommandLeavesTheBoxUpShowsAnErrorAndALongPressRetries() {
        start();
        rig.commandResults.add(new CommandRunner.Result(1, "Interactive authentication required."));
        rig.down(BUTTON);
        rig.clock.advanceMs(3000 + 1500);
        assertEquals(SafeShutdown.Phase.FAILED, rig.service.safeShutdown().phase());
        assertEquals(LedState.ERROR, rig.service.ledState());
        assertEquals("Interactive authentication required.", rig.service.safeShutdown().lastResult().output());
        assertEquals(true, rig.value(StandardParams.MUTE), "stays muted");
        rig.up(BUTTON);
        rig.clock.advanceMs(100);

        rig.down(BUTTON);
        rig.clock.advanceMs(3000 + 1500);
        assertEquals(SafeShutdown.Phase.REQUESTED, rig.service.safeShutdown().phase());
        assertEquals(4, rig.events.size(), rig.events.toString());
    }

    @Test
    void aSecondRequestDuringTheSequenceIsIgnored() {
        start();
        rig.down(BUTTON);
        rig.clock.advanceMs(3000);
        assertTrue(rig.service.safeShutdown().phase() == SafeShutdown.Phase.FADING);
        assertEquals(false, rig.service.safeShutdown().begin(mrtbox.control.param.ChangeSource.INTERNAL));
        rig.clock.advanceMs(2000);
        assertEquals(2, rig.events.size(), "one flush, one command: " + rig.events);
    }

    @Test
    void aShortPressOnTheShutdownButtonIsJustItsPressAction() {
        start();
        rig.tap(BUTTON, 500);
        assertEquals(List.of("allNotesOff from gpio:button 26"), rig.events);
        assertEquals(SafeShutdown.Phase.IDLE, rig.service.safeShutdown().phase());
    }

    @Test
    void theRealProcessRunnerReportsExitCodesOutputAndFailures() {
        ProcessCommandRunner runner = new ProcessCommandRunner();
        Duration t = Duration.ofSeconds(10);
        assertEquals(new CommandRunner.Result(0, ""), runner.run(List.of("true"), t));
        assertEquals(1, runner.run(List.of("false"), t).exitCode());
        CommandRunner.Result r = runner.run(List.of("sh", "-c", "echo polkit says no >&2; exit 3"), t);
        assertEquals(new CommandRunner.Result(3, "polkit says no"), r);
        CommandRunner.Result missing = runner.run(List.of("/nonexistent/poweroff"), t);
        assertEquals(-1, missing.exitCode());
        assertTrue(missing.output().startsWith("cannot run [/nonexistent/poweroff]"), missing.output());
        CommandRunner.Result slow = runner.run(List.of("sleep", "5"), Duration.ofMillis(200));
        assertEquals(-1, slow.exitCode());
        assertTrue(slow.output().contains("did not finish within 200 ms"), slow.output());
    }

    @Test
    void theServiceRunsTheRealCommandThroughProcessBuilder() {
        for (String program : List.of("true", "false")) {
            try (GpioRig real = new GpioRig()) {
                GpioSettings.Button b = GpioSettings.Button.of(BUTTON, null).withLongPress("shutdown", 2000);
                real.service = GpioService.builder(new GpioSettings(null, null, null, null, null, List.of(b), null, null,
                                new GpioSettings.Shutdown(0, List.of(program), 5000)), real.registry)
                        .stateFlusher(() -> real.events.add("flush"))
                        .hardware(GpioHardware.pi4j(() -> real.pi4j, "mock"))
                        .scheduler(() -> real.clock)
                        .blockingWork(Runnable::run)
                        .build();
                real.service.start();
                real.releaseAll(BUTTON);
                real.down(BUTTON);
                real.clock.advanceMs(2000);
                assertEquals(List.of("flush"), real.events);
                SafeShutdown s = real.service.safeShutdown();
                assertEquals(program.equals("true") ? SafeShutdown.Phase.REQUESTED : SafeShutdown.Phase.FAILED, s.phase(), program);
                assertEquals(program.equals("true") ? 0 : 1, s.lastResult().exitCode());
            }
        }
    }
}
