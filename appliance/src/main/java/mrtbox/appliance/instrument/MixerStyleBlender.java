package mrtbox.appliance.instrument;

import java.time.Duration;
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
    /** How long an offline render waits for one style before it gives up (a real MusicCoCa takes well under this). */
    private static final Duration OFFLINE_WAIT = Duration.ofMinutes(2);

    private final StyleMixer mixer;
    private final boolean waitForEachStyle;
    private List<StylePrompt> submittedPrompts = List.of();
    private float[] submittedWeights = new float[0];
    private float[] submittedOffset;

    public MixerStyleBlender(StyleMixer mixer) {
        this(mixer, false);
    }

    private MixerStyleBlender(StyleMixer mixer, boolean waitForEachStyle) {
        this.mixer = mixer;
        this.waitForEachStyle = waitForEachStyle;
    }

    /**
     * For offline renders: a blender over the same mixer that waits for each new style before answering, so a step
     * always hears the prompts it was given and the same inputs render the same file. Never for the live engine.
     */
    @Override
    public StyleBlender waitingForEachStyle() {
        return new MixerStyleBlender(mixer, true);
    }

    @Override
    public StyleCondition blend(List<StylePrompt> prompts, float[] weights) {
        return blend(prompts, weights, null);
    }

    @Override
    public StyleCondition blend(List<StylePrompt> prompts, float[] weights, float[] offset) {
        if (!prompts.equals(submittedPrompts) || !Arrays.equals(weights, submittedWeights) || !Arrays.equals(offset, submittedOffset)) {
            long seq = mixer.submit(prompts, weights, offset);
            submittedPrompts = List.copyOf(prompts);
            submittedWeights = weights.clone();
            submittedOffset = offset == null ? null : offset.clone();
            if (waitForEachStyle) awaitStyle(seq);
        }
        StyleMixer.MixedStyle current = mixer.current();
        return current == null ? null : new StyleCondition(current.tokens(), current.embedding());
    }

    private void awaitStyle(long seq) {
        try {
            if (!mixer.await(seq, OFFLINE_WAIT)) throw new IllegalStateException("the style model gave no style within " + OFFLINE_WAIT.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a style", e);
        }
    }

    @Override
    public long version() {
        StyleMixer.MixedStyle current = mixer.current();
        return current == null ? -1 : current.version();
    }

    @Override
    public java.util.Optional<mrtbox.inference.style.StyleEmbedder> embedder() {
        return java.util.Optional.of(mixer.embedder());
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
