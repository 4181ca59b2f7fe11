package mrtbox.appliance.page;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Path;
import java.util.List;
import mrtbox.appliance.config.MrtboxConfig;
import mrtbox.appliance.service.Component;
import mrtbox.web.WebServer;
import mrtbox.web.WebServices;
import mrtbox.web.WebSettings;
import mrtbox.web.auth.FileCredentialStore;
import mrtbox.web.auth.SessionFile;

/**
 * The configuration page: {@link WebServer} over the shared control objects and the appliance's adapters
 * ({@link BoxSetup}, {@link ConfigBackup}, the styles' uploads, {@link MidiMonitorFeed}, the OSC view), all in
 * the {@link WebServices} it is given. The password hash lives in {@code <state>/web-password}; with HTTPS the
 * certificate in {@code <state>/web-tls.p12}. It serves the box's metrics at {@code /metrics}.
 */
public final class WebComponent implements Component {
    private final WebServer server;

    /**
     * @param mdnsName  the name the box advertises itself by ({@code <osc.serviceName>.local}), a trusted host name
     * @param pageTitle the page's title: the box's name and location
     * @param metrics   what {@code GET /metrics} serves, when {@code web.metrics} lets anyone read it
     */
    public WebComponent(MrtboxConfig.Web cfg, String mdnsName, Path stateDir, WebServices services, String pageTitle,
                        PrometheusRegistry metrics) {
        List<String> hostNames = new java.util.ArrayList<>(cfg.hostNames());
        hostNames.add(mdnsName);
        WebSettings settings = WebSettings.builder()
                .port(cfg.port())
                .bind(cfg.bind())
                .https(cfg.https())
                .keystore(stateDir.resolve("web-tls.p12"))
                .tlsNames(List.of())
                .publicHealth(cfg.publicHealth())
                .hostNames(hostNames)
                .metrics(cfg.scrapeAccess())
                .pageTitle(pageTitle)
                .build();
        this.server = WebServer.builder()
                .settings(settings)
                .services(services)
                .credentials(new FileCredentialStore(stateDir.resolve("web-password")))
                .sessionFile(new SessionFile(new FileCredentialStore(stateDir.resolve("web-sessions")),
                        new FileCredentialStore(stateDir.resolve("web-session-key"))))
                .metrics(metrics)
                .build();
    }

    /** The running server (its port, for tests that bind port 0). */
    public WebServer server() {
        return server;
    }

    @Override
    public String name() {
        return "web";
    }

    @Override
    public void start() throws Exception {
        server.start();
    }

    @Override
    public void stop() throws Exception {
        server.stop();
    }
}
