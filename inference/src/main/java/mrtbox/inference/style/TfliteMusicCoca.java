package mrtbox.inference.style;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import mrtbox.inference.text.SentencePieceTokenizer;
import mrtbox.inference.tflite.TfliteModel;
import mrtbox.inference.tflite.TfliteModel.DType;
import mrtbox.inference.tflite.TfliteModel.Tensor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MRT2's MusicCoCa as it ships ({@code resources/musiccoca/}, spec mrt2.md section 1.2), run with TensorFlow Lite:
 * <ul>
 *   <li>text: {@code spm.model} packs the lowercased prompt (ASCII lowering, BOS 1, 128 ids, paddings mask, as the
 *       native engine does); {@code text_encoder.tflite} takes the int32 ids and the float paddings, told apart by
 *       dtype, not by position; output 0 is the embedding;</li>
 *   <li>{@code mapper.tflite} when present (the native engine always uses it then): input 0 the text embedding,
 *       input 1 numpy {@code RandomState(0).randn(768)} as float32; its output is L2-normalised;</li>
 *   <li>audio: {@code audio_preprocessor.tflite} takes one 16 kHz mono clip (its input size, 160000 samples for 10 s;
 *       shorter clips zero-padded), its output 0 feeds {@code music_encoder.tflite} input 0 (what fits, zero-filled),
 *       whose output 0 is the embedding;</li>
 *   <li>{@link #quantizer()}: {@code pretrained_vector_quantizer.tflite}, the embedding in, int32 tokens out, the
 *       first 12 used.</li>
 * </ul>
 * Element counts are checked, ranks are not ([768] and [1, 768] both work). Every interpreter serialises its own
 * calls ({@link TfliteModel#run} holds a lock), so the embedder is safe from any thread; the style mixer makes all
 * calls from its worker.
 */
public final class TfliteMusicCoca implements StyleEmbedder {
    private static final Logger log = LoggerFactory.getLogger(TfliteMusicCoca.class);

    public static final String SPM = "spm.model";
    public static final String TEXT_ENCODER = "text_encoder.tflite";
    public static final String QUANTIZER = "pretrained_vector_quantizer.tflite";
    public static final String AUDIO_PREPROCESSOR = "audio_preprocessor.tflite";
    public static final String MUSIC_ENCODER = "music_encoder.tflite";
    public static final String MAPPER = "mapper.tflite";
    /** Needed for text prompts and tokens. */
    public static final List<String> REQUIRED = List.of(SPM, TEXT_ENCODER, QUANTIZER);
    /** Needed for audio prompts; the release ships them. */
    public static final List<String> AUDIO = List.of(AUDIO_PREPROCESSOR, MUSIC_ENCODER);
    public static final int CLIP_RATE = 16000;
    public static final int MAPPER_SEED = 0;
    private static final int[] DEFAULT_TOKENS_PIANO = {325, 98, 979, 657, 802, 453, 475, 622, 729, 934, 567, 782};

    /** The reference engine's style tokens before the first prompt is encoded ("piano", mlx_engine.h). */
    public static int[] defaultTokens() {
        return DEFAULT_TOKENS_PIANO.clone();
    }

    private final MusicCocaText packer;
    private final TfliteModel text;
    private final int idsInput;
    private final int paddingsInput;
    private final TfliteModel mapper; // null: none installed, or unusable (mapperProblem says why)
    private final String mapperProblem; // empty: absent or working
    private final float[] mapperNoise;
    private final TfliteModel preprocessor; // null with encoder: no audio prompts
    private final TfliteModel encoder;
    private final String noAudio; // why there are no audio prompts; null when there are
    private final boolean audioDamaged; // the audio files are there but could not be used
    private final TfliteModel quantizerModel;
    private final int dim;
    private final String modelId;

    /** The files of {@link #REQUIRED} that {@code dir} lacks (empty: text prompts can work). */
    public static List<String> missingRequired(Path dir) {
        return missing(dir, REQUIRED);
    }

    public static List<String> missingAudio(Path dir) {
        return missing(dir, AUDIO);
    }

    /**
     * One line on what a MusicCoCa folder offers, for {@code mrtbox models verify}: which prompts work, whether the
     * mapper is there, or which files are missing.
     */
    public static String summary(Path dir) {
        if (dir == null || !Files.isDirectory(dir)) return "no MusicCoCa folder: prompts do not steer the model";
        List<String> req = missingRequired(dir);
        if (!req.isEmpty()) return "lacks " + String.join(", ", req) + ": prompts do not steer the model";
        List<String> audio = missingAudio(dir);
        return "text prompts" + (audio.isEmpty() ? " and audio prompts" : " (no audio prompts: lacks " + String.join(", ", audio) + ")")
                + ", mapper " + (Files.isRegularFile(dir.resolve(MAPPER)) ? "present" : "absent (text embeddings unmapped)");
    }

    private static List<String> missing(Path dir, List<String> names) {
        List<String> out = new ArrayList<>();
        for (String n : names) if (dir == null || !Files.isRegularFile(dir.resolve(n))) out.add(n);
        return out;
    }

    /** Loads {@code dir} (the {@code resources/musiccoca} folder); fails naming the first thing that is wrong. */
    public static TfliteMusicCoca load(Path dir) throws IOException {
        List<String> missing = missingRequired(dir);
        if (!missing.isEmpty()) throw new IOException(dir + ": MusicCoCa needs " + String.join(", ", missing));
        List<TfliteModel> opened = new ArrayList<>();
        try {
            return new TfliteMusicCoca(dir, opened);
        } catch (IOException | RuntimeException e) {
            for (TfliteModel m : opened) m.close();
            throw e;
        }
    }

    private TfliteMusicCoca(Path dir, List<TfliteModel> opened) throws IOException {
        this.packer = new MusicCocaText(SentencePieceTokenizer.load(dir.resolve(SPM)), MusicCocaText.Lowering.ASCII);
        this.text = open(dir.resolve(TEXT_ENCODER), opened);
        int ids = -1, pads = -1;
        List<Tensor> in = text.inputs();
        for (int i = 0; i < in.size(); i++) {
            if (in.get(i).dtype() == DType.INT32 && ids < 0) ids = i;
            else if (in.get(i).dtype() == DType.FLOAT32 && pads < 0) pads = i;
        }
        if (in.size() != 2 || ids < 0 || pads < 0) {
            throw new IOException(text.file() + ": expected an int32 ids input and a float32 paddings input, found " + in);
        }
        requireElements(text, in.get(ids), MusicCocaText.MAX_LEN);
        requireElements(text, in.get(pads), MusicCocaText.MAX_LEN);
        this.idsInput = ids;
        this.paddingsInput = pads;
        Tensor out = firstOutput(text, DType.FLOAT32);
        this.dim = (int) out.elements();

        this.quantizerModel = open(dir.resolve(QUANTIZER), opened);
        if (quantizerModel.inputs().isEmpty() || quantizerModel.inputs().get(0).dtype() != DType.FLOAT32) {
            throw new IOException(quantizerModel.file() + ": input 0 must be the float32 embedding, found " + quantizerModel.inputs());
        }
        requireElements(quantizerModel, quantizerModel.inputs().get(0), dim);
        Tensor tokens = quantizerModel.outputs().isEmpty() ? null : quantizerModel.outputs().get(0);
        if (tokens == null || (tokens.dtype() != DType.INT32 && tokens.dtype() != DType.INT64)) {
            throw new IOException(quantizerModel.file() + ": output 0 must be integer tokens, found " + quantizerModel.outputs());
        }

        // The mapper is optional ("used when present"): a damaged one costs only itself, and problem() says so.
        TfliteModel map = null;
        String mapProblem = "";
        if (Files.isRegularFile(dir.resolve(MAPPER))) {
            try {
                map = openMapper(dir.resolve(MAPPER));
                opened.add(map);
            } catch (IOException | RuntimeException e) {
                mapProblem = MAPPER + " unusable: " + (e.getMessage() == null ? e.toString() : e.getMessage());
                log.warn("{}: {}; text embeddings go unmapped", dir, mapProblem);
            }
        }
        this.mapper = map;
        this.mapperProblem = mapProblem;
        this.mapperNoise = NumpyRandomState.randnFloat32(MAPPER_SEED, dim);

        // The audio half is optional: a missing or damaged audio file costs audio prompts and the live style only.
        TfliteModel pre = null, enc = null;
        String noAudio;
        boolean damaged = false;
        if (missingAudio(dir).isEmpty()) {
            List<TfliteModel> audio = new ArrayList<>();
            try {
                pre = open(dir.resolve(AUDIO_PREPROCESSOR), audio);
                enc = open(dir.resolve(MUSIC_ENCODER), audio);
                if (pre.inputs().size() != 1 || pre.inputs().get(0).dtype() != DType.FLOAT32) {
                    throw new IOException(pre.file() + ": expected one float32 audio input, found " + pre.inputs());
                }
                if (enc.inputs().isEmpty()) throw new IOException(enc.file() + ": has no input");
                requireElements(enc, firstOutput(enc, DType.FLOAT32), dim);
                opened.addAll(audio);
                noAudio = null;
            } catch (IOException | RuntimeException e) {
                for (TfliteModel m : audio) m.close();
                pre = null;
                enc = null;
                noAudio = "audio prompts are unavailable: " + (e.getMessage() == null ? e.toString() : e.getMessage());
                damaged = true;
                log.warn("{}: {}; text prompts work", dir, noAudio);
            }
        } else {
            noAudio = "audio prompts need " + String.join(" and ", AUDIO) + " in the MusicCoCa folder";
            log.warn("{}: no {}: audio prompts are left out, text prompts work", dir, String.join(" or ", missingAudio(dir)));
        }
        this.preprocessor = pre;
        this.encoder = enc;
        this.noAudio = noAudio;
        this.audioDamaged = damaged;
        this.modelId = "musiccoca-tflite:" + fingerprint(dir);
        log.info("MusicCoCa (TFLite) from {}: {}-d, text inputs ids #{} paddings #{}, mapper {}, audio prompts {}", dir, dim,
                idsInput, paddingsInput, mapper != null ? "on" : "absent", encoder != null ? "on" : "off");
    }

    private static TfliteModel open(Path file, List<TfliteModel> opened) throws IOException {
        TfliteModel m = TfliteModel.load(file);
        opened.add(m);
        return m;
    }

    /** Like the reference: the mapper takes (embedding, noise) of {@code dim} floats each and gives {@code dim}. */
    private TfliteModel openMapper(Path file) throws IOException {
        TfliteModel m = TfliteModel.load(file);
        List<Tensor> in = m.inputs();
        boolean ok = in.size() >= 2 && in.get(0).dtype() == DType.FLOAT32 && in.get(1).dtype() == DType.FLOAT32
                && in.get(0).elements() == dim && in.get(1).elements() == dim
                && !m.outputs().isEmpty() && m.outputs().get(0).dtype() == DType.FLOAT32 && m.outputs().get(0).elements() == dim;
        if (!ok) {
            String found = in + " -> " + m.outputs();
            m.close();
            throw new IOException("expected inputs (embedding, noise) of " + dim + " floats and a " + dim + "-float output, found " + found);
        }
        return m;
    }

    private static void requireElements(TfliteModel m, Tensor t, long n) throws IOException {
        if (t.elements() != n) throw new IOException(m.file() + ": " + t + " should hold " + n + " values");
    }

    private static Tensor firstOutput(TfliteModel m, DType type) throws IOException {
        if (m.outputs().isEmpty() || m.outputs().get(0).dtype() != type) {
            throw new IOException(m.file() + ": output 0 should be " + type.name().toLowerCase() + ", found " + m.outputs());
        }
        return m.outputs().get(0);
    }

    /**
     * Identifies the files without reading hundreds of MB: name, size and the first and last MiB of each, so
     * cached embeddings of another release are never reused.
     */
    private static String fingerprint(Path dir) throws IOException {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (String n : List.of(SPM, TEXT_ENCODER, MAPPER, AUDIO_PREPROCESSOR, MUSIC_ENCODER, QUANTIZER)) {
                Path p = dir.resolve(n);
                if (!Files.isRegularFile(p)) continue;
                long size = Files.size(p);
                md.update((n + ":" + size + ";").getBytes(java.nio.charset.StandardCharsets.UTF_8));
                try (InputStream s = Files.newInputStream(p)) {
                    md.update(s.readNBytes(1 << 20));
                    if (size > 2L << 20) {
                        s.skipNBytes(size - (2L << 20));
                        md.update(s.readNBytes(1 << 20));
                    }
                }
            }
            return HexFormat.of().formatHex(md.digest()).substring(0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String modelId() {
        return modelId;
    }

    @Override
    public int dim() {
        return dim;
    }

    @Override
    public int clipSampleRate() {
        return CLIP_RATE;
    }

    /** The preprocessor's input size (160000 for the release's 10 s); 10 s when no audio encoder is installed. */
    @Override
    public int clipSamples() {
        return preprocessor == null ? 10 * CLIP_RATE : (int) preprocessor.inputs().get(0).elements();
    }

    public boolean hasMapper() {
        return mapper != null;
    }

    /**
     * The installed optional parts that could not be used: {@code "mapper.tflite unusable: <reason>"} and/or
     * {@code "audio prompts are unavailable: <reason>"} (a damaged audio file; missing ones are a smaller install, not
     * a problem); empty when every installed part works.
     */
    @Override
    public String problem() {
        String audio = audioDamaged ? noAudio : "";
        return mapperProblem.isEmpty() ? audio : audio.isEmpty() ? mapperProblem : mapperProblem + "; " + audio;
    }

    public boolean hasAudio() {
        return encoder != null;
    }

    @Override
    public int droppedTextTokens(String prompt) {
        return packer.pack(prompt).droppedIds();
    }

    @Override
    public float[] embedText(String prompt) throws IOException {
        MusicCocaText.Packed p = packer.pack(prompt);
        Object[] in = new Object[2];
        in[idsInput] = p.ids();
        in[paddingsInput] = p.paddings();
        float[] e = (float[]) text.run(in)[0];
        return mapper == null ? e : map(e);
    }

    /** The mapper, then L2 normalisation with a float32 sum of squares (as the native engine does). */
    private float[] map(float[] e) throws IOException {
        Object[] in = new Object[mapper.inputs().size()];
        in[0] = e;
        in[1] = mapperNoise;
        for (int i = 2; i < in.length; i++) in[i] = new float[0]; // extra inputs (none in the release): zeros
        float[] m = (float[]) mapper.run(in)[0];
        float sq = 0f;
        for (float v : m) sq += v * v;
        float inv = sq > 0f ? (float) (1.0 / Math.sqrt(sq)) : 1f;
        float[] out = new float[m.length];
        for (int i = 0; i < m.length; i++) out[i] = m[i] * inv;
        return out;
    }

    @Override
    public float[] embedAudioClip(float[] clip) throws IOException {
        if (encoder == null) throw new IOException(noAudio);
        float[] features = (float[]) preprocessor.run((Object) clip)[0];
        Tensor encIn = encoder.inputs().get(0);
        if (encIn.dtype() != DType.FLOAT32) throw new IOException(encoder.file() + ": input 0 " + encIn + " is not float32");
        if (features.length > encIn.elements()) features = java.util.Arrays.copyOf(features, (int) encIn.elements());
        Object[] in = new Object[encoder.inputs().size()];
        in[0] = features;
        for (int i = 1; i < in.length; i++) in[i] = new float[0];
        return (float[]) encoder.run(in)[0];
    }

    /** {@code pretrained_vector_quantizer.tflite} as the style mixer's quantizer. */
    public StyleQuantizer quantizer() {
        return new StyleQuantizer() {
            @Override
            public int dim() {
                return dim;
            }

            @Override
            public int[] encode(float[] embedding, int levels) throws IOException {
                Object out = quantizerModel.run((Object) embedding)[0];
                int n = out instanceof int[] a ? a.length : ((long[]) out).length;
                if (n < levels) throw new IOException(quantizerModel.file() + ": gave " + n + " tokens, " + levels + " are needed");
                int[] tokens = new int[levels];
                for (int i = 0; i < levels; i++) tokens[i] = out instanceof int[] a ? a[i] : (int) ((long[]) out)[i];
                return tokens;
            }
        };
    }

    @Override
    public void close() {
        for (TfliteModel m : new TfliteModel[] {text, mapper, preprocessor, encoder, quantizerModel}) if (m != null) m.close();
    }
}
