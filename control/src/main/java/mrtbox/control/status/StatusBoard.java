package mrtbox.control.status;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The latest {@link StatusReport}, published by the appliance and read by every frontend (web, OSC, systemd).
 * Reads never block; listeners run on the publisher's thread and must be quick.
 */
public final class StatusBoard {
    private volatile StatusReport current = StatusReport.STARTING;
    private final List<Consumer<StatusReport>> listeners = new CopyOnWriteArrayList<>();

    public StatusReport current() {
        return current;
    }

    public void publish(StatusReport report) {
        current = report;
        for (Consumer<StatusReport> l : listeners) l.accept(report);
    }

    public void addListener(Consumer<StatusReport> l) {
        listeners.add(l);
    }

    public void removeListener(Consumer<StatusReport> l) {
        listeners.remove(l);
    }
}
