package mrtbox.appliance.wiring;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import mrtbox.appliance.service.ApplianceContext;
import mrtbox.appliance.service.Component;
import mrtbox.control.status.StatusBoard;
import mrtbox.control.status.StatusReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a {@link StatusReport} on the {@link StatusBoard} ten times a second from the {@link StatusSource} an
 * earlier component provided (the engine). Without one the box runs its control frontends only, and says so.
 */
public final class StatusPublisher implements Component {
    private static final Logger log = LoggerFactory.getLogger(StatusPublisher.class);
    static final long PERIOD_MS = 100;
    static final String NO_ENGINE = "degraded: no audio engine in this build (control frontends only)";

    private final StatusBoard board;
    private final StatusSource source;
    private final long startNanos = System.nanoTime();
    private ScheduledExecutorService timer;

    public StatusPublisher(ApplianceContext context) {
        this.board = context.require(StatusBoard.class);
        this.source = context.optional(StatusSource.class).orElse(StatusPublisher::frontendsOnly);
    }

    static StatusReport frontendsOnly(double uptime) {
        StatusReport s = StatusReport.STARTING;
        return new StatusReport("", false, false, 0, 0, 0, 0, 0, s.peakDb(), s.rmsDb(), s.spectrumDb(), 0, 0, NO_ENGINE, "", uptime);
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
            board.publish(source.report((System.nanoTime() - startNanos) / 1e9));
        } catch (RuntimeException e) {
            log.warn("status report failed: {}", e.toString());
        }
    }

    @Override
    public void stop() throws InterruptedException {
        timer.shutdownNow();
        timer.awaitTermination(2, TimeUnit.SECONDS);
    }
}
