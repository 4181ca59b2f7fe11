package mrtbox.appliance.styles;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import mrtbox.appliance.catalog.ModelCatalog;
import mrtbox.appliance.catalog.ModelProvider;
import mrtbox.appliance.instrument.PromptResolver;
import mrtbox.appliance.service.Component;
import mrtbox.control.param.ParamSpec;
import mrtbox.control.param.ParameterRegistry;
import mrtbox.control.surface.SurfaceDriver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Personal styles and style-space navigation in the running box: adds the {@code :NAME} and {@code @N} prompt
 * syntaxes to the {@link PromptResolver}, the style axes as its offset, the prompt surface as a registry
 * listener and the list of styles as a read-only parameter; registers the style-space parameters. Styles built by
 * {@code mrtbox styles build} while the box runs are picked up within {@link #POLL_SECONDS} seconds.
 */
public final class StylesComponent implements Component {
    private static final Logger log = LoggerFactory.getLogger(StylesComponent.class);
    static final int POLL_SECONDS = 2;

    private final ParameterRegistry registry;
    private final StyleLibrary library;
    private final StyleAxes axes;
    private final SurfaceDriver surface;
    private final StyleListing listing;
    private final PromptResolver resolver;
    private long listedVersion = -1;
    private java.util.List<String> reportedProblems = java.util.List.of();
    private ScheduledExecutorService poller;

    /**
     * @param styleModelId the playing model's style embedder ({@link #styleModelId}); null when it has none
     * @param uploads      the audio uploaded for the prompt slots (the page stores them), behind {@code @N}
     */
    public StylesComponent(ParameterRegistry registry, StyleLibrary library, PromptAudioStore uploads, String styleModelId,
                           PromptResolver resolver) {
        this.registry = registry;
        for (ParamSpec spec : StyleSpaceParams.all()) if (registry.handle(spec.id()) == null) registry.register(spec);
        this.library = library;
        this.axes = new StyleAxes(registry, library, styleModelId);
        this.surface = new SurfaceDriver(registry);
        this.listing = new StyleListing(registry, library, styleModelId);
        publishListing();
        this.resolver = resolver;
        resolver
                .add(new NamedStyleSource(library, styleModelId))
                .add(new UploadedPromptSource(uploads))
                .offset(axes);
        log.info("personal styles: {} in {} ({} for this model's style embedder {}); {} style axes",
                library.styles().size(), library.file(), styleModelId == null ? 0 : library.stylesFor(styleModelId).size(),
                styleModelId == null ? "(none)" : styleModelId, axes.axes().size());
    }

    /** The playing model's style embedder id, or null when it has none (or cannot be found: the engine reports that). */
    public static String styleModelId(ModelCatalog catalog, String modelName) {
        try {
            ModelProvider provider = catalog.require(modelName);
            return provider.styleModelId().orElse(null);
        } catch (Exception e) {
            log.warn("personal styles: cannot tell the style model of '{}': {}", modelName, e.getMessage());
            return null;
        }
    }

    private synchronized void publishListing() {
        long v = library.version();
        if (v == listedVersion) return;
        listedVersion = v;
        listing.publish();
    }

    @Override
    public String name() {
        return "styles";
    }

    @Override
    public void start() {
        registry.addListener(surface);
        surface.apply(registry.snapshot());
        poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "styles-watch");
            t.setDaemon(true);
            return t;
        });
        poller.scheduleWithFixedDelay(this::poll, POLL_SECONDS, POLL_SECONDS, TimeUnit.SECONDS);
    }

    private void poll() {
        try {
            if (library.reloadIfChanged()) log.info("personal styles changed: {} now", library.styles().size());
            axes.refresh();
            publishListing();
            // Slots that name a missing style play as empty; say why once per change (the generation thread must not log).
            java.util.List<String> problems = resolver.problems();
            if (!problems.equals(reportedProblems)) {
                reportedProblems = problems;
                for (String p : problems) log.warn("{}", p);
            }
        } catch (RuntimeException e) {
            log.warn("personal styles: reload failed: {}", e.toString());
        }
    }

    @Override
    public void stop() throws InterruptedException {
        registry.removeListener(surface);
        poller.shutdownNow();
        poller.awaitTermination(5, TimeUnit.SECONDS);
    }
}
