package mrtbox.appliance.instrument;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
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

/** Prompts typed into the registry reach the model's style tokens through the asynchronous mixer. */
class MixerStyleBlenderTest {
    private static final int DIM = 16;

    @Test
    void aPromptChangeReachesTheStepControlsOnceItsEmbeddingIsReady() throws Exception {
        ParameterRegistry registry = new ParameterRegistry();
        registry.registerAll(StandardParams.all());
        TinyStyleEmbedder embedder = new TinyStyleEmbedder(1, DIM, 16000, 16000);
        ResidualQuantizer rvq = ResidualQuantizer.random(12, 1024, DIM, 2);
        StyleMixer mixer = new StyleMixer(embedder, rvq, 12, StyleBlend.ZeroWeights.ZERO_VECTOR, EmbeddingCache.inMemory(), null);
        try (MixerStyleBlender blender = new MixerStyleBlender(mixer)) {
            ControlsAssembler controls = new ControlsAssembler(registry, blender, 0, 0.04);
            int[] first = awaitTokens(controls, null);
            assertArrayEquals(rvq.encode(embedder.embedText("warm analog synth groove"), 12), first,
                    "the default prompt's tokens");

            registry.set(StandardParams.promptText(1), "dark techno", ChangeSource.INTERNAL);
            int[] second = awaitTokens(controls, first);
            assertArrayEquals(rvq.encode(embedder.embedText("dark techno"), 12), second);
            assertFalse(Arrays.equals(first, second));
        }
    }

    /** Steps until the controls carry tokens different from {@code previous} (bounded). */
    private static int[] awaitTokens(ControlsAssembler controls, int[] previous) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline) {
            StepControls c = controls.get();
            int[] tokens = c.styleTokens();
            if (tokens != null && !Arrays.equals(tokens, previous)) return tokens;
            Thread.sleep(5);
        }
        throw new AssertionError("the style never reached the step controls");
    }
}
