package mrtbox.control.gpio;

import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The production {@link ControlScheduler}: one daemon thread, {@link System#nanoTime()}. */
final class ExecutorScheduler implements ControlScheduler {
    private static final Logger log = LoggerFactory.getLogger(ExecutorScheduler.class);

    private final ScheduledThreadPoolExecutor executor;

    ExecutorScheduler(String threadName) {
        executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    @Override
    public long nowNanos() {
        return System.nanoTime();
    }

    @Override
    public void execute(Runnable task) {
        if (!executor.isShutdown()) executor.execute(guarded(task));
    }

    @Override
    public Timer schedule(Runnable task, long atNanos) {
        if (executor.isShutdown()) return () -> {};
        var future = executor.schedule(guarded(task), Math.max(0, atNanos - nowNanos()), TimeUnit.NANOSECONDS);
        return () -> future.cancel(false);
    }

    @Override
    public void close() {
        // Let tasks already handed over finish (turning the LEDs off is one), drop the timers.
        executor.shutdown();
        try {
            if (!executor.awaitTermination(1, TimeUnit.SECONDS)) executor.shutdownNow();
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    // A scheduled executor swallows exceptions silently: say what failed and keep the thread serving.
    private static Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.error("hardware controls: a control task failed", e);
            }
        };
    }
}
