package mrtbox.appliance.operations;

import java.net.SocketException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import mrtbox.appliance.config.MrtboxConfig;
import mrtbox.appliance.health.StatusNotes;
import mrtbox.appliance.metrics.BuildInfo;
import mrtbox.appliance.service.Component;
import mrtbox.control.status.StatusBoard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbound heartbeat: every {@code intervalSeconds} the current status as a {@link HeartbeatMessage} to each
 * configured target (HTTP POST, OSC). Each target has its own thread, each send bounded by a timeout, so a dead receiver
 * never holds up anything else; failures are logged rate-limited ({@link FailureLog}) and shown in the status
 * through {@link StatusNotes}. Without a URL or OSC target it does nothing. The JSON carries every series of the
 * box's metrics, so installations without Prometheus see the same facts.
 */
public final class HeartbeatComponent implements Component {
    private static final Logger log = LoggerFactory.getLogger(HeartbeatComponent.class);
    /** A failing target is reported at most this often. */
    static final Duration LOG_EVERY = Duration.ofMinutes(10);
    static final Duration MAX_TIMEOUT = Duration.ofSeconds(10);

    private final MrtboxConfig.Heartbeat cfg;
    private final StatusBoard status;
    private final StatusNotes notes;
    private final String boxName;
    private final String location;
    private final Supplier<Map<String, Double>> metrics;
    private final String version;
    private final Clock clock;
    private final List<Sender> senders = new ArrayList<>();
    private ScheduledExecutorService timer;

    /**
     * @param boxName  the box's name ({@code box.name}): the name sent when the heartbeat section names none
     * @param location where the box stands ({@code box.location})
     * @param metrics  the box's series by PromQL name ({@link mrtbox.appliance.metrics.FlatMetrics}), read per beat
     */
    public HeartbeatComponent(MrtboxConfig.Heartbeat cfg, String boxName, String location, StatusBoard status, StatusNotes notes,
                              Supplier<Map<String, Double>> metrics, Clock clock) {
        this.cfg = cfg;
        this.status = status;
        this.notes = notes;
        this.boxName = cfg.name() != null ? cfg.name() : boxName;
        this.location = location;
        this.metrics = metrics;
        this.version = BuildInfo.current().version();
        this.clock = clock;
    }

    @Override
    public String name() {
        return "heartbeat";
    }

    @Override
    public void start() throws SocketException {
        if (!cfg.enabled()) return;
        Duration interval = Duration.ofSeconds(cfg.intervalSeconds());
        Duration timeout = interval.compareTo(MAX_TIMEOUT) < 0 ? interval : MAX_TIMEOUT;
        if (cfg.url() != null) senders.add(new Sender(new HttpHeartbeat(URI.create(cfg.url()), timeout)));
        if (cfg.osc() != null) senders.add(new Sender(new OscHeartbeat(MrtboxConfig.Heartbeat.oscTarget(cfg.osc()))));
        // A thread per target: a receiver that hangs until the timeout delays only its own beats.
        timer = Executors.newScheduledThreadPool(senders.size(), r -> {
            Thread t = new Thread(r, "heartbeat");
            t.setDaemon(true);
            return t;
        });
        for (Sender s : senders) timer.scheduleAtFixedRate(() -> s.send(message()), 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        log.info("heartbeat every {} s as '{}' to {}", interval.toSeconds(), boxName,
                senders.stream().map(s -> s.target.describe()).toList());
    }

    private HeartbeatMessage message() {
        return HeartbeatMessage.of(boxName, location, version, status.current(), metrics.get());
    }

    @Override
    public void stop() throws InterruptedException {
        if (timer == null) return;
        timer.shutdownNow();
        timer.awaitTermination(2, TimeUnit.SECONDS);
        for (Sender s : senders) {
            s.target.close();
            notes.clear(s.topic);
        }
    }

    /** One target with its failure log and status note. */
    private final class Sender {
        final HeartbeatTarget target;
        final FailureLog failures;
        final String topic;

        Sender(HeartbeatTarget target) {
            this.target = target;
            this.topic = "heartbeat " + target.describe();
            this.failures = new FailureLog(log, topic, LOG_EVERY, clock);
        }

        /** One beat; never throws (that would end its fixed-rate schedule). */
        void send(HeartbeatMessage message) {
            try {
                target.send(message);
                failures.succeeded();
                notes.clear(topic);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                failures.failed(describe(e));
                notes.put(topic, failures.problem());
            }
        }
    }

    private static String describe(Exception e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
