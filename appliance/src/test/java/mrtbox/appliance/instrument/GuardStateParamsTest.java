package mrtbox.appliance.instrument;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import mrtbox.control.mapping.Mapping;
import mrtbox.control.mapping.MappingBook;
import mrtbox.control.mapping.MidiSource;
import mrtbox.control.midi.MidiService;
import mrtbox.control.midi.MidiSettings;
import mrtbox.control.param.ChangeSource;
import mrtbox.control.param.ParameterRegistry;
import mrtbox.control.param.StandardParams;
import mrtbox.control.status.StatusBoard;
import mrtbox.control.status.StatusReport;
import mrtbox.inference.guard.GuardStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What the guard did, as read-only parameters: guard.state and guard.actions follow the status reports (made from
 * the guard's status as the pipeline makes them) with the hold time, and reach a mapped controller as MIDI feedback
 * through the real MIDI service; the controller cannot set them.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GuardStateParamsTest {
    private static final StatusReport OK = StatusReport.STARTING.withHealth("ok", "");
    private final ParameterRegistry registry = new ParameterRegistry();
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final StatusBoard board = new StatusBoard();

    GuardStateParamsTest() {
        registry.registerAll(StandardParams.all());
        board.addListener(new GuardStateParams(registry, now::get));
    }

    private static GuardStatus status(long actions, String check, String action, String gaveUp) {
        return new GuardStatus(Map.of(check, actions), Map.of(check, actions), check, action, 100 * actions, gaveUp, 2);
    }

    private void publish(GuardStatus g) {
        board.publish(GuardBridge.withGuard(OK, g));
    }

    private String state() {
        return (String) registry.snapshot().value(GuardParameters.STATE);
    }

    private int actions() {
        return registry.snapshot().integer(registry.require(GuardParameters.ACTION_COUNT));
    }

    private void later(int seconds) {
        now.addAndGet(TimeUnit.SECONDS.toNanos(seconds));
    }

    @Test
    void theStateShowsARollbackForTheHoldTimeAndGaveUpWhileItLasts() {
        publish(GuardStatus.NONE);
        assertEquals("ok", state());
        publish(status(0, "loud", "report", ""));
        assertEquals("ok", state(), "a report is not an action");
        publish(status(1, "stuck", "rollback", ""));
        assertEquals("rollback", state());
        assertEquals(1, actions());
        later(GuardStateParams.HOLD_SECONDS - 1);
        publish(status(1, "stuck", "rollback", ""));
        assertEquals("rollback", state(), "still within the hold");
        later(2);
        publish(status(1, "stuck", "rollback", ""));
        assertEquals("ok", state(), "the hold is over");
        publish(status(2, "silence", "reset", ""));
        assertEquals("reset", state());
        publish(status(3, "silence", "none (gave up)", "silence"));
        assertEquals("gave_up", state());
        assertEquals(3, actions());
        later(600);
        publish(status(3, "silence", "none (gave up)", "silence"));
        assertEquals("gave_up", state(), "as long as the guard has given up");
        publish(status(3, "silence", "none (gave up)", ""));
        assertEquals("ok", state(), "acting again");
        publish(GuardStatus.NONE);   // a new pipeline after a live model switch counts from 0
        assertEquals(0, actions());
        assertEquals("ok", state());
        assertFalse(registry.set(GuardParameters.STATE, "rollback", ChangeSource.of(ChangeSource.Kind.OSC, "x")).ok(), "read only for OSC");
        assertFalse(registry.require(GuardParameters.STATE).spec().persistent(), "not saved in scenes or the last state");
    }

    @Test
    void aGuardActionReachesAMappedPadAndLedRingAsMidiFeedback() throws Exception {
        TestController pad = new TestController("APC mini [hw:1,0,0]");
        MappingBook mappings = new MappingBook(registry);
        mappings.put(new Mapping("", new MidiSource("APC mini", 1, MidiSource.MessageType.NOTE, 64), GuardParameters.STATE, 0, 1,
                Mapping.Curve.LINEAR, Mapping.Mode.TOGGLE, Mapping.Takeover.JUMP, true));
        mappings.put(new Mapping("", new MidiSource("APC mini", 1, MidiSource.MessageType.CC, 48), GuardParameters.ACTION_COUNT, 0, 127,
                Mapping.Curve.LINEAR, Mapping.Mode.ABSOLUTE, Mapping.Takeover.JUMP, true));
        MidiService midi = MidiService.builder(registry, mappings).provider(pad)
                .settings(MidiSettings.builder().pollMillis(3_600_000).tickMillis(5).feedbackMillis(20).build()).build();
        midi.start();
        try {
            midi.pollDevices();
            assertTrue(midi.settle(Duration.ofSeconds(10)));
            assertTrue(pad.received().containsAll(List.of("90 64 0", "B0 48 0")), "connected: the pad dark, the ring at 0: " + pad.received());
            pad.clear();
            publish(status(1, "stuck", "rollback", ""));
            assertTrue(midi.settle(Duration.ofSeconds(10)));
            assertEquals(List.of("90 64 127", "B0 48 1"), sorted(pad.received()), "the rollback lights the pad and counts on the ring");
            pad.clear();
            assertTrue(pad.send(javax.sound.midi.ShortMessage.NOTE_ON, 1, 64, 127), "the box opened the controller");   // pressing the lit pad
            assertTrue(midi.settle(Duration.ofSeconds(10)));
            assertEquals("rollback", state(), "the pad cannot clear it");
            later(GuardStateParams.HOLD_SECONDS + 1);
            publish(status(1, "stuck", "rollback", ""));
            assertTrue(midi.settle(Duration.ofSeconds(10)));
            assertEquals(List.of("90 64 0"), pad.received().stream().filter(s -> s.startsWith("90")).toList(), "dark again after the hold");
            publish(status(3, "stuck", "none (gave up)", "stuck"));
            assertTrue(midi.settle(Duration.ofSeconds(10)));
            assertTrue(pad.received().containsAll(List.of("90 64 127", "B0 48 3")), "gave up: lit, three actions: " + pad.received());
        } finally {
            midi.stop();
        }
    }

    private static List<String> sorted(List<String> got) {
        return got.stream().distinct().sorted().toList();
    }
}
