package mrtbox.control.gpio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import mrtbox.control.param.StandardParams;
import org.junit.jupiter.api.Test;

/**
 * The production scheduler (one daemon thread, System.nanoTime) under the service, with the mock pins toggled from
 * the test thread as Pi4J's own threads would. Waits are bounded; nothing here measures speed.
 */
class RealClockTest {
    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) throw new AssertionError("timed out waiting for " + what);
            Thread.sleep(5);
        }
    }

    @Test
    void schedulerRunsTasksInOrderTimersWhenDueAndFinishesHandedOverWorkOnClose() throws Exception {
        ExecutorScheduler s = new ExecutorScheduler("test-gpio");
        List<String> seen = new CopyOnWriteArrayList<>();
        CountDownLatch fired = new CountDownLatch(1);
        long start = s.nowNanos();
        s.schedule(() -> {
            seen.add("timer at +" + (s.nowNanos() - start >= 30_000_000L ? ">=30ms" : "<30ms"));
            fired.countDown();
        }, start + 30_000_000L);
        ControlScheduler.Timer cancelled = s.schedule(() -> seen.add("cancelled timer ran"), start + 2_000_000_000L);
        cancelled.cancel();
        s.execute(() -> seen.add("a"));
        s.execute(() -> { throw new IllegalStateException("a failing task is logged, the thread lives on"); });
        s.execute(() -> seen.add("b"));
        assertTrue(fired.await(5, TimeUnit.SECONDS));
        s.execute(() -> seen.add("last"));
        s.schedule(() -> seen.add("timer after close"), s.nowNanos() + 1_000_000_000L);
        s.close();
        // Handed-over tasks keep their order; the timer ran no earlier than asked; cancelled and pending timers never ran.
        assertEquals(List.of("a", "b", "last"), seen.stream().filter(x -> !x.startsWith("timer")).toList());
        assertTrue(seen.contains("timer at +>=30ms"), seen.toString());
        assertEquals(4, seen.size(), seen.toString());
    }

    @Test
    void buttonsAndLedsWorkOnTheRealControlThread() throws Exception {
        try (GpioRig rig = new GpioRig()) {
            GpioSettings settings = new GpioSettings(null, null, null, null, null,
                    List.of(GpioSettings.Button.of(17, "trigger transport.play")), null, List.of(GpioSettings.Led.of(12)), null);
            rig.service = GpioService.builder(settings, rig.registry).status(rig.status)
                    .hardware(GpioHardware.pi4j(() -> rig.pi4j, "mock")).build();
            rig.service.start();
            rig.up(17);
            Thread.sleep(60);
            rig.down(17);
            await(() -> rig.triggers(StandardParams.PLAY) == 1, "the press after the debounce window");
            rig.status.publish(ButtonRolesTest.report("ok", true, false, 0));
            await(() -> rig.service.ledState() == LedState.PLAYING && rig.lit(12), "the LED to follow the status board");
            rig.service.stop();
            assertTrue(!rig.pi4j.registry().exists(Pi4jPins.pinId(12)));
        }
    }
}
