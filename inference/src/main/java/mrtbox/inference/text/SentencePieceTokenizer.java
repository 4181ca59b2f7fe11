package mrtbox.inference.text;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A SentencePiece unigram tokenizer read from a {@code .model} file (a serialized {@code ModelProto}), giving the
 * same ids as the reference library's {@code EncodeAsIds}: its normalizer (precompiled charsmap such as
 * {@code nmt_nfkc}, whitespace rules), the Viterbi segmentation of its optimized unigram encoder (float32 path
 * scores, earlier/shorter candidates win ties), the unknown-character penalty and the merging of consecutive
 * unknown pieces into one unk id. Immutable and thread-safe.
 */
public final class SentencePieceTokenizer {
    /** Piece types of {@code ModelProto.SentencePiece.Type}. */
    static final int NORMAL = 1, UNKNOWN = 2, CONTROL = 3, USER_DEFINED = 4, UNUSED = 5, BYTE = 6;
    private static final float UNK_PENALTY = 10.0f;
    /** {@code TrainerSpec.ModelType}. */
    static final int UNIGRAM_MODEL = 1, BPE_MODEL = 2;

    private final String source;
    private final String[] pieces;
    private final float[] scores;
    private final int[] types;
    private final PieceTrie trie = new PieceTrie();
    private final SpmNormalizer normalizer;
    private final String normalizerName;
    private final int unkId, bosId, eosId, padId;
    private final float minScore, maxScore;
    private final boolean bpe;
    private final java.util.Map<String, Integer> pieceIds = new java.util.HashMap<>(); // BPE: NORMAL, USER_DEFINED, UNUSED by text

    private SentencePieceTokenizer(String source, boolean bpe, List<String> pieces, List<Float> scores, List<Integer> types,
                                   SpmNormalizer normalizer, String normalizerName, int unkId, int bosId, int eosId, int padId)
            throws IOException {
        this.source = source;
        this.bpe = bpe;
        this.pieces = pieces.toArray(new String[0]);
        this.scores = new float[scores.size()];
        this.types = new int[types.size()];
        float min = Float.MAX_VALUE, max = Float.MIN_NORMAL; // the reference starts at FLT_MIN, not at -FLT_MAX
        for (int i = 0; i < this.pieces.length; i++) {
            this.scores[i] = scores.get(i);
            this.types[i] = types.get(i);
            int t = this.types[i];
            if (t == NORMAL) {
                min = Math.min(min, this.scores[i]);
                max = Math.max(max, this.scores[i]);
            }
            if (t == NORMAL || t == USER_DEFINED || t == UNUSED || t == BYTE) {
                trie.put(this.pieces[i].getBytes(StandardCharsets.UTF_8), i);
            }
            if (t == NORMAL || t == USER_DEFINED || t == UNUSED) pieceIds.putIfAbsent(this.pieces[i], i);
        }
        this.minScore = min;
        this.maxScore = max;
        this.normalizer = normalizer;
        this.normalizerName = normalizerName;
        this.unkId = unkId;
        this.bosId = bosId;
        this.eosId = eosId;
        this.padId = padId;
        if (unkId < 0 || unkId >= this.pieces.length || this.types[unkId] != UNKNOWN) {
            throw new IOException(source + ": unk_id " + unkId + " is not an UNKNOWN piece");
        }
    }

