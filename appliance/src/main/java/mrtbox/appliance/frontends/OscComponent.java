package mrtbox.appliance.frontends;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import mrtbox.appliance.config.MrtboxConfig;
import mrtbox.appliance.service.Component;
import mrtbox.appliance.state.BoxSettingsFile;
import mrtbox.control.mapping.LearnControl;
import mrtbox.control.notes.NoteBus;
import mrtbox.control.osc.Cidr;
import mrtbox.control.osc.OscService;
import mrtbox.control.osc.OscSettings;
import mrtbox.control.param.ParameterRegistry;
import mrtbox.control.scene.SceneBook;
import mrtbox.control.status.StatusBoard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OSC over UDP, OSCQuery and Zeroconf (which also advertises the web page as {@code _http._tcp}). The port and
 * allowlist come from the config, overridden by the page's choices ({@code settings.json}); changing them from the
 * page restarts the service on the new settings ({@link #restart}), and goes back to the old ones if that fails
 * (the page's OSC view, {@link OscControl}, does that).
 */
public final class OscComponent implements Component {
    private static final Logger log = LoggerFactory.getLogger(OscComponent.class);

    private final ParameterRegistry registry;
    private final SceneBook scenes;
    private final NoteBus notes;
    private final LearnControl learn;
    private final StatusBoard status;
    private final int webPort;
    private final MrtboxConfig.Osc config;
    private final List<String> hostNames;
    private OscSettings settings;
    private List<String> allowlist;
    private volatile OscService service;

    /**
     * @param chosen  the page's saved choices (port and allowlist win over the config's)
     * @param webPort the web page's port, advertised over Zeroconf
     * @param hostNames extra names OSCQuery may be reached by (the config's web.hostNames)
     */
    public OscComponent(MrtboxConfig.Osc config, List<String> hostNames, BoxSettingsFile chosen, int webPort, ParameterRegistry registry, SceneBook scenes,
                        NoteBus notes, LearnControl learn, StatusBoard status) {
        this.registry = registry;
        this.scenes = scenes;
        this.notes = notes;
        this.learn = learn;
        this.status = status;
        this.webPort = webPort;
        this.config = config;
        this.hostNames = List.copyOf(hostNames);
        this.allowlist = chosen.oscAllowlist() != null ? chosen.oscAllowlist() : config.allowlist();
        this.settings = settings(config, hostNames, chosen.oscPort() != null ? chosen.oscPort() : config.port(), allowlist);
    }

    /** The OSC settings for a port and allowlist (empty: the box's own subnets and loopback). */
    static OscSettings settings(MrtboxConfig.Osc cfg, List<String> hostNames, int port, List<String> allow) {
        return OscSettings.builder()
                .bindAddress(cfg.bind())
                .port(port)
                .oscQueryPort(cfg.oscQueryPort())
                .zeroconf(cfg.zeroconf())
                .zeroconfInterface(cfg.zeroconfInterface())
                .serviceName(cfg.serviceName())
                .allowedNetworks(networks(allow))
                .allowedOrigins(cfg.allowedOrigins())
                .hostNames(hostNames)
                .build();
    }

    /** Parses an allowlist; names the entry at fault. */
    static List<Cidr> networks(List<String> entries) {
        List<Cidr> out = new ArrayList<>();
        for (String e : entries) out.add(Cidr.parse(e));
        return out;
    }

    @Override
    public String name() {
        return "osc";
    }

    @Override
    public synchronized void start() throws Exception {
        service = open(settings);
    }

    private OscService open(OscSettings s) throws Exception {
        OscService osc = new OscService(s, registry, scenes, notes, learn, status);
        // Port 0 (tests) has no known port before the web server binds: advertise only a real one.
        if (webPort != 0) osc.advertiseAlso("_http._tcp.local.", webPort, Map.of("path", "/"));
        osc.start();
        return osc;
    }

    /** The running service (null before start and after stop). */
    public OscService service() {
        return service;
    }

    public synchronized OscSettings settings() {
        return settings;
    }

    /** The allowlist entries in force as given (empty: the box's own subnets and loopback). */
    synchronized List<String> allowlist() {
        return allowlist;
    }

    /**
     * Stops OSC and starts it again on a new port and allowlist; a bad allowlist entry is refused first (nothing
     * changes); when the new port cannot be opened, the old settings come back and the error is rethrown.
     */
    synchronized void restart(int port, List<String> allow) throws Exception {
        OscSettings next = settings(config, hostNames, port, allow);
        OscService old = service;
        if (old != null) old.close();
        try {
            service = open(next);
            settings = next;
            allowlist = List.copyOf(allow);
            log.info("OSC restarted on port {} (senders from {})", service.osc().localAddress().getPort(), service.osc().allowlist());
        } catch (Exception e) {
            service = open(settings);
            throw e;
        }
    }

    @Override
    public synchronized void stop() {
        OscService s = service;
        service = null;
        if (s != null) s.close();
    }
}
