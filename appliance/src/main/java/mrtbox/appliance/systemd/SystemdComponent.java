package mrtbox.appliance.systemd;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import mrtbox.appliance.service.Component;
import mrtbox.control.status.StatusBoard;
import mrtbox.control.status.StatusReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells systemd how the box is: READY=1 when it starts (it is the last component, so everything before it runs;
 * it first waits, bounded, for the engine's first step),
 * a STATUS= line with the model and health every {@link #STATUS_PERIOD}, and WATCHDOG=1 at half of WatchdogSec
 * while the health is not an error. A stalled engine publishes "error: ...", the pings stop, and systemd restarts
 * the service. Outside systemd all of this is a no-op.
 */
public final class SystemdComponent implements Component {
    private static final Logger log = LoggerFactory.getLogger(SystemdComponent.class);
    static final Duration STATUS_PERIOD = Duration.ofSeconds(20);

    /** The longest start-up wait for the first model step (inside systemd's TimeoutStartSec=300). */
    static final Duration READY_WAIT = Duration.ofSeconds(240);

    private final SystemdNotifier notifier;
    private final StatusBoard status;
    private final Readiness readiness;
    private ScheduledExecutorService timer;
    private volatile String lastHealth = "";

    public SystemdComponent(SystemdNotifier notifier, StatusBoard status, Readiness readiness) {
        this.notifier = notifier;
        this.status = status;
        this.readiness = readiness;
    }

    /** "tiny-v1 playing, health ok, rtf 3.1, underruns 0": what {@code systemctl status} shows. */
    static String statusLine(StatusReport r) {
        String model = r.model().isEmpty() ? "no model" : r.model() + (r.builtInNoise() ? " (built-in noise)" : "");
        return String.format(Locale.ROOT, "%s %s, health %s, rtf %.2f, underruns %d", model,
                r.playing() ? "playing" : "stopped", r.health(), r.realTimeFactor(), r.underruns());
    }

    static boolean healthy(StatusReport r) {
        return !r.health().startsWith("error");
    }

    @Override
    public String name() {
        return "systemd";
    }

    @Override
    public void start() throws InterruptedException {
        String state = readiness.await(READY_WAIT);
        log.info("ready: {}", state);
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "systemd-notify");
            t.setDaemon(true);
            return t;
        });
        notifier.ready(statusLine(status.current()));
        timer.scheduleAtFixedRate(this::sendStatus, STATUS_PERIOD.toMillis(), STATUS_PERIOD.toMillis(), TimeUnit.MILLISECONDS);
        notifier.watchdogInterval().ifPresent(interval -> {
            long half = Math.max(1, interval.toMillis() / 2);
            timer.scheduleAtFixedRate(this::feedWatchdog, 0, half, TimeUnit.MILLISECONDS);
            log.info("systemd watchdog: {} s, pinged every {} ms while healthy", interval.toSeconds(), half);
        });
        if (notifier.active()) log.info("told systemd READY=1 ({})", statusLine(status.current()));
    }

    private void sendStatus() {
        notifier.status(statusLine(status.current()));
    }

    private void feedWatchdog() {
        StatusReport r = status.current();
        if (healthy(r)) {
            notifier.watchdogPing();
        } else if (!r.health().equals(lastHealth)) {
            log.error("not feeding the systemd watchdog: health is {}", r.health());
        }
        lastHealth = r.health();
    }

    @Override
    public void stop() throws InterruptedException {
        notifier.stopping();
        timer.shutdownNow();
        timer.awaitTermination(2, TimeUnit.SECONDS);
    }
}
