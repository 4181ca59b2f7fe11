package mrtbox.inference.style;

import java.util.Arrays;
import java.util.Locale;
import mrtbox.inference.text.SentencePieceTokenizer;

/**
 * MusicCoCa's text input: lowercase, SentencePiece ids, BOS 1 in front, at most 127 text ids, right-padded with 0
 * to 128, and a paddings mask (0 on BOS and kept ids, 1 on padding). Longer prompts are truncated as the
 * reference does, and the packing says how many ids were dropped so the caller can report it.
 */
public final class MusicCocaText {
    public static final int MAX_LEN = 128;
    public static final int BOS = 1;
    public static final int PAD = 0;

    /** How the prompt is lowercased before tokenizing. */
    public enum Lowering {
        /** Python {@code str.lower()}: full Unicode lowering, as MRT v1's Python reference does. */
        UNICODE,
        /** Only A-Z, byte-wise, as MRT2's native engine does. */
        ASCII
    }

    /**
     * @param ids       {@link #MAX_LEN} ids: BOS, text ids, zeros
     * @param paddings  {@link #MAX_LEN} floats: 0 on BOS and text ids, 1 on padding
     * @param textIds   how many text ids were kept (at most 127)
     * @param droppedIds how many text ids were cut off the end (0 unless the prompt was too long)
     */
    public record Packed(int[] ids, float[] paddings, int textIds, int droppedIds) {
        public boolean truncated() {
            return droppedIds > 0;
        }

        @Override
        public int[] ids() {
            return ids.clone();
        }

        @Override
        public float[] paddings() {
            return paddings.clone();
        }
    }

    private final SentencePieceTokenizer tokenizer;
    private final Lowering lowering;

    public MusicCocaText(SentencePieceTokenizer tokenizer, Lowering lowering) {
        this.tokenizer = tokenizer;
        this.lowering = lowering;
    }

    public static String lower(String text, Lowering lowering) {
        if (lowering == Lowering.UNICODE) return text.toLowerCase(Locale.ROOT);
        char[] c = text.toCharArray();
        for (int i = 0; i < c.length; i++) if (c[i] >= 'A' && c[i] <= 'Z') c[i] = (char) (c[i] + 32);
        return new String(c);
    }

    public Packed pack(String text) {
        int[] textIds = tokenizer.encodeAsIds(lower(text, lowering));
        int kept = Math.min(textIds.length, MAX_LEN - 1);
        int[] ids = new int[MAX_LEN];
        float[] paddings = new float[MAX_LEN];
        Arrays.fill(ids, PAD);
        Arrays.fill(paddings, 1f);
        ids[0] = BOS;
        paddings[0] = 0f;
        for (int i = 0; i < kept; i++) {
            ids[1 + i] = textIds[i];
            paddings[1 + i] = 0f;
        }
        return new Packed(ids, paddings, kept, textIds.length - kept);
    }
}
