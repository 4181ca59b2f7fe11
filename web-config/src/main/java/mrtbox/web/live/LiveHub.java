package mrtbox.web.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import mrtbox.control.mapping.Mapping;
import mrtbox.control.mapping.MappingBook;
import mrtbox.control.param.ParamChange;
import mrtbox.control.param.ParamHandle;
import mrtbox.control.param.RegistryListener;
import mrtbox.control.scene.Scene;
import mrtbox.control.scene.SceneBook;
import mrtbox.control.status.StatusReport;
import mrtbox.web.MidiMonitorAccess;
import mrtbox.web.WebServices;
import mrtbox.web.api.SystemProbe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes what changes to every open page: status reports (with CPU and temperature), parameter changes from any
 * source, scenes, mappings and learn state, and the MIDI monitor. Each message is serialised once and offered to
 * every client's {@link Outbox}; listeners only queue, so the writer threads (MIDI, OSC, engine) never wait on the
 * network. A one-second tick re-sends the status so the page stays live while the engine is quiet.
 */
public final class LiveHub implements RegistryListener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LiveHub.class);

    private final WebServices services;
    private final ObjectMapper json;
    private final SystemProbe probe;
    private final List<Outbox> clients = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService ticker;
    private final AtomicLong monitorSeq = new AtomicLong();
    private final Consumer<StatusReport> statusListener = this::statusChanged;
    private volatile SystemProbe.Sample system;
    private volatile long lastStatusNanos;
    private AutoCloseable monitorSubscription;

    public LiveHub(WebServices services, ObjectMapper json, SystemProbe probe) {
        this.services = services;
        this.json = json;
        this.probe = probe;
        this.system = probe.sample();
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "web-live-tick");
            t.setDaemon(true);
            return t;
        });
    }

    public void start() {
        services.registry().addListener(this);
        services.status().addListener(statusListener);
        services.scenes().addListener(this::scenesChanged);
        services.mappings().addListener(this::mappingsChanged);
        monitorSubscription = services.monitor().subscribe(this::midi);
        ticker.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    public void attach(Outbox client) {
        clients.add(client);
        client.offer("status", statusMessage(services.status().current()));
    }

    public void detach(Outbox client) {
        clients.remove(client);
    }

    public int clientCount() {
        return clients.size();
    }

    @Override
    public void onChange(ParamChange change) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "param");
        m.put("id", change.id());
        m.put("value", change.newValue());
        m.put("source", change.source().kind().name());
        m.put("version", change.snapshot().version()); // the page drops an echo older than what it already shows
        broadcast("param:" + change.id(), m);
    }

    @Override
    public void onParamAdded(ParamHandle handle) {
        broadcast("schema", Map.of("type", "schema"));
    }

    private void statusChanged(StatusReport report) {
        lastStatusNanos = System.nanoTime();
        broadcastText("status", statusMessage(report));
    }

    private void tick() {
        try {
            system = probe.sample();
            if (System.nanoTime() - lastStatusNanos > 900_000_000L) broadcastText("status", statusMessage(services.status().current()));
        } catch (RuntimeException e) {
            log.warn("live status tick failed", e);
        }
    }

    private void scenesChanged(List<Scene> scenes) {
        broadcast("scenes", Map.of("type", "scenes", "scenes", scenes.stream().map(Scene::name).toList()));
    }

    private void mappingsChanged(List<Mapping> mappings) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "mappings");
        m.put("mappings", mappings);
        m.put("armed", services.learn().armed().orElse(null));
        broadcast("mappings", m);
    }

    private void midi(MidiMonitorAccess.MidiEvent e) {
        broadcast("midi:" + monitorSeq.incrementAndGet(), Map.of("type", "midi", "event", e));
    }

    private String statusMessage(StatusReport r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "status");
        m.put("report", r);
        m.put("system", system);
        m.put("armed", services.learn().armed().orElse(null));
        return write(m);
    }

    private void broadcast(String key, Object message) {
        if (clients.isEmpty()) return;
        broadcastText(key, write(message));
    }

    private void broadcastText(String key, String text) {
        if (text == null) return;
        for (Outbox c : clients) {
            try {
                c.offer(key, text);
            } catch (RuntimeException e) { // a client that broke mid-send must not reach the publisher's thread
                log.debug("dropping a live client", e);
                clients.remove(c);
            }
        }
    }

    private String write(Object message) {
        try {
            return json.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            log.error("cannot serialise a live message", e);
            return null;
        }
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        services.registry().removeListener(this);
        services.status().removeListener(statusListener);
        if (monitorSubscription != null) {
            try {
                monitorSubscription.close();
            } catch (Exception e) {
                log.warn("closing the MIDI monitor subscription failed", e);
            }
        }
    }
}
