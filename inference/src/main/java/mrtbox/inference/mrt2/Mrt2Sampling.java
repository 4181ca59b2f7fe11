package mrtbox.inference.mrt2;

/**
 * Per-frame sampling and guidance controls (spec mrt2.md sections 1.3 and 3).
 *
 * @param temperature Gumbel noise scale; 0 = greedy
 * @param topK        keep the k largest logits (ties kept); outside 1..1023 keeps all 1024
 * @param cfgStyle    MusicCoCa guidance ("prompt adherence"); 0 = none
 * @param cfgNotes    note guidance; 0 = none
 * @param cfgDrums    drum guidance (token only: drums have no negative row)
 */
public record Mrt2Sampling(float temperature, int topK, float cfgStyle, float cfgNotes, float cfgDrums) {
    public Mrt2Sampling {
        for (float f : new float[] {temperature, cfgStyle, cfgNotes, cfgDrums}) {
            if (!Float.isFinite(f)) throw new IllegalArgumentException("sampling values must be finite: " + f);
        }
        if (temperature < 0) throw new IllegalArgumentException("temperature must be >= 0, got " + temperature);
    }

    public static Mrt2Sampling greedy(float cfgStyle, float cfgNotes, float cfgDrums) {
        return new Mrt2Sampling(0f, 0, cfgStyle, cfgNotes, cfgDrums);
    }

    /** The three CFG tokens every batch row gets in slots 141..143. */
    public int[] cfgTokens() {
        return CfgTokens.of(cfgStyle, cfgNotes, cfgDrums);
    }
}
