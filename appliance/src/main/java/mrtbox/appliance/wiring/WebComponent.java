package mrtbox.appliance.wiring;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import mrtbox.appliance.config.MrtboxConfig;
import mrtbox.appliance.catalog.ModelCatalog;
import mrtbox.appliance.metrics.BoxMetrics;
import mrtbox.appliance.metrics.BuildInfo;
import mrtbox.appliance.metrics.EngineFacts;
import mrtbox.appliance.service.ApplianceContext;
import mrtbox.appliance.service.Component;
import mrtbox.control.mapping.LearnControl;
import mrtbox.control.mapping.MappingBook;
import mrtbox.control.midi.MidiMonitor;
import mrtbox.control.midi.MidiService;
import mrtbox.control.osc.OscService;
import mrtbox.control.param.ParamHandle;
import mrtbox.control.param.StandardParams;
import mrtbox.control.notes.NoteBus;
import mrtbox.control.status.StatusBoard;
import mrtbox.web.WebServer;
import mrtbox.web.WebServices;
import mrtbox.web.WebSettings;
import mrtbox.web.api.SystemProbe;
import mrtbox.web.auth.FileCredentialStore;

/**
 * The configuration page: {@link WebServer} over the shared control objects and the appliance's adapters
 * ({@link BoxSetup}, {@link ConfigBackup}, {@link PromptAudioStore}, {@link MidiMonitorFeed}, {@link OscControl}).
 * The password hash lives in {@code <state>/web-password}; with HTTPS the certificate in {@code <state>/web-tls.p12}.
 * Builds the box's {@link BoxMetrics} (served at {@code /metrics}, sent by the heartbeat) from the earlier components.
 */
public final class WebComponent implements Component {
    private final WebServer server;

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
        MrtboxConfig.Box box = context.config().box();
        String title = context.config().boxName() + (box.location().isEmpty() ? "" : " · " + box.location()) + " · mrtbox";
        WebSettings settings = WebSettings.builder()
                .port(cfg.port())
                .bind(cfg.bind())
                .https(cfg.https())
                .keystore(context.paths().state().resolve("web-tls.p12"))
                .tlsNames(List.of())
                .publicHealth(cfg.publicHealth())
                .metrics(cfg.scrapeAccess())
                .pageTitle(title)
                .build();
        BoxMetrics metrics = new BoxMetrics(context.config().boxName(), box.location());
        this.server = WebServer.builder()
                .settings(settings)
                .services(services)
                .credentials(new FileCredentialStore(context.paths().state().resolve("web-password")))
                .metrics(metrics.registry())
                .build();
        context.provide(WebServer.class, server);
        StatusBoard status = context.require(StatusBoard.class);
        OscComponent osc = context.require(OscComponent.class);
        MidiService midi = context.require(MidiService.class);
        ParamHandle mute = context.registry().require(StandardParams.MUTE);
        metrics.engine(status, context.require(EngineFacts.Source.class), () -> context.registry().snapshot().bool(mute))
                .control(() -> Optional.ofNullable(osc.service()).map(OscService::stats), midi::stats, server.loginFailures())
                .system(SystemProbe.linux())
                .build(BuildInfo.current(), status);
        context.provide(BoxMetrics.class, metrics);
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
