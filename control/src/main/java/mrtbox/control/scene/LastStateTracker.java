package mrtbox.control.scene;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import mrtbox.control.param.ParamChange;
import mrtbox.control.param.ParameterRegistry;
import mrtbox.control.param.RegistryListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Saves the registry's persistent values after every change, debounced: a knob sweep of 200 changes becomes one
 * write once the knob rests ({@code quiet}), and a knob that never rests is still saved at least every
 * {@code maxDelay}. Writes happen on this tracker's own thread, never on the writer's.
 */
public final class LastStateTracker implements RegistryListener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LastStateTracker.class);

    private final ParameterRegistry registry;
    private final Consumer<Map<String, Object>> writer;
    private final long quietNanos;
    private final long maxDelayNanos;
    private final ScheduledExecutorService executor;
    private ScheduledFuture<?> pending;
    private long firstUnsavedAt;
    private boolean dirty;

    public LastStateTracker(ParameterRegistry registry, Consumer<Map<String, Object>> writer, Duration quiet, Duration maxDelay) {
        if (quiet.isNegative() || maxDelay.isNegative() || quiet.compareTo(maxDelay) > 0) {
            throw new IllegalArgumentException("need 0 <= quiet (" + quiet + ") <= maxDelay (" + maxDelay + ")");
        }
        this.registry = registry;
        this.writer = writer;
        this.quietNanos = quiet.toNanos();
        this.maxDelayNanos = maxDelay.toNanos();
        ScheduledThreadPoolExecutor ex = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "last-state-saver");
            t.setDaemon(true);
            return t;
        });
        ex.setExecuteExistingDelayedTasksAfterShutdownPolicy(false); // close() has flushed; drop pending saves
        this.executor = ex;
        registry.addListener(this);
    }

    @Override
    public synchronized void onChange(ParamChange change) {
        if (!change.spec().persistent()) return;
        long now = System.nanoTime();
        if (!dirty) {
            dirty = true;
            firstUnsavedAt = now;
        }
        if (pending != null) pending.cancel(false);
        long delay = Math.min(quietNanos, Math.max(0, firstUnsavedAt + maxDelayNanos - now));
        pending = executor.schedule(this::saveIfDirty, delay, TimeUnit.NANOSECONDS);
    }

    /** Writes now if anything is unsaved; returns when the write is done. Used at shutdown. */
    public void flush() {
        try {
            executor.submit(this::saveIfDirty).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.error("could not flush the last state", e);
        }
    }

    private void saveIfDirty() {
        synchronized (this) {
            if (!dirty) return;
            dirty = false;
        }
        try {
            writer.accept(registry.snapshot().persistentValues());
        } catch (RuntimeException e) {
            log.error("could not save the last state (retrying in {} ms): {}", maxDelayNanos / 1_000_000, e.toString());
            synchronized (this) {
                if (!dirty) {
                    dirty = true;
                    firstUnsavedAt = System.nanoTime();
                }
                if (pending != null) pending.cancel(false);
                pending = executor.schedule(this::saveIfDirty, maxDelayNanos, TimeUnit.NANOSECONDS);
            }
        }
    }

    @Override
    public void close() {
        registry.removeListener(this);
        flush();
        executor.shutdown();
    }
}
