package mrtbox.appliance.wiring;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import mrtbox.appliance.instrument.PromptResolver;
import mrtbox.appliance.service.ApplianceContext;
import mrtbox.appliance.service.Component;
import mrtbox.appliance.state.Loaded;
import mrtbox.appliance.state.MappingsFile;
import mrtbox.control.mapping.Mapping;
import mrtbox.control.mapping.MappingBook;
import mrtbox.control.notes.NoteBus;
import mrtbox.control.scene.RecallReport;
import mrtbox.control.status.StatusBoard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The objects every frontend shares, provided first: the {@link StatusBoard} and its {@link StatusNotes}, the {@link NoteBus}, the
 * {@link MappingBook} (persisted as {@code mappings.json}) and the page's {@link BoxSettings}. Starting it recalls
 * the boot scene, if one is chosen, over the restored last state.
 */
public final class ControlHub implements Component {
    private static final Logger log = LoggerFactory.getLogger(ControlHub.class);

    private final ApplianceContext context;
    private final BoxSettings settings;

    public ControlHub(ApplianceContext context) {
        this.context = context;
        context.provide(StatusBoard.class, new StatusBoard());
        context.provide(StatusNotes.class, new StatusNotes());
        context.provide(NoteBus.class, new NoteBus());
        context.provide(PromptResolver.class, new PromptResolver());   // styles and live input add their syntaxes
        this.settings = new BoxSettings(context.store());
        context.provide(BoxSettings.class, settings);
        context.provide(MappingBook.class, loadMappings(context));
    }

    private static MappingBook loadMappings(ApplianceContext context) {
        MappingBook book = new MappingBook(context.registry());
        Loaded<MappingsFile> loaded = context.store().load(MappingsFile.TYPE);
        if (loaded.problem() != null) log.error("mappings: {}", loaded.problemReport());
        book.load(loaded.value().mappings());
        log.info("mappings: {} loaded from {}", loaded.value().mappings().size(), loaded.file());
        book.addListener(all -> save(context, all));
        return book;
    }

    private static void save(ApplianceContext context, List<Mapping> all) {
        try {
            context.store().save(MappingsFile.TYPE, new MappingsFile(all));
        } catch (IOException | RuntimeException e) {
            log.error("could not save the mappings: {}", e.toString());
        }
    }

    @Override
    public String name() {
        return "control hub";
    }

    @Override
    public void start() {
        Optional<String> boot = Optional.ofNullable(settings.current().bootScene());
        if (boot.isEmpty()) return;
        if (context.scenes().get(boot.get()).isEmpty()) {
            log.warn("boot scene '{}' does not exist (deleted?): keeping the last state", boot.get());
            return;
        }
        RecallReport r = context.scenes().recall(boot.get());
        log.info("boot scene '{}' recalled: {} values", r.scene(), r.applied());
        for (String p : r.problems()) log.warn("boot scene: {}", p);
    }

    @Override
    public void stop() {}
}
