package mrtbox.control.osc;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import mrtbox.control.mapping.LearnControl;
import mrtbox.control.notes.NoteInput;
import mrtbox.control.oscquery.OscQueryServer;
import mrtbox.control.param.ParameterRegistry;
import mrtbox.control.scene.SceneBook;
import mrtbox.control.status.StatusBoard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OSC frontend as one service: the UDP server, OSCQuery (HTTP + WebSocket) and Zeroconf. Start once, stop
 * once. Zeroconf runs on its own thread because JmDNS probes for a few seconds; its failure is logged, never fatal.
 */
public final class OscService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OscService.class);
    public static final String OSC_SERVICE_TYPE = "_osc._udp.local.";
    public static final String OSCJSON_SERVICE_TYPE = "_oscjson._tcp.local.";

    /** A service the appliance wants advertised next to ours (the web page's {@code _http._tcp}). */
    private record Extra(String type, int port, Map<String, String> text) {}

    private final OscSettings settings;
    private final OscServer osc;
    private final OscQueryServer oscQuery;
    private final List<Extra> extras = new ArrayList<>();
    private ZeroconfAdvertiser zeroconf;
    private Thread zeroconfStarter;
    private boolean started;

    /**
     * @param scenes may be null; notes may be null; learn may be null (OSC then answers those commands with an error)
     */
    public OscService(OscSettings settings, ParameterRegistry registry, SceneBook scenes, NoteInput notes,
                      LearnControl learn, StatusBoard status) {
        this.settings = settings;
        this.osc = new OscServer(settings, registry, scenes, notes, learn, status, Clock.systemUTC());
        this.oscQuery = settings.oscQueryEnabled() ? new OscQueryServer(osc, registry, status) : null;
    }

    /** The Markdown address table ({@code mrtbox osc-table}, README). */
    public static String addressTable(ParameterRegistry registry) {
        return OscAddressTable.markdown(registry);
    }

    /** Asks for one more mDNS service (for example {@code _http._tcp.local.} for the page); call before start(). */
    public synchronized void advertiseAlso(String type, int port, Map<String, String> text) {
        if (started) throw new IllegalStateException("advertiseAlso must come before start()");
        extras.add(new Extra(type, port, Map.copyOf(text)));
    }

    public synchronized void start() throws Exception {
        if (started) throw new IllegalStateException("already started");
        osc.start();
        try {
            if (oscQuery != null) oscQuery.start();
        } catch (Exception e) {
            osc.close();
            throw e;
        }
        started = true;
        if (settings.zeroconf()) {
            zeroconfStarter = new Thread(this::startZeroconf, "zeroconf-start");
            zeroconfStarter.setDaemon(true);
            zeroconfStarter.start();
        }
    }

    private void startZeroconf() {
        try {
            InetAddress address = ZeroconfAdvertiser.chooseAddress(settings.zeroconfInterface(), settings.bindAddress());
            ZeroconfAdvertiser z = new ZeroconfAdvertiser(address, settings.serviceName());
            synchronized (this) {
                if (!started) return;
                zeroconf = z;
            }
            z.start();
            String name = settings.serviceName();
            z.advertise(OSC_SERVICE_TYPE, name, osc.localAddress().getPort(), Map.of("txtvers", "1"));
            if (oscQuery != null) z.advertise(OSCJSON_SERVICE_TYPE, name, oscQuery.localPort(), Map.of("txtvers", "1"));
            List<Extra> more;
            synchronized (this) {
                more = List.copyOf(extras);
            }
            for (Extra e : more) z.advertise(e.type(), name, e.port(), e.text());
        } catch (IOException | RuntimeException e) {
            log.warn("Zeroconf advertising failed (OSC still works; clients must be given the address): {}", e.toString());
        }
    }

    public OscServer osc() {
        return osc;
    }

    /** OSCQuery, or null when disabled. */
    public OscQueryServer oscQuery() {
        return oscQuery;
    }

    public OscStats stats() {
        return osc.stats();
    }

    public void stop() {
        close();
    }

    @Override
    public void close() {
        ZeroconfAdvertiser z;
        synchronized (this) {
            if (!started) return;
            started = false;
            z = zeroconf;
            zeroconf = null;
        }
        if (zeroconfStarter != null) {
            try {
                zeroconfStarter.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (z != null) z.close();
        if (oscQuery != null) oscQuery.close();
        osc.close();
    }
}
