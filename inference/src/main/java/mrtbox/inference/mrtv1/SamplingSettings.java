package mrtbox.inference.mrtv1;

/**
 * How one chunk's tokens are drawn. Defaults are the reference API's ({@code MagentaRTT5X}: guidance 5.0,
 * temperature 1.1, top-k 40) with the reference's EOS behaviour.
 *
 * @param guidance    CFG weight w: logits = (1 + w) cond - w uncond; 0 uses the conditional row alone
 * @param temperature divides the logits; <= 1e-4 means greedy (argmax)
 * @param topK        sample among the k most likely ids; 0 = all
 * @param eos         what a sampled EOS (id 1) does
 */
public record SamplingSettings(float guidance, float temperature, int topK, EosPolicy eos) {
    public static final SamplingSettings DEFAULTS = new SamplingSettings(5.0f, 1.1f, 40, EosPolicy.END_CHUNK);

    /** The reference lets the model sample EOS (= MASK, id 1); we can follow it or forbid it. */
    public enum EosPolicy {
        /** As the reference (t5x): EOS ends the chunk, every later position becomes id 0 (code 0). */
        END_CHUNK,
        /** Robust: id 1 is never sampled. */
        NEVER
    }

    public SamplingSettings {
        if (!Float.isFinite(guidance) || guidance < 0) throw new IllegalArgumentException("guidance must be >= 0, got " + guidance);
        if (!Float.isFinite(temperature) || temperature < 0) throw new IllegalArgumentException("temperature must be >= 0, got " + temperature);
        if (topK < 0) throw new IllegalArgumentException("topK must be >= 0, got " + topK);
        if (eos == null) eos = EosPolicy.END_CHUNK;
    }

    public static SamplingSettings greedy(float guidance) {
        return new SamplingSettings(guidance, 0f, 0, EosPolicy.END_CHUNK);
    }
}