    public static SentencePieceTokenizer load(Path modelFile) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(modelFile);
        } catch (IOException e) {
            throw new IOException(modelFile + ": cannot read SentencePiece model: " + e.getMessage(), e);
        }
        return parse(bytes, modelFile.toString());
    }

    /** {@code TrainerSpec.ModelType} of sentencepiece_model.proto. */
    private static String modelTypeName(int type) {
        return switch (type) {
            case 1 -> "UNIGRAM";
            case 2 -> "BPE";
            case 3 -> "WORD";
            case 4 -> "CHAR";
            default -> "unknown";
        };
    }

    /** Parses a serialized {@code ModelProto}: pieces (1), trainer_spec (2), normalizer_spec (3). */
    public static SentencePieceTokenizer parse(byte[] model, String source) throws IOException {
        List<String> pieces = new ArrayList<>();
        List<Float> scores = new ArrayList<>();
        List<Integer> types = new ArrayList<>();
        int modelType = 1; // UNIGRAM
        int unk = 0, bos = 1, eos = 2, pad = -1;
        boolean treatWsAsSuffix = false, byteFallback = false;
        String normName = "";
        byte[] charsmap = null;
        boolean addDummyPrefix = true, removeExtraWs = true, escapeWs = true;
        ProtoReader r = new ProtoReader(model, source);
        while (r.next()) {
            switch (r.field()) {
                case 1 -> {
                    ProtoReader p = r.message("pieces[" + pieces.size() + "]");
                    String piece = null;
                    float score = 0;
                    int type = NORMAL;
                    while (p.next()) {
                        switch (p.field()) {
                            case 1 -> piece = p.string();
                            case 2 -> score = p.fixed32AsFloat();
                            case 3 -> type = (int) p.varintField();
                            default -> p.skip();
                        }
                    }
                    if (piece == null) throw new IOException(source + ": piece " + pieces.size() + " has no text");
                    pieces.add(piece);
                    scores.add(score);
                    types.add(type);
                }
                case 2 -> {
                    ProtoReader t = r.message("trainer_spec");
                    while (t.next()) {
                        switch (t.field()) {
                            case 3 -> modelType = (int) t.varintField();
                            case 24 -> treatWsAsSuffix = t.varintField() != 0;
                            case 35 -> byteFallback = t.varintField() != 0;
                            case 40 -> unk = (int) t.varintField();
                            case 41 -> bos = (int) t.varintField();
                            case 42 -> eos = (int) t.varintField();
                            case 43 -> pad = (int) t.varintField();
                            default -> t.skip();
                        }
                    }
                }
                case 3 -> {
                    ProtoReader n = r.message("normalizer_spec");
                    while (n.next()) {
                        switch (n.field()) {
                            case 1 -> normName = n.string();
                            case 2 -> charsmap = n.bytes();
                            case 3 -> addDummyPrefix = n.varintField() != 0;
                            case 4 -> removeExtraWs = n.varintField() != 0;
                            case 5 -> escapeWs = n.varintField() != 0;
                            default -> n.skip();
                        }
                    }
                }
                default -> r.skip();
            }
        }
        if (pieces.isEmpty()) throw new IOException(source + ": not a SentencePiece model (no pieces)");
        if (modelType != UNIGRAM_MODEL && modelType != BPE_MODEL) {
            throw new IOException(source + ": model type " + modelTypeName(modelType) + " (" + modelType
                    + ") is not supported (only UNIGRAM, type 1, and BPE, type 2)");
        }
        if (byteFallback) throw new IOException(source + ": byte_fallback models are not supported");
        List<byte[]> userDefined = new ArrayList<>();
        for (int i = 0; i < pieces.size(); i++) {
            if (types.get(i) == USER_DEFINED) userDefined.add(pieces.get(i).getBytes(StandardCharsets.UTF_8));
        }
        SpmNormalizer normalizer = new SpmNormalizer(charsmap, addDummyPrefix, removeExtraWs, escapeWs, treatWsAsSuffix, userDefined);
        return new SentencePieceTokenizer(source, modelType == BPE_MODEL, pieces, scores, types, normalizer, normName, unk, bos, eos, pad);
    }

    public int vocabSize() {
        return pieces.length;
    }

    public String piece(int id) {
        return pieces[id];
    }

    public int unkId() {
        return unkId;
    }

    public int bosId() {
        return bosId;
    }

    public int eosId() {
        return eosId;
    }

    public int padId() {
        return padId;
    }

    /** The normalizer rule name stored in the model ("nmt_nfkc", "identity", ...). */
    public String normalizerName() {
        return normalizerName;
    }

    public String source() {
        return source;
    }

    /** {@code EncodeAsIds}: no BOS or EOS. */
    public int[] encodeAsIds(String text) {
        List<int[]> segs = encode(text);
        int[] ids = new int[segs.size()];
        for (int i = 0; i < ids.length; i++) ids[i] = segs.get(i)[0];
        return ids;
    }

    /** {@code EncodeAsPieces}: the normalized surface of each id (a merged unknown run is one piece). */
    public List<String> encodeAsPieces(String text) {
        byte[] norm = normalizer.normalize(text.getBytes(StandardCharsets.UTF_8));
        List<String> out = new ArrayList<>();
        for (int[] s : encode(norm)) out.add(new String(norm, s[1], s[2] - s[1], StandardCharsets.UTF_8));
        return out;
    }

    private List<int[]> encode(String text) {
        return encode(normalizer.normalize(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** The model type's encoding of the normalized bytes: {id, from, to} per piece. */
    private List<int[]> encode(byte[] s) {
        return bpe ? encodeBpe(s) : encodeUnigram(s);
    }

    /**
     * BPE as the reference 0.1.97 {@code bpe::Model::Encode}: start from single characters (user-defined pieces
     * whole, longest match), repeatedly merge the adjacent pair whose concatenation is a piece with the highest
     * score (ties: the leftmost pair), then split merged UNUSED pieces back into the pieces they were made of.
     * Symbols that are no piece are unknown, each on its own (BPE does not merge unknown runs).
     */
    private List<int[]> encodeBpe(byte[] s) {
        int n = 0;
        int[] from = new int[s.length], to = new int[s.length], prev = new int[s.length], next = new int[s.length];
        for (int pos = 0; pos < s.length; n++) {
            int len = Math.min(Utf8.oneCharLen(s[pos]), s.length - pos);
            final int start = pos;
            final int[] user = {0};
            trie.prefixes(s, start, s.length, (end, id) -> {
                if (types[id] == USER_DEFINED) user[0] = Math.max(user[0], end - start);
            });
            if (user[0] > 0) len = user[0];
            from[n] = pos;
            to[n] = pos + len;
            prev[n] = n - 1;
            next[n] = pos + len < s.length ? n + 1 : -1;
            pos += len;
        }
        // pair = {left, right, size}; score kept beside it
        java.util.PriorityQueue<float[]> agenda = new java.util.PriorityQueue<>((a, b) -> a[3] != b[3] ? Float.compare(b[3], a[3]) : Float.compare(a[0], b[0]));
        java.util.Map<String, String[]> revMerge = new java.util.HashMap<>();
        for (int i = 0; i + 1 < n; i++) addPair(s, i, i + 1, from, to, agenda, revMerge);
        while (!agenda.isEmpty()) {
            float[] top = agenda.poll();
            int l = (int) top[0], r = (int) top[1];
            if (from[l] == to[l] || from[r] == to[r] || (to[l] - from[l]) + (to[r] - from[r]) != (int) top[2] || next[l] != r) continue;
            to[l] = to[r];
            from[r] = to[r]; // freed
            next[l] = next[r];
            if (next[r] >= 0) prev[next[r]] = l;
            if (prev[l] >= 0) addPair(s, prev[l], l, from, to, agenda, revMerge);
            if (next[l] >= 0) addPair(s, l, next[l], from, to, agenda, revMerge);
        }
        List<int[]> out = new ArrayList<>();
        for (int i = 0; i >= 0 && n > 0; i = next[i]) resegment(s, from[i], to[i], revMerge, out);
        return out;
    }

    private void addPair(byte[] s, int l, int r, int[] from, int[] to, java.util.PriorityQueue<float[]> agenda, java.util.Map<String, String[]> revMerge) {
        String piece = new String(s, from[l], to[r] - from[l], StandardCharsets.UTF_8);
        Integer id = pieceIds.get(piece);
        if (id == null) return;
        agenda.add(new float[] {l, r, to[r] - from[l], scores[id]});
        if (types[id] == UNUSED) {
            revMerge.put(piece, new String[] {new String(s, from[l], to[l] - from[l], StandardCharsets.UTF_8),
                    new String(s, from[r], to[r] - from[r], StandardCharsets.UTF_8)});
        }
    }

    /** Emits the piece [from, to), split back along its merges while it is UNUSED. */
    private void resegment(byte[] s, int from, int to, java.util.Map<String, String[]> revMerge, List<int[]> out) {
        String piece = new String(s, from, to - from, StandardCharsets.UTF_8);
        Integer id = pieceIds.get(piece);
        String[] parts = id != null && types[id] == UNUSED ? revMerge.get(piece) : null;
        if (parts == null) {
            out.add(new int[] {id == null ? unkId : id, from, to});
            return;
        }
        int mid = from + parts[0].getBytes(StandardCharsets.UTF_8).length;
        resegment(s, from, mid, revMerge, out);
        resegment(s, mid, to, revMerge, out);
    }

    /** Viterbi over the normalized bytes; returns {id, from, to} per piece, unknown runs merged. */
    private List<int[]> encodeUnigram(byte[] s) {
        int size = s.length;
        int[] bestId = new int[size + 1];
        float[] bestScore = new float[size + 1];
        int[] startsAt = new int[size + 1];
        java.util.Arrays.fill(startsAt, -1);
        float unkScore = minScore - UNK_PENALTY;
        int pos = 0;
        while (pos < size) {
            final int start = pos;
            final float tillHere = bestScore[start];
            final int mblen = Math.min(Utf8.oneCharLen(s[start]), size - start);
            final boolean[] hasSingle = {false};
            trie.prefixes(s, start, size, (end, id) -> {
                int type = types[id];
                if (type == UNUSED) return;
                int length = end - start;
                float score = type == USER_DEFINED ? (length * maxScore - 0.1f) : scores[id];
                float candidate = score + tillHere;
                if (startsAt[end] == -1 || candidate > bestScore[end]) {
                    bestScore[end] = candidate;
                    startsAt[end] = start;
                    bestId[end] = id;
                }
                if (!hasSingle[0] && length == mblen) hasSingle[0] = true;
            });
            if (!hasSingle[0]) {
                int end = start + mblen;
                float candidate = unkScore + tillHere;
                if (startsAt[end] == -1 || candidate > bestScore[end]) {
                    bestScore[end] = candidate;
                    startsAt[end] = start;
                    bestId[end] = unkId;
                }
            }
            pos += mblen;
        }
        List<int[]> rev = new ArrayList<>();
        for (int end = size; end > 0; end = startsAt[end]) rev.add(new int[] {bestId[end], startsAt[end], end});
        List<int[]> out = new ArrayList<>(rev.size());
        for (int i = rev.size() - 1; i >= 0; i--) {
            int[] seg = rev.get(i);
            int[] last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (seg[0] == unkId && last != null && last[0] == unkId) {
                last[2] = seg[2]; // consecutive unknowns become one unk piece, as the reference does
            } else {
                out.add(seg);
            }
        }
        return out;
    }
}
