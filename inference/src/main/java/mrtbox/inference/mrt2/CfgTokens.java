package mrtbox.inference.mrt2;

/**
 * The guidance scales as conditioning tokens, exactly as the exported step bins them ({@code export.py}
 * {@code _discretize_cfg_token}): bin = round_half_even((clip(s, -1, 7) + 1) / step) in float32, clipped to
 * [0, maxBin], token = bin + 7 with no clip afterwards (so s = 7 gives 47 / 15, one past the channel: the
 * reference reads the next channel's row, and so do we).
 */
public final class CfgTokens {
    private CfgTokens() {}

    /** Style (MusicCoCa) and notes: step 0.2, 41 bins. */
    public static int styleOrNotes(float scale) {
        return token(scale, 0.2f, 40);
    }

    /** Drums: step 1.0, 9 bins. */
    public static int drums(float scale) {
        return token(scale, 1.0f, 8);
    }

    private static int token(float scale, float step, int maxBin) {
        float c = Math.max(-1f, Math.min(7f, scale));
        float q = (c + 1f) / step;
        int bin = (int) Math.rint(q);
        bin = Math.max(0, Math.min(maxBin, bin));
        return bin + Mrt2Vocab.TOKEN_OFFSET;
    }

    /** The three tokens in slot order: style, notes, drums. */
    public static int[] of(float style, float notes, float drums) {
        return new int[] {styleOrNotes(style), styleOrNotes(notes), drums(drums)};
    }
}
