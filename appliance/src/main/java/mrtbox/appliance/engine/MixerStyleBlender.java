package mrtbox.appliance.engine;

import java.util.Arrays;
import java.util.List;
import mrtbox.inference.style.StyleMixer;
import mrtbox.inference.style.StylePrompt;

/**
 * The style blender of a loaded style model: hands changed prompts to the {@link StyleMixer}'s worker and answers
 * with the last completed style at once, so the generation thread never waits for an embedding. A new prompt is
 * heard from the first step after its embedding is ready (cached prompts: the next step).
 */
public final class MixerStyleBlender implements StyleBlender, AutoCloseable {
    private final StyleMixer mixer;
    private List<StylePrompt> submittedPrompts = List.of();
    private float[] submittedWeights = new float[0];
    private float[] submittedOffset;

    public MixerStyleBlender(StyleMixer mixer) {
        this.mixer = mixer;
    }

    @Override
    public Style blend(List<StylePrompt> prompts, float[] weights) {
        return blend(prompts, weights, null);
    }

    @Override
    public Style blend(List<StylePrompt> prompts, float[] weights, float[] offset) {
        if (!prompts.equals(submittedPrompts) || !Arrays.equals(weights, submittedWeights) || !Arrays.equals(offset, submittedOffset)) {
            mixer.submit(prompts, weights, offset);
            submittedPrompts = List.copyOf(prompts);
            submittedWeights = weights.clone();
            submittedOffset = offset == null ? null : offset.clone();
        }
        StyleMixer.Style current = mixer.current();
        return current == null ? null : new Style(current.tokens(), current.embedding());
    }

    @Override
    public long version() {
        StyleMixer.Style current = mixer.current();
        return current == null ? -1 : current.version();
    }

    @Override
    public void close() throws InterruptedException {
        mixer.close();
    }

    @Override
    public String toString() {
        return "style mixer";
    }
}
