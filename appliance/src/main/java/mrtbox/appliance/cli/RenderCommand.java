package mrtbox.appliance.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import mrtbox.appliance.audio.SampleFormat;
import mrtbox.appliance.audio.WavWriter;
import mrtbox.appliance.instrument.ControlsAssembler;
import mrtbox.appliance.instrument.EngineBridge;
import mrtbox.appliance.instrument.EventScript;
import mrtbox.appliance.instrument.StyleBlender;
import mrtbox.appliance.catalog.ModelCatalog;
import mrtbox.appliance.catalog.ModelProvider;
import mrtbox.control.param.ChangeSource;
import mrtbox.control.param.ParameterRegistry;
import mrtbox.control.param.SetOutcome;
import mrtbox.control.param.StandardParams;
import mrtbox.inference.engine.EngineSettings;
import mrtbox.inference.engine.OfflineRenderer;
import mrtbox.inference.model.ModelInfo;
import mrtbox.inference.model.StreamingModel;
import mrtbox.inference.codec.SpectroStreamEncoder;
import mrtbox.inference.mrt2.Mrt2AudioPrefill;
import mrtbox.inference.mrt2.Mrt2FrameModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mrtbox render}: prompts, seconds, seed and an optional timed event script in, a WAV file out. Runs the
 * live engine's generator and output chain (fades, volume, limiter) without a clock, as fast as the model goes;
 * the same inputs give a bit-identical file.
 */
@Command(name = "render", mixinStandardHelpOptions = true,
        description = "Render music offline to a WAV file (deterministic for a given seed).")
public final class RenderCommand implements Callable<Integer> {
    private static final ChangeSource SOURCE = ChangeSource.of(ChangeSource.Kind.INTERNAL, "render");

    @Option(names = "--model", required = true, description = "model name (see the error message for those available)")
    String model;

    @Option(names = {"-p", "--prompt"}, paramLabel = "TEXT[=WEIGHT]",
            description = "a style prompt with an optional weight 0..1 (default 1); repeat for up to 6 prompts")
    List<String> prompts = new ArrayList<>();

    @Option(names = "--seconds", defaultValue = "30", description = "length of the render (default ${DEFAULT-VALUE})")
    double seconds;

    @Option(names = "--seed", defaultValue = "0", description = "random seed (default ${DEFAULT-VALUE})")
    int seed;

