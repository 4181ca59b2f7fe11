package mrtbox.appliance.box;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import mrtbox.appliance.audio.AudioOutputSettings;
import mrtbox.appliance.catalog.ModelCatalog;
import mrtbox.appliance.config.MrtboxConfig;
import mrtbox.appliance.frontends.GpioComponent;
import mrtbox.appliance.frontends.MidiComponent;
import mrtbox.appliance.frontends.MidiPanicControl;
import mrtbox.appliance.frontends.OscComponent;
import mrtbox.appliance.frontends.OscControl;
import mrtbox.appliance.health.StatusNotes;
import mrtbox.appliance.health.StatusPublisher;
import mrtbox.appliance.input.InputComponent;
import mrtbox.appliance.instrument.EngineComponent;
import mrtbox.appliance.instrument.GuardStateParams;
import mrtbox.appliance.instrument.SceneMusic;
import mrtbox.appliance.instrument.LoadedStyleModel;
import mrtbox.appliance.instrument.PromptResolver;
import mrtbox.appliance.metrics.BoxMetrics;
import mrtbox.appliance.metrics.BuildInfo;
import mrtbox.appliance.metrics.FlatMetrics;
import mrtbox.appliance.operations.BootScene;
import mrtbox.appliance.operations.HeartbeatComponent;
import mrtbox.appliance.operations.ScheduleComponent;
import mrtbox.appliance.page.BoxSetup;
import mrtbox.appliance.page.ConfigBackup;
import mrtbox.appliance.page.MidiMonitorFeed;
import mrtbox.appliance.page.WebComponent;
import mrtbox.appliance.service.Assembly;
import mrtbox.appliance.service.Component;
import mrtbox.appliance.service.Foundation;
import mrtbox.appliance.state.BoxSettings;
import mrtbox.appliance.state.SavedMappings;
import mrtbox.appliance.styles.PromptAudioStore;
import mrtbox.appliance.styles.StyleLibrary;
import mrtbox.appliance.styles.StylesComponent;
import mrtbox.appliance.systemd.SystemdComponent;
import mrtbox.appliance.systemd.SystemdNotifier;
import mrtbox.control.mapping.MappingBook;
import mrtbox.control.notes.NoteBus;
import mrtbox.control.osc.OscService;
import mrtbox.control.param.ParamHandle;
import mrtbox.control.param.StandardParams;
import mrtbox.control.param.ParameterRegistry;
import mrtbox.control.scene.SceneBook;
import mrtbox.control.status.StatusBoard;
import mrtbox.web.WebServices;
import mrtbox.web.api.SystemProbe;

/**
 * The composition root of {@code mrtbox run}: the whole box, built here and nowhere else, in the order the data
 * flows (config -> registry -> control inputs -> engine -> audio -> web/OSC outputs -> systemd). Every component
 * gets its dependencies in its constructor; the list it returns is the start order, and the
 * {@link mrtbox.appliance.service.Appliance} stops the components in reverse. Adding a part is a constructor call
 * here and one entry in that list.
 */
public final class Box implements Assembly {
    private final Clock clock;
    private final SystemdNotifier notifier;
    private final boolean underSystemd;

    /**
     * @param notifier     systemd's notify socket (inactive outside systemd)
     * @param underSystemd whether systemd would start the box again after the schedule's nightly exit
     */
    public Box(Clock clock, SystemdNotifier notifier, boolean underSystemd) {
        this.clock = clock;
        this.notifier = notifier;
        this.underSystemd = underSystemd;
    }

    /** The box as the service runs it: the system clock, systemd as the environment says. */
    public static Box standard() {
        return new Box(Clock.systemUTC(), SystemdNotifier.fromEnvironment(), System.getenv("INVOCATION_ID") != null);
    }

    /** A box that tells no service manager anything (commands that assemble the box without running it). */
    public static Box offline(Clock clock) {
        return new Box(clock, SystemdNotifier.forEnvironment(java.util.Map.of()), false);
    }

    /** {@code lobby · Hall 2, east wall · mrtbox}: fifty browser tabs can be told apart. */
    static String pageTitle(MrtboxConfig config) {
        String location = config.box().location();
        return config.boxName() + (location.isEmpty() ? "" : " · " + location) + " · mrtbox";
    }

    /** The chosen model's guidance range (MRT2's reference differs from MRT v1's); the widest for an unknown name. */
    @Override
    public StandardParams.Guidance guidance(Foundation f) {
        String name = chosenModel(f.config(), new BoxSettings(f.store()));
        try {
            return ModelCatalog.standard(f.paths().models()).require(name).guidance();
        } catch (IllegalArgumentException unknown) {
            return StandardParams.Guidance.WIDE;   // the engine reports the unknown model when it starts
        }
    }

    /** The model chosen on the page, else the config's. */
    private static String chosenModel(MrtboxConfig config, BoxSettings settings) {
        return settings.current().model() != null ? settings.current().model() : config.model().name();
    }

