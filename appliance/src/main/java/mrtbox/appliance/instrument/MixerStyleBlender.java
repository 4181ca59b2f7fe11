package mrtbox.appliance.instrument;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import mrtbox.inference.style.StyleMixer;
import mrtbox.inference.style.StylePrompt;

/**
 * The style blender of a loaded style model: hands changed prompts to the {@link StyleMixer}'s worker. For frame models
 * it answers with the last completed style at once, so the generation thread never waits for an embedding (a new
 * prompt is heard from the first step after its embedding is ready). A chunk model's step is seconds of audio, so
 * {@link #waitingAtMost its blender} waits (bounded) for the new style: the chunk after a change carries it.
 */
public final class MixerStyleBlender implements StyleBlender, AutoCloseable {
    /** How long an offline render waits for one style before it gives up (a real MusicCoCa takes well under this). */
    private static final Duration OFFLINE_WAIT = Duration.ofMinutes(2);

    private final StyleMixer mixer;
    private final Duration wait;          // null: answer with the last completed style at once
    private final boolean styleRequired;  // offline: a style that does not come in time is an error
    private List<StylePrompt> submittedPrompts = List.of();
    private float[] submittedWeights = new float[0];
    private float[] submittedOffset;

    public MixerStyleBlender(StyleMixer mixer) {
        this(mixer, null, false);
    }

    private MixerStyleBlender(StyleMixer mixer, Duration wait, boolean styleRequired) {
        this.mixer = mixer;
        this.wait = wait;
        this.styleRequired = styleRequired;
    }

    /**
     * For offline renders: a blender over the same mixer that waits for each new style before answering, so a step
     * always hears the prompts it was given and the same inputs render the same file. Never for the live engine.
     */
    @Override
    public StyleBlender waitingForEachStyle() {
        return new MixerStyleBlender(mixer, OFFLINE_WAIT, true);
    }

    /**
     * For chunk models: a blender over the same mixer that waits up to {@code bound} for each new style, so the chunk
     * that follows a change is made with it; a style that takes longer arrives one chunk later (the step goes on with
     * the last completed style rather than miss its deadline).
     */
    @Override
    public StyleBlender waitingAtMost(Duration bound) {
        return new MixerStyleBlender(mixer, bound, false);
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
            if (wait != null) awaitStyle(seq);
        }
        StyleMixer.MixedStyle current = mixer.current();
        return current == null ? null : new StyleCondition(current.tokens(), current.embedding());
    }

    private void awaitStyle(long seq) {
        try {
            if (!mixer.await(seq, wait) && styleRequired) {
                throw new IllegalStateException("the style model gave no style within " + wait.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (styleRequired) throw new IllegalStateException("interrupted while waiting for a style", e);
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
