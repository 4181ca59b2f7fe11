package mrtbox.inference.mrt2;

import mrtbox.inference.model.NoteFrame;

/**
 * How held notes become the 141 conditioning tokens of one frame (spec mrt2.md section 7, {@code calculate_token} and
 * {@code populate_condition_tokens}).
 *
 * @param onsetMode   MASK (default, "auto-strum": any active note is 3, "on, model decides") or UNMASK (onset 2, then
 *                    sustain 1)
 * @param unmaskWidth u: 127 and above makes all 128 pitches explicit ("solo": idle = 0, off); otherwise every pitch
 *                    is masked except p - u .. p + u around each active p, which are explicit off, and the active
 *                    pitches themselves (u = 0, the default, is "accompany": only held notes are constrained)
 * @param drumless    true writes drum value 0 ("no drums"), false leaves the drum slot masked
 */
public record NoteConditioning(OnsetMode onsetMode, int unmaskWidth, boolean drumless) {
    public enum OnsetMode { MASK, UNMASK }

    public static final NoteConditioning DEFAULT = new NoteConditioning(OnsetMode.MASK, 0, false);
    public static final int SOLO = 127;

    public NoteConditioning {
        if (onsetMode == null) throw new IllegalArgumentException("onset mode is required");
        if (unmaskWidth < 0) throw new IllegalArgumentException("unmask width must be >= 0, got " + unmaskWidth);
    }

    /**
     * The positive row: style tokens (12 values, -1 = masked; only the first 6 are live, the rest are masked) then
     * the 128 pitch tokens and the drum token.
     *
     * @param style RVQ style tokens (at least 6), or null for a fully masked style
     */
    public int[] positive(int[] style, NoteFrame notes) {
        int[] row = new int[Mrt2Vocab.INPUT_SLOTS];
        for (int k = 0; k < Mrt2Vocab.STYLE_SLOTS; k++) {
            row[k] = style != null && k < Mrt2Vocab.LIVE_STYLE_SLOTS ? styleToken(style[k], k) : Mrt2Vocab.MASK;
        }
        pitches(notes, row);
        row[Mrt2Vocab.DRUM_SLOT] = drumless ? Mrt2Vocab.token(0) : Mrt2Vocab.MASK;
        return row;
    }

    /** The style-masked negative row: the positive row with the 12 style slots masked. */
    public static int[] styleMasked(int[] positive) {
        int[] r = positive.clone();
        java.util.Arrays.fill(r, 0, Mrt2Vocab.STYLE_SLOTS, Mrt2Vocab.MASK);
        return r;
    }

    /** The notes-masked negative row: the positive row with the 128 pitch slots masked (drum kept). */
    public static int[] notesMasked(int[] positive) {
        int[] r = positive.clone();
        java.util.Arrays.fill(r, Mrt2Vocab.STYLE_SLOTS, Mrt2Vocab.DRUM_SLOT, Mrt2Vocab.MASK);
        return r;
    }

    private static int styleToken(int code, int level) {
        if (code < 0 || code >= Mrt2Vocab.CODEBOOK) throw new IllegalArgumentException("style token " + code + " at level " + level + " is outside 0..1023");
        return Mrt2Vocab.token(code);
    }

    private void pitches(NoteFrame notes, int[] row) {
        int base = Mrt2Vocab.STYLE_SLOTS;
        boolean solo = unmaskWidth >= SOLO;
        for (int p = 0; p < Mrt2Vocab.PITCHES; p++) row[base + p] = solo ? Mrt2Vocab.token(0) : Mrt2Vocab.MASK;
        if (!solo) {
            for (int p = 0; p < Mrt2Vocab.PITCHES; p++) {
                if (!active(notes, p)) continue;
                for (int q = Math.max(0, p - unmaskWidth); q <= Math.min(Mrt2Vocab.PITCHES - 1, p + unmaskWidth); q++) row[base + q] = Mrt2Vocab.token(0);
            }
        }
        for (int p = 0; p < Mrt2Vocab.PITCHES; p++) {
            if (!active(notes, p)) continue;
            int value = onsetMode == OnsetMode.MASK ? 3 : notes.onset(p) ? 2 : 1;
            row[base + p] = Mrt2Vocab.token(value);
        }
    }

    private static boolean active(NoteFrame n, int p) {
        return n.held(p) || n.onset(p);
    }
}
