package mrtbox.appliance.styles;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import mrtbox.appliance.instrument.ControlsAssembler;
import mrtbox.appliance.instrument.MixerStyleBlender;
import mrtbox.appliance.instrument.ModelInputs;
import mrtbox.appliance.instrument.PromptResolver;
import mrtbox.appliance.state.StateStore;
import mrtbox.control.param.ChangeSource;
import mrtbox.control.param.ParameterRegistry;
import mrtbox.control.param.StandardParams;
import mrtbox.inference.codec.ResidualQuantizer;
import mrtbox.inference.model.StepControls;
import mrtbox.inference.style.EmbeddingCache;
import mrtbox.inference.style.StyleBlend;
import mrtbox.inference.style.StyleMixer;
import mrtbox.inference.style.TinyStyleEmbedder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Named styles, style axes and the prompt surface reach the style mixer through the registry and the resolver. */
class StyleSpaceTest {
    private static final int DIM = 16;

    @TempDir
    Path tmp;

    private static float[] vector(float base) {
        float[] v = new float[DIM];
        for (int d = 0; d < DIM; d++) v[d] = base + 0.1f * d * (base % 2 == 0 ? 1 : -1);
        return v;
    }

    @Test
    void namedStylesAndAxesReachTheMixerAsStored() throws Exception {
        TinyStyleEmbedder embedder = new TinyStyleEmbedder(1, DIM, 16000, 16000);
        StyleLibrary library = new StyleLibrary(new StateStore(tmp, Clock.systemUTC()));
        StylesFile.PersonalStyle mine = new StylesFile.PersonalStyle("mine", embedder.modelId(), "2026-01-01T00:00:00Z", vector(1),
                List.of(vector(2), vector(3)), List.of("a.wav", "b.wav"));
        library.add(mine, false);
        library.add(new StylesFile.PersonalStyle("elsewhere", "musiccoca-savedmodel:0123", "", vector(5), List.of(), List.of()), false);

        ParameterRegistry registry = new ParameterRegistry();
        registry.registerAll(StandardParams.all());
        registry.registerAll(StyleSpaceParams.all());
        StyleAxes axes = new StyleAxes(registry, library, embedder.modelId());
        PromptResolver resolver = new PromptResolver().add(new NamedStyleSource(library, embedder.modelId())).offset(axes);
        ResidualQuantizer rvq = ResidualQuantizer.random(12, 1024, DIM, 2);
        StyleMixer mixer = new StyleMixer(embedder, rvq, 12, StyleBlend.ZeroWeights.ZERO_VECTOR, EmbeddingCache.inMemory(), null);
        try (MixerStyleBlender blender = new MixerStyleBlender(mixer)) {
            ControlsAssembler controls = new ControlsAssembler(registry, blender, resolver, 0, 0.04, ModelInputs.NONE);
            registry.set(StandardParams.promptText(1), ":mine", ChangeSource.INTERNAL);
            StepControls c = await(controls, mine.mean());
            assertArrayEquals(rvq.encode(mine.mean(), 12), c.styleTokens(), "the stored mean is what gets quantized");

            registry.set(StandardParams.promptText(1), ":mine/2", ChangeSource.INTERNAL);
            await(controls, mine.centroids().get(1));

            // The axes are the principal axes of this model's stored vectors (the other model's style is not among them).
            List<float[]> expectedAxes = PrincipalAxes.of(List.of(vector(1), vector(2), vector(3)), 6);
            assertEquals(expectedAxes.size(), axes.axes().size());
            for (int i = 0; i < expectedAxes.size(); i++) assertArrayEquals(expectedAxes.get(i), axes.axes().get(i), 1e-6f);
            registry.set(StyleSpaceParams.axis(1), 0.5, ChangeSource.INTERNAL);
            float[] moved = mine.centroids().get(1);
            for (int d = 0; d < DIM; d++) moved[d] += 0.5f * expectedAxes.get(0)[d];
            await(controls, moved);
            registry.set(StyleSpaceParams.axis(1), 0.0, ChangeSource.INTERNAL);
            await(controls, mine.centroids().get(1));
        }

        // Messages for what cannot be resolved; :live belongs to another source.
        NamedStyleSource source = new NamedStyleSource(library, embedder.modelId());
        assertEquals(Optional.empty(), source.resolve(":live"));
        assertEquals(Optional.empty(), source.resolve("jazz"));
        List<String> problems = new ArrayList<>();
        for (String text : List.of(":nope", ":mine/3", ":elsewhere", ":mine/x")) {
            try {
                source.resolve(text);
            } catch (PromptResolver.PromptException e) {
                problems.add(e.getMessage());
            }
        }
        assertEquals(List.of(
                "no personal style named 'nope' (there are :mine); build one with: mrtbox styles build FOLDER --name nope",
                "style 'mine' has 2 centroids: use :mine (the mean) or :mine/1 .. :mine/2",
                "style 'elsewhere' was built with the style model musiccoca-savedmodel:0123 and does not fit this model's ("
                        + embedder.modelId() + "); rebuild it with mrtbox styles build --replace",
                "'' is not a personal style: write :NAME or :NAME/2 (a centroid)".replace("''", "':mine/x'")), problems);
    }

    @Test
    void stylesWrittenByAnotherProcessAreSeenWithoutARestart() throws Exception {
        StyleLibrary running = new StyleLibrary(new StateStore(tmp, Clock.systemUTC()));
        NamedStyleSource source = new NamedStyleSource(running, "m");
        long before = source.version();
        StyleLibrary cli = new StyleLibrary(new StateStore(tmp, Clock.systemUTC()));
        cli.add(new StylesFile.PersonalStyle("fresh", "m", "", vector(4), List.of(), List.of()), false);
        assertTrue(running.reloadIfChanged(), "the running box notices the new file");
        assertNotEquals(before, source.version());
        assertArrayEquals(vector(4), source.resolve(":fresh").orElseThrow().embedding());
        assertTrue(!running.reloadIfChanged(), "unchanged file: no reload");
    }

    /** Steps until the controls carry this embedding (bounded). */
    private static StepControls await(ControlsAssembler controls, float[] embedding) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        StepControls c = null;
        while (System.nanoTime() < deadline) {
            c = controls.get();
            if (c.styleEmbedding() != null && Arrays.equals(c.styleEmbedding(), embedding)) return c;
            Thread.sleep(5);
        }
        throw new AssertionError("expected " + Arrays.toString(embedding) + ", the mixer has "
                + (c == null ? null : Arrays.toString(c.styleEmbedding())));
    }
}
