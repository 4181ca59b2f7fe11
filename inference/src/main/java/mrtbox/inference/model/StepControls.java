package mrtbox.inference.model;

import java.util.Map;

/**
 * The controls for one model step: an immutable value the engine builds from the parameter snapshot and the
 * style mixer. {@code inference} knows nothing of MIDI or OSC; this is all it sees of them.
 *
 * @param styleTokens    RVQ tokens of the blended style embedding (12 levels; MRT v1 uses the first 6), or null
 *                       when no prompt is active (the model uses its unconditional style)
 * @param styleEmbedding the blended style embedding itself (768-d for MusicCoCa), or null
 * @param temperature    sampling temperature (0 = greedy)
 * @param topK           sample from the k most likely ids
 * @param guidance       classifier-free guidance weight for the style
 * @param notes          held notes and onsets for note-conditioned models (MRT2); MRT v1 ignores them
 * @param extras         model-specific numeric controls by parameter id (MRT2 note guidance, drums, ...)
 */
public record StepControls(int[] styleTokens, float[] styleEmbedding, float temperature, int topK, float guidance,
                           NoteFrame notes, Map<String, Double> extras) {

    public StepControls {
        styleTokens = styleTokens == null ? null : styleTokens.clone();
        styleEmbedding = styleEmbedding == null ? null : styleEmbedding.clone();
        notes = notes == null ? NoteFrame.SILENT : notes;
        extras = extras == null ? Map.of() : Map.copyOf(extras);
    }

    public double extra(String id, double fallback) {
        Double v = extras.get(id);
        return v == null ? fallback : v;
    }

    @Override
    public int[] styleTokens() {
        return styleTokens == null ? null : styleTokens.clone();
    }

    @Override
    public float[] styleEmbedding() {
        return styleEmbedding == null ? null : styleEmbedding.clone();
    }
}
