package mrtbox.appliance.wiring;

import java.time.Clock;
import java.util.List;
import mrtbox.appliance.config.MrtboxConfig;
import mrtbox.appliance.catalog.ModelCatalog;
import mrtbox.appliance.service.ApplianceContext;
import mrtbox.appliance.service.Component;
import mrtbox.control.mapping.LearnControl;
import mrtbox.control.mapping.MappingBook;
import mrtbox.control.midi.MidiMonitor;
import mrtbox.control.notes.NoteBus;
import mrtbox.control.status.StatusBoard;
import mrtbox.web.WebServer;
import mrtbox.web.WebServices;
import mrtbox.web.WebSettings;
import mrtbox.web.auth.FileCredentialStore;

/**
 * The configuration page: {@link WebServer} over the shared control objects and the appliance's adapters
 * ({@link BoxSetup}, {@link ConfigBackup}, {@link PromptAudioStore}, {@link MidiMonitorFeed}, {@link OscControl}).
 * The password hash lives in {@code <state>/web-password}; with HTTPS the certificate in {@code <state>/web-tls.p12}.
 */
public final class WebComponent implements Component {
    private final WebServer server;
    private final StatusNotes notes;

    public WebComponent(ApplianceContext context) {
        MrtboxConfig.Web cfg = context.config().web();
        BoxSettings saved = context.require(BoxSettings.class);
        MappingBook mappings = context.require(MappingBook.class);
        WebServices services = new WebServices(context.registry(), context.scenes(), mappings,
                context.require(LearnControl.class), context.require(NoteBus.class), context.require(StatusBoard.class),
                new BoxSetup(context.config(), saved, context.scenes(), ModelCatalog.standard(context.paths().models())),
                new ConfigBackup(context.store(), context.scenes(), mappings, saved, Clock.systemUTC()),
                context.require(PromptAudioStore.class),
                new MidiMonitorFeed(context.require(MidiMonitor.class)),
                context.require(OscControl.class));
        WebSettings settings = WebSettings.builder()
                .port(cfg.port())
                .bind(cfg.bind())
                .https(cfg.https())
                .keystore(context.paths().state().resolve("web-tls.p12"))
                .tlsNames(List.of())
                .publicHealth(cfg.publicHealth())
                .hostNames(webHostNames(cfg, context.config().osc()))
                .build();
        this.server = WebServer.builder()
                .settings(settings)
                .services(services)
                .credentials(new FileCredentialStore(context.paths().state().resolve("web-password")))
                .build();
        context.provide(WebServer.class, server);
        this.notes = context.require(StatusNotes.class);
    }

    @Override
    public String name() {
        return "web";
    }

    @Override
    public void start() throws Exception {
        server.start();
        notes.watch("web password", server::passwordProblem);
    }

    @Override
    public void stop() throws Exception {
        server.stop();
    }

    /** The config's names plus the mDNS name the box advertises itself by ({@code <serviceName>.local}). */
    static List<String> webHostNames(MrtboxConfig.Web web, MrtboxConfig.Osc osc) {
        List<String> names = new java.util.ArrayList<>(web.hostNames());
        names.add(osc.serviceName() + ".local");
        return names;
    }
}
