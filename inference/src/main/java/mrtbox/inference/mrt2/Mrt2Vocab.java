package mrtbox.inference.mrt2;

/**
 * The fixed token layout of MRT2 (spec mrt2.md section 1.3 and fact 2). Audio ids: 6 reserved (0 = SOS) then 12
 * levels of 1024 codes, id = 6 + 1024 level + code. Conditioning: 144 slots of value + 7 (6 = masked), in the order
 * 12 MusicCoCa | 128 pitches | 1 drum | 3 CFG-scale bins.
 */
public final class Mrt2Vocab {
    private Mrt2Vocab() {}

    public static final int LEVELS = 12;
    public static final int CODEBOOK = 1024;
    public static final int AUDIO_OFFSET = 6;
    public static final int VOCAB = AUDIO_OFFSET + LEVELS * CODEBOOK; // 12294
    public static final int SOS = 0;

    public static final int STYLE_SLOTS = 12;
    /** Live style: only the first 6 MusicCoCa tokens reach the model, the rest are masked. */
    public static final int LIVE_STYLE_SLOTS = 6;
    public static final int PITCHES = 128;
    public static final int DRUM_SLOT = STYLE_SLOTS + PITCHES; // 140
    /** Conditioning the caller supplies per frame: style, pitches, drum. */
    public static final int INPUT_SLOTS = DRUM_SLOT + 1; // 141
    public static final int CFG_SLOTS = 3;
    public static final int COND_SLOTS = INPUT_SLOTS + CFG_SLOTS; // 144

    public static final int TOKEN_OFFSET = 7;
    public static final int MASK = 6;

    /** Rows per style level in the MusicCoCa dequantizer (1024 + 6 reserved + 1 dropout). */
    public static final int STYLE_LEVEL_VOCAB = 1031;
    /** The 132 channels of the multi-channel embedder: 128 pitches, drum, CFG style, CFG notes, CFG drums. */
    public static final int REGULAR_CHANNELS = PITCHES + 1 + CFG_SLOTS;
    public static final int REGULAR_ROWS = 1536;

    /** Row offset of each regular channel in the shared table: cumsum of [11]*128, 9, 47, 47, 15. */
    public static int[] regularOffsets() {
        int[] vocabs = new int[REGULAR_CHANNELS];
        java.util.Arrays.fill(vocabs, 0, PITCHES, 11);
        vocabs[PITCHES] = 9;
        vocabs[PITCHES + 1] = 47;
        vocabs[PITCHES + 2] = 47;
        vocabs[PITCHES + 3] = 15;
        int[] off = new int[REGULAR_CHANNELS];
        for (int i = 1; i < REGULAR_CHANNELS; i++) off[i] = off[i - 1] + vocabs[i - 1];
        return off;
    }

    /** The unique id of a code at a level. */
    public static int audioId(int level, int code) {
        return AUDIO_OFFSET + CODEBOOK * level + code;
    }

    /** The code of an id: (id - 6) mod 1024. */
    public static int codeOf(int id) {
        return Math.floorMod(id - AUDIO_OFFSET, CODEBOOK);
    }

    /** A conditioning value (-1 = masked) as a token. */
    public static int token(int value) {
        return value < 0 ? MASK : value + TOKEN_OFFSET;
    }
}
