package mrtbox.appliance.instrument;

import org.junit.jupiter.api.Timeout;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import mrtbox.appliance.catalog.ModelCatalog;
import mrtbox.appliance.catalog.ModelProvider;
import mrtbox.appliance.instrument.ControlsAssembler;
import mrtbox.appliance.instrument.InjectionParameters;
import mrtbox.appliance.instrument.ModelInputs;
import mrtbox.appliance.instrument.PromptResolver;
import mrtbox.appliance.instrument.StyleBlender;
import mrtbox.control.param.ChangeSource;
import mrtbox.control.param.ParamSpec;
import mrtbox.control.param.ParamType;
import mrtbox.control.param.ParameterRegistry;
import mrtbox.control.param.StandardParams;
import mrtbox.inference.engine.InputTap;
import mrtbox.inference.inject.InjectionControls;
import mrtbox.inference.model.StepControls;
import mrtbox.inference.mrtv1.MrtV1ChunkModel;
import org.junit.jupiter.api.Test;

/**
 * The injection controls are ordinary registry parameters (with OSC addresses, so OSCQuery, MIDI learn and the page
 * list them) that reach the model's step; the box attaches the live input and the install's encoder to tiny-v1, and
 * switching {@code input.inject} on through the registry changes the context the model conditions on.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)   // TensorFlow: a hung session must not stall the build
class InjectionWiringTest {
    private static final ChangeSource OSC = ChangeSource.of(ChangeSource.Kind.OSC, "test");

    /** A 48 kHz input that has captured 3 s of a 440 Hz tone. */
    private static final InputTap TONE = new InputTap() {
        @Override public int sampleRate() { return 48_000; }
        @Override public long framesWritten() { return 144_000; }
        @Override public int read(long endFrame, float[] dst, int count) {
            for (int i = 0; i < count; i++) {
                long p = endFrame - count + i;
                float v = p >= 0 && p < 144_000 ? (float) (0.5 * Math.sin(2 * Math.PI * 440 * p / 48_000.0)) : 0f;
                dst[2 * i] = v;
                dst[2 * i + 1] = v;
            }
            return count;
        }
    };

    @Test
    void theControlsAreParametersThatReachTheStepIncludingTheInputComponentsDelay() {
        ParameterRegistry registry = new ParameterRegistry();
        registry.registerAll(StandardParams.all());
        // what the input component registers for its latency compensation
        registry.register(ParamSpec.builder(InjectionControls.DELAY_MS, ParamType.FLOAT).range(0, 2000).defaultValue(0).unit("ms").build());
        List<String> ids = InjectionParameters.register(registry);
        assertEquals(List.of(InjectionControls.INJECT, InjectionControls.FEEDBACK, InjectionControls.DELAY_MS), ids);
        for (String address : List.of("/mrtbox/input/inject", "/mrtbox/input/feedback")) {
            assertTrue(registry.specs().stream().anyMatch(s -> s.oscAddress().equals(address)), address);
        }
        assertEquals(ids, InjectionParameters.register(registry), "registering twice keeps the first registration");

        ControlsAssembler controls = new ControlsAssembler(registry, StyleBlender.UNCONDITIONED, new PromptResolver(), 0, 2.0,
                new ModelInputs(ids, null));
        InjectionControls off = InjectionControls.of(controls.get());
        assertFalse(off.enabled());
        assertEquals(InjectionControls.DEFAULT_FEEDBACK, off.feedback(), 1e-6);

        registry.set(InjectionControls.INJECT, 1, OSC);
        registry.set(InjectionControls.FEEDBACK, 0.25, OSC);
        registry.set(InjectionControls.DELAY_MS, 180, OSC);
        InjectionControls on = InjectionControls.of(controls.get());
        assertEquals(new InjectionControls(true, 0.25f, 180f), on);
        assertEquals(8640, on.delayFrames(48_000));
    }

    @Test
    void withoutTheInputComponentTheDelayIsZeroAndNotRequired() {
        ParameterRegistry registry = new ParameterRegistry();
        registry.registerAll(StandardParams.all());
        List<String> ids = InjectionParameters.register(registry);
        assertFalse(ids.contains(InjectionControls.DELAY_MS));
        StepControls c = new ControlsAssembler(registry, StyleBlender.UNCONDITIONED, new PromptResolver(), 0, 2.0, new ModelInputs(ids, null)).get();
        assertEquals(0f, InjectionControls.of(c).delayMs());
    }

    @Test
    void theBoxAttachesTheInputToTinyV1AndTheRegistrySwitchesInjection() throws Exception {
        ModelProvider tiny = ModelCatalog.standard().require("tiny-v1");
        ParameterRegistry registry = new ParameterRegistry();
        registry.registerAll(StandardParams.all());
        List<String> ids = InjectionParameters.register(registry);
        try (MrtV1ChunkModel model = (MrtV1ChunkModel) tiny.open()) {
            EngineComponent.attachInput(model, tiny, TONE);
            assertNotNull(model.injector(), "tiny-v1 takes the input with the tiny encoder");
            ControlsAssembler controls = new ControlsAssembler(registry, StyleBlender.UNCONDITIONED, new PromptResolver(), 0, 2.0,
                    new ModelInputs(ids, null));
            model.reset(1);
            float[] out = new float[96_000 * 2];
            model.step(controls.get(), out);
            model.step(controls.get(), out);
            assertArrayEquals(model.ownContext(), model.context(), "input.inject is off by default");

            registry.set(InjectionControls.INJECT, 1, OSC);
            model.step(controls.get(), out);
            int[][] ctx = model.context();
            int[][] own = model.ownContext();
            // the 58 injected frames are now 50 frames older: frames 142..199
            boolean differs = false;
            for (int f = 142; f < 200; f++) differs |= !java.util.Arrays.equals(ctx[f], own[f]);
            assertTrue(differs, "the injected frames differ from the model's own");
            for (int f = 200; f < 250; f++) assertArrayEquals(own[f], ctx[f], "the new chunk is the model's own");
        }
    }

    @Test
    void anInputAtAnotherRateLeavesTheModelPlayingWithoutInjection() throws Exception {
        InputTap cd = new InputTap() {
            @Override public int sampleRate() { return 44_100; }
            @Override public long framesWritten() { return 0; }
            @Override public int read(long endFrame, float[] dst, int count) { java.util.Arrays.fill(dst, 0, 2 * count, 0f); return 0; }
        };
        ModelProvider tiny = ModelCatalog.standard().require("tiny-mrt2");
        try (mrtbox.inference.mrt2.Mrt2FrameModel model = (mrtbox.inference.mrt2.Mrt2FrameModel) tiny.open()) {
            EngineComponent.attachInput(model, tiny, cd);   // logs "audio injection unavailable: the audio input runs at 44100 Hz ..."
            assertEquals(null, model.injector());
            model.reset(1);
            float[] out = new float[1920 * 2];
            model.step(new StepControls(null, null, 1f, 40, 3f, null, java.util.Map.of(InjectionControls.INJECT, 1.0)), out);
        }
    }

    /**
     * An MRT v1 installed from the official layout ({@code savedmodels/ssv2_48k_stereo/encoder/} as a SavedModel, here
     * a Java-exported stand-in with the release's interface) injects through that SavedModel: the injected context
     * frames are the stand-in's tokens of the mix. A damaged encoder SavedModel costs only the injection.
     */
    @Test
    void anMrtV1FromTheReleaseLayoutInjectsThroughItsEncoderSavedModel(@org.junit.jupiter.api.io.TempDir java.nio.file.Path models) throws Exception {
        java.nio.file.Path dir = models.resolve("v1-release");
        java.nio.file.Path llm = dir.resolve("checkpoints/llm_tinya_x0000_c1860k.tar");
        java.nio.file.Files.createDirectories(llm.getParent());
        try (var in = getClass().getResourceAsStream("/mrtv1/llm_tinya_x0000_c1860k.tar")) {
            java.nio.file.Files.copy(java.util.Objects.requireNonNull(in, "test resource mrtv1/llm_tinya_x0000_c1860k.tar"), llm);
        }
        java.nio.file.Path codec = dir.resolve("savedmodels/ssv2_48k_stereo");
        new mrtbox.inference.codec.savedmodel.StandInCodecExport().dim(8).levels(16).seed(2).write(codec);
        mrtbox.inference.install.ModelManifest m = mrtbox.inference.install.ModelManifest.describe(dir, "mrt-v1", "v1-release",
                java.util.Map.of("llm", "checkpoints/llm_tinya_x0000_c1860k.tar", "spectrostream", "savedmodels/ssv2_48k_stereo"));
        java.nio.file.Files.writeString(dir.resolve(mrtbox.inference.install.ModelManifest.FILE_NAME), m.toJson());
        ModelProvider p = ModelCatalog.standard(models).require("v1-release");

        ParameterRegistry registry = new ParameterRegistry();
        registry.registerAll(StandardParams.all());
        List<String> ids = InjectionParameters.register(registry);
        ControlsAssembler controls = new ControlsAssembler(registry, StyleBlender.UNCONDITIONED, new PromptResolver(), 0, 2.0, new ModelInputs(ids, null));
        registry.set(InjectionControls.INJECT, 1, OSC);
        registry.set(InjectionControls.FEEDBACK, 0, OSC);   // the mix is the input alone
        try (MrtV1ChunkModel model = (MrtV1ChunkModel) p.open();
             mrtbox.inference.codec.savedmodel.SavedModelSpectroStreamEncoder reference = mrtbox.inference.codec.savedmodel.SavedModelSpectroStreamEncoder.load(codec)) {
            assertEquals("", EngineComponent.attachInput(model, p, TONE));
            assertNotNull(model.injector(), "the release layout's encoder SavedModel is wired for injection");
            model.reset(1);
            float[] out = new float[96_000 * 2];
            model.step(controls.get(), out);
            model.step(controls.get(), out);   // injection starts with the second chunk after a reset
            // What the SavedModel makes of the same mix: the tone's last 126,720 samples, 16 levels, 8 edge frames dropped.
            float[] mix = new float[mrtbox.inference.mrtv1.ContextInjector.MIX_SAMPLES * 2];
            TONE.read(TONE.framesWritten(), mix, mrtbox.inference.mrtv1.ContextInjector.MIX_SAMPLES);
            int[][] expected = reference.encode(mix, 48_000, 16);
            int[][] ctx = model.context();
            int over = mrtbox.inference.mrtv1.ContextInjector.OVERWRITTEN_FRAMES;
            // injected before this chunk's LLM, then the context advanced by the chunk's 50 new frames
            for (int i = 0; i < over; i++) {
                assertArrayEquals(expected[mrtbox.inference.mrtv1.ContextInjector.LEFT_EDGE_FRAMES + i], ctx[250 - 50 - over + i], "context frame " + (250 - 50 - over + i));
            }
        }

        java.nio.file.Files.write(codec.resolve("encoder/saved_model.pb"), "not a SavedModel".getBytes());
        try (MrtV1ChunkModel model = (MrtV1ChunkModel) p.open()) {
            String why = EngineComponent.attachInput(model, p, TONE);
            assertTrue(why.startsWith("audio injection unavailable: ") && why.contains("encoder"), why);
            assertEquals(null, model.injector());
            model.reset(1);
            float[] out = new float[96_000 * 2];
            model.step(controls.get(), out);
            model.step(controls.get(), out);
            double energy = 0;
            for (float v : out) energy += v * v;
            assertTrue(energy > 0, "the model plays without its injection encoder");
        }
    }
}