    @Option(names = "--events", paramLabel = "FILE",
            description = "JSON list of {\"time\": s, \"param\": id, \"value\": v} applied during the render")
    Path events;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "FILE.wav", description = "output WAV file")
    Path out;

    @Option(names = "--format", defaultValue = "24", description = "16, 24, 32 or float (default ${DEFAULT-VALUE})")
    String format;

    @Option(names = "--glide", defaultValue = "0.5", description = "prompt weight glide time in seconds (default ${DEFAULT-VALUE})")
    double glideSeconds;

    @Option(names = "--prefill", paramLabel = "FILE",
            description = "MRT2 only: prefill the model's context from this audio file (WAV, AIFF or AU; up to 28 s, 1 s trimmed each end) before rendering")
    Path prefill;

    @Option(names = "--no-limiter", description = "bypass the output limiter (for measurements)")
    boolean noLimiter;

    ModelCatalog catalog = ModelCatalog.standard();

    @Override
    public Integer call() throws Exception {
        if (!(seconds > 0) || seconds > 24 * 3600) throw new UserError("--seconds must be between 0 and 86400, got " + seconds);
        if (seed < 0) throw new UserError("--seed must be >= 0, got " + seed);
        if (!(glideSeconds >= 0)) throw new UserError("--glide must be >= 0 seconds");
        SampleFormat sampleFormat;
        try {
            sampleFormat = SampleFormat.parse(format);
        } catch (IllegalArgumentException e) {
            throw new UserError("--format: " + e.getMessage());
        }
        ModelProvider provider;
        try {
            provider = catalog.require(model);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        ParameterRegistry registry = new ParameterRegistry();
        registry.registerAll(StandardParams.all(provider.guidance()));
        applyPrompts(registry);
        set(registry, StandardParams.SEED, seed);
        EventScript script;
        try {
            script = events == null ? EventScript.empty() : EventScript.load(events, registry);
        } catch (IOException e) {
            throw new UserError(e.getMessage(), e);
        }
        long started = System.nanoTime();
        try (StreamingModel m = open(provider); StyleHolder style = openStyle(provider)) {
            ModelInfo info = m.info();
            StyleBlender styleBlender = style.blender().waitingForEachStyle();
            if (styleBlender == StyleBlender.UNCONDITIONED) {
                System.err.println("mrtbox: note: " + provider.name() + " has no style model installed, so the prompts do not"
                        + " steer it (it plays unconditioned)");
            }
            ControlsAssembler controls = new ControlsAssembler(registry, styleBlender, glideSeconds, info.secondsPerStep());
            if (prefill != null) prefill(provider, m, controls);
            EngineSettings settings = EngineSettings.builder().limiterEnabled(!noLimiter).build();
            OfflineRenderer renderer = new OfflineRenderer(m, controls, settings, seed);
            EngineBridge bridge = EngineBridge.attach(registry, EngineBridge.of(renderer));
            renderer.onStep((step, t) -> script.applyUntil(t, registry));
            long frames = Math.round(seconds * info.sampleRate());
            try (WavWriter wav = new WavWriter(out, info.sampleRate(), info.channels(), sampleFormat)) {
                renderer.render(frames, wav::write);
            } catch (IOException e) {
                throw new UserError("writing " + out + " failed: " + e.getMessage(), e);
            } finally {
                bridge.detach();
            }
            double took = (System.nanoTime() - started) / 1e9;
            System.out.printf("rendered %.1f s of %s (seed %d, %d steps%s) in %.1f s (%.1fx real time) to %s%n",
                    frames / (double) info.sampleRate(), info.name(), seed, renderer.stepsRun(),
                    info.builtInNoise() ? ", built-in noise model" : "", took, frames / (double) info.sampleRate() / took, out);
        }
        return 0;
    }

    /** Encodes the prefill file and prefills the model; the prefilled state is the reset target the render starts from. */
    private void prefill(ModelProvider provider, StreamingModel m, ControlsAssembler controls) {
        if (!(m instanceof Mrt2FrameModel mrt2)) throw new UserError("--prefill needs an MRT2 model; " + provider.name() + " is not one");
        int[][] tokens;
        try (SpectroStreamEncoder encoder = provider.openEncoder()) {
            tokens = Mrt2AudioPrefill.fromFile(encoder, prefill);
        } catch (IOException e) {
            throw new UserError("--prefill: " + e.getMessage(), e);
        } catch (Exception e) {
            throw new UserError("--prefill: the audio encoder of " + provider.name() + " could not be loaded: " + e.getMessage(), e);
        }
        mrt2.reset(seed);
        mrt2.prefill().run(tokens, controls.get());
        System.err.printf("mrtbox: prefilled %d frames (%.1f s) from %s%n", tokens.length, tokens.length * 0.04, prefill);
    }

    /** The model's style model, closed after the render. */
    private record StyleHolder(StyleBlender blender) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            if (blender instanceof AutoCloseable c) c.close();
        }
    }

    private static StyleHolder openStyle(ModelProvider provider) {
        try {
            return new StyleHolder(provider.openStyle());
        } catch (Exception e) {
            throw new UserError("the style model of " + provider.name() + " could not be loaded: " + e.getMessage(), e);
        }
    }

    private static StreamingModel open(ModelProvider provider) {
        try {
            return provider.open();
        } catch (Exception e) {
            throw new UserError("model " + provider.name() + " could not be loaded: " + e.getMessage(), e);
        }
    }

    /** "text=0.7" fills the slots in order; the rest are cleared so only the given prompts play. */
    private void applyPrompts(ParameterRegistry registry) {
        if (prompts.isEmpty()) return;   // keep the defaults
        if (prompts.size() > StandardParams.PROMPT_SLOTS) {
            throw new UserError("at most " + StandardParams.PROMPT_SLOTS + " prompts, got " + prompts.size());
        }
        for (int slot = 1; slot <= StandardParams.PROMPT_SLOTS; slot++) {
            String text = "";
            double weight = 0;
            if (slot <= prompts.size()) {
                String p = prompts.get(slot - 1);
                int eq = p.lastIndexOf('=');
                text = p;
                weight = 1;
                if (eq >= 0) {
                    text = p.substring(0, eq).trim();
                    try {
                        weight = Double.parseDouble(p.substring(eq + 1).trim());
                    } catch (NumberFormatException e) {
                        throw new UserError("--prompt '" + p + "': the weight after '=' must be a number 0..1");
                    }
                }
                if (text.isBlank()) throw new UserError("--prompt '" + p + "': the text is empty");
            }
            set(registry, StandardParams.promptText(slot), text);
            set(registry, StandardParams.promptWeight(slot), weight);
        }
    }

    private static void set(ParameterRegistry registry, String id, Object value) {
        SetOutcome o = registry.set(id, value, SOURCE);
        if (!o.ok()) throw new UserError(id + ": " + o.reason());
    }
}
