package mrtbox.appliance.health;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import mrtbox.appliance.service.Component;
import mrtbox.control.status.StatusBoard;
import mrtbox.control.status.StatusReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a {@link StatusReport} on the {@link StatusBoard} ten times a second from the {@link StatusSource} (the
 * engine's metrics) and the {@link InputStatusSource} (the live input), with the {@link StatusNotes} added to its
 * last error.
 */
public final class StatusPublisher implements Component {
    private static final Logger log = LoggerFactory.getLogger(StatusPublisher.class);
    static final long PERIOD_MS = 100;

    private final StatusBoard board;
    private final StatusSource source;
    private final InputStatusSource input;
    private final StatusNotes notes;
    private final long startNanos = System.nanoTime();
    private final HealthLog healthLog = new HealthLog();
    private ScheduledExecutorService timer;

    public StatusPublisher(StatusBoard board, StatusSource source, InputStatusSource input, StatusNotes notes) {
        this.board = board;
        this.source = source;
        this.input = input;
        this.notes = notes;
    }

    @Override
    public String name() {
        return "status";
    }

    @Override
    public void start() {
        publish();
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "status-publisher");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(this::publish, PERIOD_MS, PERIOD_MS, TimeUnit.MILLISECONDS);
    }

    private void publish() {
        try {
            StatusReport r = withNotes(source.report((System.nanoTime() - startNanos) / 1e9), notes).withInput(input.status());
            board.publish(r);
            String health = healthLog.changed(r.health());
            if (health != null && health.startsWith("degraded")) log.warn("health: {}", health);
            else if (health != null) log.info("health: {}", health);
        } catch (RuntimeException e) {
            log.warn("status report failed: {}", e.toString());
        }
    }

    /**
     * The engine's last error first, then the notes; problems turn an "ok" health into {@code degraded: <problems>}
     * and are added to a degraded one (an error stays as it is).
     */
    public static StatusReport withNotes(StatusReport r, StatusNotes notes) {
        String text = notes.text();
        if (text.isEmpty()) return r;
        String lastError = r.lastError().isEmpty() ? text : r.lastError() + "; " + text;
        String problems = notes.problemText();
        String health = r.health();
        if (!problems.isEmpty() && health.startsWith("ok")) health = "degraded: " + problems;
        else if (!problems.isEmpty() && health.startsWith("degraded: ")) health = health + "; " + problems;
        return r.withHealth(health, lastError);
    }

    @Override
    public void stop() throws InterruptedException {
        timer.shutdownNow();
        timer.awaitTermination(2, TimeUnit.SECONDS);
    }
}