    @Override
    public List<Component> assemble(Foundation f) {
        MrtboxConfig config = f.config();
        ParameterRegistry registry = f.registry();
        SceneBook scenes = f.scenes();

        // What the frontends share: the page's saved choices, the mappings, the status, the notes played, the prompts.
        BoxSettings settings = new BoxSettings(f.store());
        MappingBook mappings = SavedMappings.load(registry, f.store());
        StatusBoard status = new StatusBoard();
        StatusNotes notes = StatusNotes.startingWith(f.loadedConfig().problem());
        notes.watch("state", f.store()::problems);   // corrupt scenes, mappings, last state: kept as .bak, said here
        NoteBus noteBus = new NoteBus();
        PromptResolver prompts = new PromptResolver();   // the live input and the styles add their syntaxes
        ModelCatalog catalog = ModelCatalog.standard(f.paths().models());
        String modelName = chosenModel(config, settings);
        BootScene bootScene = new BootScene(scenes, settings);

        // Control inputs: live audio, personal styles, the daily schedule, MIDI, GPIO.
        LoadedStyleModel styleModel = new LoadedStyleModel();   // filled by the engine, read by the :live slot
        InputComponent input = new InputComponent(registry, config.audio().input(), prompts, styleModel);
        PromptAudioStore uploads = new PromptAudioStore(f.paths().state(), registry);
        StylesComponent styles = new StylesComponent(registry, new StyleLibrary(f.store()), uploads,
                StylesComponent.styleModelId(catalog, modelName), prompts);
        ScheduleComponent schedule = new ScheduleComponent(config.schedule(), config.model().play(), registry, scenes,
                f.lastStateFlush(), f.exit(), clock, underSystemd);
        MidiComponent midi = new MidiComponent(config.midi(), registry, mappings, scenes, noteBus);
        GpioComponent gpio = new GpioComponent(config.gpio(), registry, scenes, noteBus, midi.learn(), status, f.lastStateFlush());

        // The engine and its audio output (with the live input's monitor and calibration clicks mixed in).
        AudioOutputSettings audio = EngineComponent.audioSettings(config.audio(), settings.current().audioDevice(),
                f.paths().state()).withInsert(input.outputInsert());
        SceneMusic sceneMusic = new SceneMusic(registry, scenes, f.paths().state(), clock);
        scenes.music(sceneMusic);   // every recall path (page, OSC, MIDI, GPIO, schedule) goes through the book
        notes.watch("scene music", sceneMusic::problem);
        EngineComponent engine = new EngineComponent(registry, config.model(), modelName, catalog, audio, prompts, noteBus,
                input.tap(), schedule::playAtStart, styleModel, f.paths().state(), sceneMusic);

        // Outputs: status reports, OSC (+ OSCQuery, Zeroconf), the web page, the heartbeat, systemd.
        StatusPublisher publisher = new StatusPublisher(status, engine::report, input::status, notes);
        status.addListener(new GuardStateParams(registry, System::nanoTime));   // MIDI feedback and OSC follow what the guard did
        // The box's metrics (GET /metrics and the heartbeat), read from what the parts publish.
        BoxMetrics metrics = new BoxMetrics(config.boxName(), config.box().location());
        ParamHandle mute = registry.require(StandardParams.MUTE);
        metrics.engine(status, engine::facts, () -> registry.snapshot().bool(mute))
                .system(SystemProbe.linux())
                .build(BuildInfo.current(), status);
        OscComponent osc = new OscComponent(config.osc(), config.web().hostNames(), settings.current(), config.web().port(), registry, scenes, noteBus,
                midi.learn(), status);
        WebComponent web = new WebComponent(config.web(), config.osc().serviceName() + ".local", f.paths().state(), new WebServices(registry, scenes, mappings,
                midi.learn(), noteBus, status,
                new BoxSetup(config, settings, scenes, catalog, BoxSwitching.of(engine)),
                new ConfigBackup(f.store(), scenes, mappings, settings, clock),
                uploads,
                new MidiMonitorFeed(midi.monitor()),
                new OscControl(osc, settings),
                new MidiPanicControl(midi, settings)), pageTitle(config), metrics.registry());
        notes.watch("web password", web.server()::passwordProblem);   // a damaged password file, until a new one is set
        notes.watch("web sessions", web.server()::sessionProblem);    // sessions not restored, until saved again; sessions not saved
        metrics.control(() -> Optional.ofNullable(osc.service()).map(OscService::stats), midi::stats, web.server().loginFailures());
        HeartbeatComponent heartbeat = new HeartbeatComponent(config.heartbeat(), config.boxName(), config.box().location(),
                status, notes, () -> FlatMetrics.of(metrics.scrape()), clock);
        SystemdComponent systemd = new SystemdComponent(notifier, status, engine::awaitFirstStep);

        return List.of(
                sceneMusic, // first, so it stops last: its worker finishes the saves every input may still ask for
                bootScene,  // the boot scene over the restored last state
                input,
                styles,
                schedule,   // the scene that should hold now (over the boot scene), and whether the engine plays
                midi,
                gpio,
                engine,
                publisher,  // 10 Hz, from the engine's metrics
                osc,
                web,
                heartbeat,
                systemd);   // last: READY=1 once everything above runs and the engine plays
    }
}
