package mrtbox.appliance.instrument;

import java.util.List;
import java.util.Optional;
import mrtbox.inference.style.StyleEmbedder;
import mrtbox.inference.style.StylePrompt;

/**
 * Turns the prompt slots (resolved prompts and their current, glided weights) into the style the model is conditioned on.
 * The style mixer (MusicCoCa embeddings, weighted mean, RVQ tokens) implements it; {@link #UNCONDITIONED} is
 * what runs when no style model is loaded: the model plays its unconditional style, and the log says so.
 */
public interface StyleBlender {

    /** The style for these prompts, or null for "unconditioned" (no prompt carries weight, or no style model). */
    StyleCondition blend(List<StylePrompt> prompts, float[] weights);

    /**
     * As {@link #blend(List, float[])} with a {@link StyleOffset style-space offset} added to the blended embedding
     * before quantization (null: none). Blenders without an embedding space ignore it.
     */
    default StyleCondition blend(List<StylePrompt> prompts, float[] weights, float[] offset) {
        return blend(prompts, weights);
    }

    /**
     * Grows when a style computed in the background becomes available, so a caller that caches the last style
     * knows to ask again even though its inputs did not change. Blenders that answer at once keep it at 0.
     */
    default long version() {
        return 0;
    }

    /**
     * This blender for offline renders: every blend answers with the style of the prompts it was given (waiting for
     * a background embedding if need be), so renders are deterministic. Blenders that answer at once return themselves.
     */
    default StyleBlender waitingForEachStyle() {
        return this;
    }

    /**
     * This blender for chunk models: a blend whose inputs changed waits up to {@code bound} for their style, so the
     * chunk that follows a prompt change carries it. Blenders that answer at once return themselves.
     */
    default StyleBlender waitingAtMost(java.time.Duration bound) {
        return this;
    }

    /** The style model's embedder, for features that embed audio of their own (the live input); empty when none. */
    default Optional<StyleEmbedder> embedder() {
        return Optional.empty();
    }

    /** Style as the model takes it: RVQ tokens and/or the embedding they quantise. */
    record StyleCondition(int[] tokens, float[] embedding) {}

    /** No style model in this configuration: every step is unconditioned. */
    StyleBlender UNCONDITIONED = new StyleBlender() {
        @Override
        public StyleCondition blend(List<StylePrompt> prompts, float[] weights) {
            return null;
        }

        @Override
        public String toString() {
            return "unconditioned (no style model loaded)";
        }
    };
}
