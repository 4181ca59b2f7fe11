package mrtbox.appliance.instrument;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import mrtbox.control.param.ChangeSource;
import mrtbox.control.param.ParameterRegistry;
import mrtbox.control.param.StandardParams;
import mrtbox.inference.model.StepControls;
import org.junit.jupiter.api.Test;

class ControlsAssemblerTest {

    @Test
    void promptWeightsGlideAndSamplingValuesPassThrough() {
        ParameterRegistry registry = new ParameterRegistry();
        registry.registerAll(StandardParams.all());
        List<float[]> blended = new ArrayList<>();
        StyleBlender recorder = (texts, weights) -> {
            blended.add(weights);
            return new StyleBlender.StyleCondition(new int[] {(int) (weights[1] * 100)}, null);
        };
        ControlsAssembler a = new ControlsAssembler(registry, recorder, 0.2, 0.04);
        StepControls first = a.get();
        assertEquals(1.1f, first.temperature(), 1e-6);
        assertEquals(40, first.topK());
        assertEquals(5f, first.guidance(), 1e-6);
        assertSame(first, a.get(), "nothing changed: the same controls, no re-blend");
        assertEquals(1, blended.size());

        registry.set(StandardParams.promptWeight(2), 1.0, ChangeSource.INTERNAL);
        registry.set(StandardParams.TEMPERATURE, 0.5, ChangeSource.INTERNAL);
        float[] seen = new float[6];
        for (int i = 0; i < 6; i++) seen[i] = a.get().styleTokens()[0];
        assertArrayEquals(new float[] {20, 40, 60, 80, 100, 100}, seen, "0.2 s glide in 40 ms steps");
        assertEquals(0.5f, a.get().temperature(), 1e-6);
        assertEquals(1f, a.currentWeights()[1]);
        int blends = blended.size();
        a.get();
        assertEquals(blends, blended.size(), "glide finished: no more blending");
    }

    @Test
    void aMutedSlotGlidesOutAndBackToTheWeightItKept() {
        ParameterRegistry registry = new ParameterRegistry();
        registry.registerAll(StandardParams.all());
        registry.set(StandardParams.promptWeight(2), 0.8, ChangeSource.INTERNAL);
        ControlsAssembler a = new ControlsAssembler(registry, (texts, weights) -> null, 0.08, 0.04);
        assertEquals(0.8f, a.currentWeights()[1], 1e-6);
        registry.set(StandardParams.promptMute(2), true, ChangeSource.INTERNAL);
        a.get();
        assertEquals(0.4f, a.currentWeights()[1], 1e-6, "half way out after one of two glide steps");
        a.get();
        assertEquals(0f, a.currentWeights()[1], 1e-6);
        assertEquals(1f, a.currentWeights()[0], 1e-6, "the other slots are untouched");
        assertEquals(0.8, registry.snapshot().number(registry.require(StandardParams.promptWeight(2))), 1e-12, "the set weight is kept");
        registry.set(StandardParams.promptMute(2), false, ChangeSource.INTERNAL);
        a.get();
        a.get();
        assertEquals(0.8f, a.currentWeights()[1], 1e-6, "unmuted: back to the kept weight");
    }

    @Test
    void unconditionedBlenderGivesNoStyle() {
        ParameterRegistry registry = new ParameterRegistry();
        registry.registerAll(StandardParams.all());
        StepControls c = new ControlsAssembler(registry, StyleBlender.UNCONDITIONED, 0.5, 2.0).get();
        assertNull(c.styleTokens());
        assertNull(c.styleEmbedding());
    }
}
