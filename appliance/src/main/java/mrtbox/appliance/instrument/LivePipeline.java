package mrtbox.appliance.instrument;

import java.util.Objects;
import mrtbox.appliance.audio.AudioOutput;
import mrtbox.appliance.audio.AudioOutputSettings;
import mrtbox.control.param.ParameterRegistry;
import mrtbox.control.param.StandardParams;
import mrtbox.control.status.StatusReport;
import mrtbox.inference.engine.Engine;
import mrtbox.inference.engine.EngineMetrics;
import mrtbox.inference.engine.EngineSettings;
import mrtbox.inference.model.ModelInfo;
import mrtbox.inference.model.StreamingModel;

/**
 * Everything between the parameter registry and the speakers, wired in the one right order: controls assembler
 * (registry + style blender -> StepControls per step), the engine, the bridge for volume/mute/transport, and the
 * audio output. The service creates one, starts it, publishes {@link #status} a few times a second and closes it
 * on shutdown (fade out, then stop the audio, then the engine). It does not own the model.
 */
public final class LivePipeline implements AutoCloseable {
    private final StreamingModel model;
    private final Engine engine;
    private final ControlsAssembler controls;
    private final AudioOutput audio;
    private final EngineBridge bridge;
    private final GuardBridge guard;
    private final long startedNanos = System.nanoTime();
    private final UnderrunWindow underruns = new UnderrunWindow(java.util.concurrent.TimeUnit.MINUTES.toNanos(1));

    /**
     * @param glideSeconds prompt weight glide time
     */
    public LivePipeline(StreamingModel model, ParameterRegistry registry, StyleBlender blender, double glideSeconds,
                        EngineSettings engineSettings, AudioOutputSettings audioSettings) {
        this(model, registry, blender, new PromptResolver(), ModelInputs.NONE, glideSeconds, engineSettings, audioSettings);
    }

    /**
     * @param prompts turns slot texts into prompts (named styles, live input, plain text)
     * @param inputs  the model's own parameters and note source
     */
    public LivePipeline(StreamingModel model, ParameterRegistry registry, StyleBlender blender, PromptResolver prompts,
                        ModelInputs inputs, double glideSeconds, EngineSettings engineSettings, AudioOutputSettings audioSettings) {
        this.model = Objects.requireNonNull(model, "model");
        this.controls = new ControlsAssembler(registry, blenderFor(model.info(), blender), prompts, glideSeconds,
                model.info().secondsPerStep(), inputs);
        this.engine = new Engine(model, controls, engineSettings);
        engine.setSeed(registry.snapshot().integer(registry.require(StandardParams.SEED)));
        this.audio = new AudioOutput(engine.output(), audioSettings.createSink(), audioSettings);
        this.bridge = EngineBridge.attach(registry, EngineBridge.of(engine));
        this.guard = GuardBridge.attach(registry, engine);
    }

    /**
     * The blender as this model needs it: a chunk model (MRT v1, 2 s per step) waits for the style of a changed
     * prompt before its next chunk, at most half a chunk and 1 s, so the change is heard in the chunk that follows it
     * instead of one later; frame models take the last completed style at once (the next 40 ms frame hears it).
     */
    static StyleBlender blenderFor(ModelInfo info, StyleBlender blender) {
        if (info.shape() != ModelInfo.Shape.CHUNK) return blender;
        long millis = Math.min(1000, Math.round(info.secondsPerStep() * 500));
        return blender.waitingAtMost(java.time.Duration.ofMillis(Math.max(1, millis)));
    }

    /** Starts generation and audio; plays at once when {@code play} (else on the transport.play trigger). */
    public void start(boolean play) {
        engine.start();
        audio.start();
        if (play) engine.play();
    }

    public Engine engine() {
        return engine;
    }

    public AudioOutput audio() {
        return audio;
    }

    public EngineMetrics metrics() {
        return engine.metrics();
    }

    /** The status the frontends show, from the latest metrics. */
    public StatusReport status() {
        EngineMetrics m = engine.metrics();
        long now = System.nanoTime();
        return GuardBridge.withGuard(StatusReports.from(m, audio.stats(), model.info().builtInNoise(), (now - startedNanos) / 1e9,
                underruns.recent(now, m.underruns())), engine.guardStatus());
    }

    /** Fades out, then stops the audio thread and the engine. */
    @Override
    public void close() {
        bridge.detach();
        guard.detach();
        engine.stop();
        try {
            Thread.sleep((long) engine.settings().stopFadeMs() + 50);   // let the stop fade reach the device
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        audio.close();
        engine.close();
    }
}
