package mrtbox.appliance.instrument;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import mrtbox.appliance.audio.AudioOutput;
import mrtbox.appliance.audio.AudioOutputSettings;
import mrtbox.appliance.audio.SampleFormat;
import mrtbox.appliance.catalog.ModelCatalog;
import mrtbox.appliance.catalog.ModelProvider;
import mrtbox.appliance.config.MrtboxConfig;
import mrtbox.appliance.metrics.EngineFacts;
import mrtbox.appliance.service.Component;
import mrtbox.control.notes.NoteBus;
import mrtbox.control.notes.NoteInput;
import mrtbox.control.param.ChangeSource;
import mrtbox.control.param.ParamSpec;
import mrtbox.control.param.ParamType;
import mrtbox.control.param.ParameterRegistry;
import mrtbox.control.status.StatusReport;
import mrtbox.inference.codec.AudioEncoder;
import mrtbox.inference.engine.EngineMetrics;
import mrtbox.inference.engine.EngineSettings;
import mrtbox.inference.engine.InputTap;
import mrtbox.inference.tf.TfMemory;
import mrtbox.inference.inject.AudioInjectable;
import mrtbox.inference.model.ModelInfo;
import mrtbox.inference.model.StreamingModel;
import mrtbox.inference.mrt2.Mrt2FrameModel;
import mrtbox.inference.mrt2.NoteTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The instrument itself: the model named by the config (or chosen on the page) from the {@link ModelCatalog}, played
 * by a {@link LivePipeline} (controls assembled once per step from the registry with gliding prompt weights, the
 * engine, transport/volume/mute from the registry, the audio output on the configured sink). Offers its
 * {@link #report status reports} (engine metrics) and {@link #awaitFirstStep readiness} (what systemd waits for),
 * and fills the {@link LoadedStyleModel} once its style model is open. A model that cannot be loaded leaves the rest
 * of the box running, with a degraded status that says why.
 */
public final class EngineComponent implements Component {
    private static final Logger log = LoggerFactory.getLogger(EngineComponent.class);
    /** Playing, but no step finished for this long: the engine is stuck, health becomes an error (systemd restarts). */
    static final long STUCK_NANOS = Duration.ofSeconds(20).toNanos();

    private final ParameterRegistry registry;
    private final MrtboxConfig.Model modelConfig;
    private final String modelName;
    private final NoteBus notes;
    /** The model the pipeline plays: the start's, then each live switch's. */
    private volatile String playingName;
    /** Held while the pipeline is replaced (start, a live switch, stop): one at a time. */
    private final Object swap = new Object();
    private boolean stopped;
    private volatile Switch lastSwitch;
    private PromptResolver.Source styleRefusal;
    private final AudioOutputSettings audioSettings;
    private final ModelCatalog catalog;
    private final PlayAtStart playAtStart;
    private final LoadedStyleModel styleModel;

    private volatile String failure = "";
    private volatile double loadSeconds = Double.NaN;
    private volatile String styleFailure = "";   // the model plays, its style model did not open (or opened without an optional part)
    private volatile String injectionFailure = "";   // the model plays, its injection encoder did not open
    private volatile LivePipeline pipeline;
    private volatile StyleBlender style;
    private ModelInputs inputs;
    private final PromptResolver prompts;
    private final InputTap input;
    private StreamingModel model;
    private final Path stateDir;
    private Mrt2Lifecycle lifecycle;
    private final SceneMusic sceneMusic;
    private long lastSteps = -1;
    private long lastStepChangeNanos = System.nanoTime();

    /**
     * @param modelName     the model to play (the page's choice, else the config's)
     * @param audioSettings the audio output, with the live input's insert
     * @param input         the live input for audio injection ({@link InputTap#NONE} when it is off)
     * @param playAtStart   whether to play at once (the schedule's say over {@code model.play})
     * @param stateDir      where MRT2 states and prefill clips live
     */
    public EngineComponent(ParameterRegistry registry, MrtboxConfig.Model modelConfig, String modelName, ModelCatalog catalog,
                           AudioOutputSettings audioSettings, PromptResolver prompts, NoteBus notes, InputTap input,
                           PlayAtStart playAtStart, LoadedStyleModel styleModel, Path stateDir) {
        this(registry, modelConfig, modelName, catalog, audioSettings, prompts, notes, input, playAtStart, styleModel, stateDir, null);
    }

    /** @param sceneMusic where the scenes' music is kept (null: scenes carry values only) */
    public EngineComponent(ParameterRegistry registry, MrtboxConfig.Model modelConfig, String modelName, ModelCatalog catalog,
                           AudioOutputSettings audioSettings, PromptResolver prompts, NoteBus notes, InputTap input,
                           PlayAtStart playAtStart, LoadedStyleModel styleModel, Path stateDir, SceneMusic sceneMusic) {
        this.sceneMusic = sceneMusic;
        this.registry = registry;
        this.catalog = catalog;
        this.modelConfig = modelConfig;
        this.modelName = modelName;
        this.playingName = modelName;
        this.notes = notes;
        this.audioSettings = audioSettings;
        this.stateDir = stateDir;
        this.inputs = modelInputs(registry, notes, catalog, modelName);
        this.prompts = prompts;
        this.input = input;
        this.playAtStart = playAtStart;
        this.styleModel = styleModel;
    }

    /**
     * Registers the chosen model's own parameters (before the last state is restored, so their saved values come
     * back) and, for a note-conditioned model, connects the note bus (MIDI, OSC, the page) to a latching tracker that
     * the generation thread reads once per frame.
     */
    private static ModelInputs modelInputs(ParameterRegistry registry, NoteBus notes, ModelCatalog catalog, String modelName) {
        ModelProvider provider;
        try {
            provider = catalog.require(modelName);
        } catch (IllegalArgumentException e) {
            return ModelInputs.NONE;   // reported when start() tries to load it
        }
        GuardParameters.register(registry);   // before the last state is restored, so saved guard settings come back
        List<String> ids = new ArrayList<>(InjectionParameters.register(registry));
        for (ParamSpec spec : provider.parameters()) {
            if (registry.handle(spec.id()) == null) registry.register(spec);
            // numbers reach the model every step; text and triggers are for its lifecycle (Mrt2Lifecycle)
            if (spec.type().isNumeric() && spec.type() != ParamType.TRIGGER) ids.add(spec.id());
        }
        if (!provider.takesNotes()) return new ModelInputs(ids, null);
        NoteTracker tracker = new NoteTracker();
        notes.attach(new NoteInput() {
            @Override public void noteOn(int note, int velocity, ChangeSource source) { tracker.noteOn(note); }
            @Override public void noteOff(int note, ChangeSource source) { tracker.noteOff(note); }
            @Override public void allNotesOff(ChangeSource source) { tracker.allOff(); }
        });
        return new ModelInputs(ids, tracker::nextFrame);
    }

    /** The config's audio section as the audio output takes it (the page's device choice wins). */
    public static AudioOutputSettings audioSettings(MrtboxConfig.Audio cfg, String chosenDevice, Path stateDir) {
        int frames = (int) Math.round(cfg.bufferMs() * 48.0);
        int pow2 = Integer.highestOneBit(Math.max(64, frames));
        if (pow2 < frames) pow2 <<= 1;   // JACK's ALSA plugin wants whole periods: a power of two always fits
        return AudioOutputSettings.builder()
                .sink(switch (cfg.sink()) {
                    case JAVASOUND -> AudioOutputSettings.Sink.JAVA_SOUND;
                    case WAV -> AudioOutputSettings.Sink.WAV;
                    case NULL -> AudioOutputSettings.Sink.NULL;
                })
                .device(chosenDevice != null ? chosenDevice : cfg.device())
                .format(SampleFormat.parse(Integer.toString(cfg.bitDepth())))
                .bufferFrames(pow2)
                .wavPath(stateDir.resolve(cfg.wavPath()))
                .build();
    }

    @Override
    public String name() {
        return "engine";
    }

    @Override
    public void start() {
        synchronized (swap) {
            startLocked();
        }
    }

    private void startLocked() {
        StyleBlender style;
        ModelProvider provider;
        try {
            provider = catalog.require(modelName);
            long loading = System.nanoTime();
            model = provider.open();
            loadSeconds = (System.nanoTime() - loading) / 1e9;
            style = openStyleOrPlayWithout(provider);
            injectionFailure = attachInput(model, provider, input);
        } catch (Exception e) {
            failure = "model '" + modelName + "' could not be loaded: " + e.getMessage();
            log.error("{}; the box runs without sound (control frontends only)", failure);
            if (model != null) model.close();
            model = null;
            loadSeconds = Double.NaN;
            return;
        }
        play(provider, style, playAtStart.play(modelConfig.play()));
    }

    /** Plays {@link #model} with this style on a new pipeline (at start and after a live switch). */
    private void play(ModelProvider provider, StyleBlender style, boolean play) {
        ModelInfo info = model.info();
        if (info.builtInNoise()) log.warn("model {} is the built-in noise model (random weights): it makes noise, not music", info.name());
        this.style = style;
        styleModel.loaded(style);
        // A style model that opened without one of its optional parts (a damaged mapper.tflite) degrades health only.
        String part = style.embedder().map(mrtbox.inference.style.StyleEmbedder::problem).orElse("");
        if (!part.isEmpty() && styleFailure.isEmpty()) {
            styleFailure = "style model: " + part;
            log.warn("{}; prompts steer the music without it", styleFailure);
        }
        log.info("style: {}", style);
        if (model instanceof Mrt2FrameModel mrt2 && Runtime.getRuntime().availableProcessors() >= 2) {
            // Measured (`mrtbox bench mrt2`, docs/performance.md): with a second core the pipelined period beats the
            // sequential frame; the price is one frame (40 ms) of latency. One core gains nothing from it.
            mrt2.pipelineCodec();
            log.info("{}: codec pipelined beside the LLM (one frame, 40 ms, of added latency)", info.name());
        }
        LivePipeline p = new LivePipeline(model, registry, style, prompts, inputs, modelConfig.glideSeconds(), EngineSettings.builder().build(), audioSettings);
        if (model instanceof Mrt2FrameModel mrt2) {
            lifecycle = Mrt2Lifecycle.attach(registry, mrt2, provider::openEncoder, EngineBridge.of(p.engine()), stateDir);
        }
        if (sceneMusic != null) {
            sceneMusic.attach(SceneMusic.Player.of(model, p.engine()::swapState));
        }
        p.start(play);
        lastSteps = -1;
        pipeline = p;
        log.info("engine: {} on {}{}", info.name(), audioSettings.sink(), play ? ", playing"
                : modelConfig.play() ? ", stopped (the schedule says so)" : ", stopped (model.play is false)");
    }

    /**
     * The model's style model, or, when it cannot be opened (a damaged or missing MusicCoCa file), no style at all:
     * the model plays unconditioned, health says why and every prompt is refused with the reason (a source ahead of
     * all others in the prompt chain), so a broken style model costs the prompts and never the sound.
     */
    private StyleBlender openStyleOrPlayWithout(ModelProvider provider) {
        try {
            return provider.openStyle();
        } catch (Exception | LinkageError e) {
            String reason = e.getMessage() == null ? e.toString() : e.getMessage();
            styleFailure = "style model unavailable: " + reason;
            log.error("{}; the model plays unconditioned and prompts are refused", styleFailure);
            String why = styleFailure;
            styleRefusal = text -> {
                throw new PromptResolver.PromptException(why);
            };
            prompts.addFirst(styleRefusal);
            return StyleBlender.UNCONDITIONED;
        }
    }

    /**
     * Connects the live input to a model that can take it into its context, with the install's injection encoder. A
     * model that does not take injection plays on (logged once here, not a failure). An encoder that will not open
     * or does not fit costs only the injection: the model plays, the injection parameters do nothing, and the
     * returned reason ({@code "audio injection unavailable: ..."}, empty when attached) goes into health.
     */
    static String attachInput(StreamingModel model, ModelProvider provider, InputTap input) {
        if (!(model instanceof AudioInjectable injectable)) {
            log.info("{}: this model does not take audio injection", model.info().name());
            return "";
        }
        AudioEncoder encoder;
        try {
            encoder = provider.openInjectionEncoder();
        } catch (Exception | LinkageError e) {
            return injectionUnavailable(e);
        }
        try {
            injectable.attachInput(input, encoder);
        } catch (IllegalArgumentException e) {
            encoder.close();
            return injectionUnavailable(e);
        }
        if (input == InputTap.NONE) log.info("no audio input: with input.inject on, the model hears only its own output (input.feedback)");
        return "";
    }

    private static String injectionUnavailable(Throwable e) {
        String why = "audio injection unavailable: " + (e.getMessage() == null ? e.toString() : e.getMessage());
        log.error("{}; the model plays without it", why);
        return why;
    }

    /** The model the engine runs now; empty before it is loaded and when it could not be. */
    public Optional<String> playingModel() {
        return pipeline == null ? Optional.empty() : Optional.of(playingName);
    }

    /**
     * A live model switch: the model it loads, whether it is still loading, why it failed (empty when it plays), and
     * how long it took or takes so far.
     */
    public record Switch(String model, boolean loading, String failure, long startedNanos, long endedNanos) {
        public double seconds() {
            return ((loading ? System.nanoTime() : endedNanos) - startedNanos) / 1e9;
        }
    }

    /** The last live switch, if there was one (the page shows its progress and its failure). */
    public Optional<Switch> lastSwitch() {
        return Optional.ofNullable(lastSwitch);
    }

    /**
     * Switches to another model while the box plays, returning at once: the new model and its style model load on
     * their own thread while the old one plays on; then the old one fades out and the new one fades in on a new
     * pipeline, in the transport state the old one had. If anything fails to load, the old model keeps playing and
     * {@link #lastSwitch} says why. {@code whenPlaying} runs once the new model plays (the page saves the choice then).
     *
     * @throws IllegalStateException while another switch is loading
     */
    public void switchTo(String name, Runnable whenPlaying) {
        synchronized (swap) {
            Switch s = lastSwitch;
            if (s != null && s.loading()) throw new IllegalStateException("model '" + s.model() + "' is still loading");
            if (stopped) throw new IllegalStateException("the engine is stopping");
            lastSwitch = new Switch(name, true, "", System.nanoTime(), 0);
        }
        Thread t = new Thread(() -> load(name, whenPlaying), "model-switch");
        t.setDaemon(true);
        t.start();
    }

    private void load(String name, Runnable whenPlaying) {
        long started = lastSwitch.startedNanos();
        StreamingModel next = null;
        StyleBlender nextStyle = null;
        try {
            log.info("switching to model '{}': loading beside '{}'", name, playingName);
            ModelProvider provider = catalog.require(name);
            ModelInputs nextInputs = modelInputs(registry, notes, catalog, name);   // its own parameters, registered live
            next = provider.open();
            nextStyle = provider.openStyle();   // a style model that will not open fails the switch: the old one plays on
            String nextInjection = attachInput(next, provider, input);
            synchronized (swap) {
                if (stopped) throw new IllegalStateException("the engine stopped while the model loaded");
                replace(provider, next, nextStyle, nextInputs, name, (System.nanoTime() - started) / 1e9);
                injectionFailure = nextInjection;
                whenPlaying.run();   // saved as the choice before the switch reads as done
                lastSwitch = new Switch(name, false, "", started, System.nanoTime());
            }
            log.info("switched to model '{}' in {} s", name, String.format(java.util.Locale.ROOT, "%.1f", lastSwitch.seconds()));
        } catch (Exception | LinkageError e) {
            if (next != null) next.close();
            if (nextStyle instanceof AutoCloseable c) closeQuietly(c);
            String reason = e.getMessage() == null ? e.toString() : e.getMessage();
            lastSwitch = new Switch(name, false, reason, started, System.nanoTime());
            log.error("switching to model '{}' failed: {}; {} plays on", name, reason,
                    pipeline == null ? "nothing" : "'" + playingName + "'");
        }
    }

    /** The old pipeline fades out and closes; the new model plays on a new one. Under {@link #swap}. */
    private void replace(ModelProvider provider, StreamingModel next, StyleBlender nextStyle, ModelInputs nextInputs, String name,
                         double seconds) {
        LivePipeline old = pipeline;
        boolean play = old != null ? old.engine().playing() : playAtStart.play(modelConfig.play());
        pipeline = null;
        if (sceneMusic != null) sceneMusic.detach();   // play() attaches the new model
        if (lifecycle != null) lifecycle.close();
        lifecycle = null;
        if (old != null) old.close();   // fade out
        StreamingModel oldModel = model;
        StyleBlender oldStyle = style;
        model = next;
        inputs = nextInputs;
        playingName = name;
        failure = "";
        styleFailure = "";
        if (styleRefusal != null) prompts.remove(styleRefusal);
        styleRefusal = null;
        loadSeconds = seconds;
        play(provider, nextStyle, play);   // fades in
        if (oldModel != null) oldModel.close();
        if (oldStyle instanceof AutoCloseable c) closeQuietly(c);
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            log.warn("closing the old style model: {}", e.toString());
        }
    }

    /** Ready when the first step has been generated (or at once when stopped or without a model). */
    public String awaitFirstStep(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            LivePipeline p = pipeline;
            if (p == null) return "no engine: " + failure;
            EngineMetrics m = p.metrics();
            if (!p.engine().playing()) return "stopped";
            if (m.stepsCompleted() > 0) return "playing";
            if (System.nanoTime() > end) return "still waiting for the first step after " + timeout.toSeconds() + " s";
            Thread.sleep(50);
        }
    }

    /** What the metrics read beyond the status report, on the scraper's thread: snapshots only. */
    public EngineFacts facts() {
        LivePipeline p = pipeline;
        if (p == null) return EngineFacts.none(audioSettings.device().isEmpty() ? "default" : audioSettings.device(), !failure.isEmpty());
        AudioOutput.Stats audio = p.audio().stats();
        return new EngineFacts(audio.device(), audio.deviceUp(), audio.deviceFailures(), p.engine().stepHistogram(),
                loadSeconds, false, OptionalLong.of(TfMemory.trackedBytes()));
    }

    /** The engine's status report. Called by the status publisher's thread only. */
    public StatusReport report(double uptimeSeconds) {
        LivePipeline p = pipeline;
        if (p == null) {
            StatusReport s = StatusReport.STARTING;
            String health = failure.isEmpty() ? "starting" : "degraded: " + failure;
            return new StatusReport("", false, false, 0, 0, 0, 0, 0, s.peakDb(), s.rmsDb(), s.spectrumDb(), 0, 0, health, failure, uptimeSeconds);
        }
        EngineMetrics m = p.metrics();
        StatusReport r = withPartFailures(p.status());
        long now = System.nanoTime();
        if (m.stepsCompleted() != lastSteps || !m.playing()) {
            lastSteps = m.stepsCompleted();
            lastStepChangeNanos = now;
        }
        if (now - lastStepChangeNanos > STUCK_NANOS) {
            String health = "error: no model step completed in " + (now - lastStepChangeNanos) / 1_000_000_000L + " s while playing";
            return r.withHealth(health, r.lastError());
        }
        return r;
    }

    /** An optional part that did not open (style model, injection encoder) degrades an otherwise healthy report and leads its last error. */
    private StatusReport withPartFailures(StatusReport r) {
        String why = String.join("; ", java.util.stream.Stream.of(styleFailure, injectionFailure).filter(f -> !f.isEmpty()).toList());
        if (why.isEmpty()) return r;
        String health = r.health().startsWith("ok") ? "degraded: " + why : r.health() + "; " + why;
        String lastError = r.lastError().isEmpty() ? why : why + "; " + r.lastError();
        return r.withHealth(health, lastError);
    }

    @Override
    public void stop() throws Exception {
        synchronized (swap) {
            stopped = true;
            stopLocked();
        }
    }

    private void stopLocked() throws Exception {
        LivePipeline p = pipeline;
        pipeline = null;
        if (sceneMusic != null) sceneMusic.detach();
        if (lifecycle != null) lifecycle.close();
        lifecycle = null;
        if (p != null) p.close();   // fades out, stops the audio, then the engine
        if (model != null) model.close();
        if (style instanceof AutoCloseable c) c.close();
    }
}
