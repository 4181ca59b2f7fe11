package mrtbox.control.osc;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import mrtbox.control.param.ChangeSource;
import mrtbox.control.param.ParamChange;
import mrtbox.control.param.ParamHandle;
import mrtbox.control.param.ParamSpec;
import mrtbox.control.param.RegistryListener;
import mrtbox.control.status.StatusReport;

/**
 * Coalesces parameter changes and status reports between ticks: the latest value per address wins, so a knob
 * swept at 1 kHz costs each listener at most one message per address and tick. {@link #tick()} (called at the
 * echo rate by the server's scheduler) hands the batch to every {@link Sink}: UDP subscribers, OSCQuery sockets.
 * The registry's writer thread only does a map put.
 */
public final class ChangeFeed implements RegistryListener, Consumer<StatusReport> {

    /** The latest value of one parameter in this tick, and who set it. */
    public record Update(ParamSpec spec, Object value, ChangeSource source) {}

    public interface Sink {
        void values(List<Update> updates);

        default void status(StatusReport report) {}

        default void paramAdded(ParamHandle handle) {}
    }

    private final Map<String, Update> pending = new ConcurrentHashMap<>();
    private final AtomicReference<StatusReport> pendingStatus = new AtomicReference<>();
    private final List<Sink> sinks = new CopyOnWriteArrayList<>();

    public void addSink(Sink sink) {
        sinks.add(sink);
    }

    public void removeSink(Sink sink) {
        sinks.remove(sink);
    }

    @Override
    public void onChange(ParamChange change) {
        pending.put(change.spec().oscAddress(), new Update(change.spec(), change.newValue(), change.source()));
    }

    @Override
    public void onParamAdded(ParamHandle handle) {
        for (Sink s : sinks) s.paramAdded(handle);
    }

    /** A new status report (StatusBoard listener). */
    @Override
    public void accept(StatusReport report) {
        pendingStatus.set(report);
    }

    /** Sends what accumulated since the last tick. */
    public void tick() {
        List<Update> batch = new ArrayList<>();
        for (String address : pending.keySet()) {
            Update u = pending.remove(address);
            if (u != null) batch.add(u);
        }
        StatusReport status = pendingStatus.getAndSet(null);
        if (batch.isEmpty() && status == null) return;
        for (Sink s : sinks) {
            if (!batch.isEmpty()) s.values(batch);
            if (status != null) s.status(status);
        }
    }
}
