package mrtbox.appliance.catalog;

import org.junit.jupiter.api.Timeout;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import mrtbox.inference.model.ModelInfo;
import mrtbox.inference.model.StepControls;
import mrtbox.inference.model.StreamingModel;
import org.junit.jupiter.api.Test;

/** tiny-v1 is in the standard catalog and plays: one 2 s chunk of finite, non-silent stereo audio. */
@Timeout(value = 300, unit = TimeUnit.SECONDS)   // TensorFlow: a hung session must not stall the build
class TinyV1ProviderTest {
    @Test
    void theBuiltInModelOpensAndMakesAChunkOfAudio() throws Exception {
        ModelProvider p = ModelCatalog.standard().require("tiny-v1");
        try (StreamingModel m = p.open()) {
            ModelInfo info = m.info();
            assertTrue(info.builtInNoise());
            assertEquals(48_000, info.sampleRate());
            assertEquals(2, info.channels());
            m.reset(7);
            float[] out = new float[info.samplesPerStep() * info.channels()];
            m.step(new StepControls(null, null, 1.1f, 40, 5.0f, null, java.util.Map.of()), out);
            double energy = 0;
            for (float v : out) {
                assertTrue(Float.isFinite(v));
                energy += v * v;
            }
            assertTrue(energy > 0, "silent chunk");
        }
    }
}
