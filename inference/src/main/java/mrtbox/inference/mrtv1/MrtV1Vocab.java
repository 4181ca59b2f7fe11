package mrtbox.inference.mrtv1;

/**
 * The MRT v1 token layout and sequence geometry (spec mrt-v1.md sections 1.3 and 9), the same for every model
 * size: PAD/BOS 0, MASK (also EOS) 1, codec ids {@code 2 + 1024 * level + code} for 16 levels, style ids
 * {@code 17410 + 1024 * k + code} for 6 levels, logits 29824 wide.
 */
public final class MrtV1Vocab {
    private MrtV1Vocab() {}

    public static final int PAD = 0;
    public static final int MASK = 1;
    /** t5x uses {@code eos_id or 1} with a vocabulary that has none: EOS is the MASK id. */
    public static final int EOS = 1;
    public static final int CODEBOOK = 1024;
    public static final int CODEC_OFFSET = 2;
    public static final int STYLE_OFFSET = 17410;
    public static final int PRETRAINED_VOCAB = 29698;
    public static final int LOGIT_WIDTH = 29824;

    /** RVQ levels generated per frame and decoded to audio. */
    public static final int LEVELS = 16;
    /** RVQ levels of the context fed to the encoder. */
    public static final int ENCODER_LEVELS = 4;
    public static final int STYLE_TOKENS = 6;
    public static final int CONTEXT_FRAMES = 250;
    public static final int CHUNK_FRAMES = 50;
    public static final int ENCODER_LENGTH = CONTEXT_FRAMES * ENCODER_LEVELS + STYLE_TOKENS; // 1006
    public static final int DECODER_LENGTH = CHUNK_FRAMES * LEVELS; // 800

    public static int codecId(int level, int code) {
        return CODEC_OFFSET + CODEBOOK * level + code;
    }

    public static int styleId(int k, int code) {
        return STYLE_OFFSET + CODEBOOK * k + code;
    }

    /** The reference's lenient mapping ({@code llm_to_rvq(safe=False)}): any id, even out of level, gives a code. */
    public static int idToCode(int id) {
        return Math.max(id - CODEC_OFFSET, 0) % CODEBOOK;
    }

    /**
     * The encoder rows [2, 1006], row-major: context levels 0..3 frame-major (frame 0 oldest; -1 becomes MASK),
     * then 6 style ids (or MASK when {@code style} is null). Row 1 is the unconditional copy with the style masked.
     *
     * @param context [250][16] codes, -1 where no audio exists yet
     * @param style   the first 6 style RVQ codes, or null for no style
     */
    public static int[] encoderIds(int[][] context, int[] style) {
        return encoderIds(context, context, style);
    }

    /**
     * The encoder rows with a separate context for the unconditional row: audio injection's "tied" guidance, where
     * row 0 sees the injected context and row 1 the model's own, un-injected one (spec section 6).
     *
     * @param uncondContext [250][16] codes of row 1
     */
    public static int[] encoderIds(int[][] context, int[][] uncondContext, int[] style) {
        if (style != null && style.length < STYLE_TOKENS) throw new IllegalArgumentException("style has " + style.length + " tokens, expected at least " + STYLE_TOKENS);
        int[] ids = new int[2 * ENCODER_LENGTH];
        writeContext(context, ids, 0);
        writeContext(uncondContext, ids, ENCODER_LENGTH);
        int base = CONTEXT_FRAMES * ENCODER_LEVELS;
        for (int k = 0; k < STYLE_TOKENS; k++) {
            int code = style == null ? -1 : style[k];
            if (style != null && (code < 0 || code >= CODEBOOK)) throw new IllegalArgumentException("style code " + code + " at level " + k);
            ids[base + k] = style == null ? MASK : styleId(k, code);
            ids[ENCODER_LENGTH + base + k] = MASK;
        }
        return ids;
    }

    private static void writeContext(int[][] context, int[] ids, int at) {
        if (context.length != CONTEXT_FRAMES) throw new IllegalArgumentException("context has " + context.length + " frames, expected " + CONTEXT_FRAMES);
        for (int f = 0; f < CONTEXT_FRAMES; f++) {
            if (context[f].length < ENCODER_LEVELS) throw new IllegalArgumentException("context frame " + f + " has " + context[f].length + " levels");
            for (int l = 0; l < ENCODER_LEVELS; l++) {
                int code = context[f][l];
                if (code < -1 || code >= CODEBOOK) throw new IllegalArgumentException("context code " + code + " at frame " + f + " level " + l);
                ids[at + ENCODER_LEVELS * f + l] = code < 0 ? MASK : codecId(l, code);
            }
        }
    }
}
