package mrtbox.inference.style;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import mrtbox.inference.text.SentencePieceTokenizer;
import mrtbox.inference.tf.SavedModels;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.SessionFunction;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * MRT v1's MusicCoCa ({@code savedmodels/musiccoca_mv212f_cpu_novocab}): a TF2 SavedModel loaded with tag "serve",
 * called through its signatures exactly as the reference does:
 * <ul>
 *   <li>{@code embed_text}: {@code inputs_0} int32 [1, 128] ids (BOS 1, text ids, pad 0) and {@code inputs_0_1}
 *       float32 [1, 128] paddings, output {@code contrastive_txt_embed} [1, 768];</li>
 *   <li>{@code embed_music}: {@code inputs_0} float32 [1, 160000] (10 s mono at 16 kHz), output
 *       {@code contrastive_music_embed} [1, 768].</li>
 * </ul>
 * Text is packed by {@link MusicCocaText} with the model's SentencePiece file and Unicode lowering (Python
 * {@code str.lower()}), as MRT v1 does. Assumed about the real files (not available here): those signature keys and
 * tensor names (from the reference code), static [1, N] input shapes, and float32 outputs; the signatures' shapes are
 * checked at load so a different export fails with a message naming what differs.
 */
public final class SavedModelStyleEmbedder implements StyleEmbedder {
    public static final String TEXT_SIGNATURE = "embed_text";
    public static final String MUSIC_SIGNATURE = "embed_music";
    public static final String TEXT_IDS = "inputs_0";
    public static final String TEXT_PADDINGS = "inputs_0_1";
    public static final String TEXT_OUTPUT = "contrastive_txt_embed";
    public static final String MUSIC_INPUT = "inputs_0";
    public static final String MUSIC_OUTPUT = "contrastive_music_embed";

    private final SavedModelBundle bundle;
    private final SessionFunction text;
    private final SessionFunction music;
    private final MusicCocaText packer;
    private final String modelId;
    private final int dim;
    private final int clipSamples;
    /** The reference's audio clip: 10 s at 16 kHz. */
    public static final int REFERENCE_CLIP_SAMPLES = 160_000;
    /** The op jax2tf exports StableHLO as; TF runs it on the CPU through XLA when its version is one TF knows. */
    public static final String XLA_CALL_MODULE = "XlaCallModule";

    private final java.util.SortedSet<Long> xlaVersions;

    private SavedModelStyleEmbedder(Path dir, SavedModelBundle bundle, MusicCocaText packer, String modelId) throws IOException {
        this.bundle = bundle;
        this.xlaVersions = xlaCallModuleVersions(bundle.metaGraphDef().getGraphDef());
        this.packer = packer;
        this.modelId = modelId;
        this.text = SavedModels.function(bundle, TEXT_SIGNATURE, dir);
        this.music = SavedModels.function(bundle, MUSIC_SIGNATURE, dir);
        SavedModels.input(text, TEXT_IDS, dir);
        SavedModels.input(text, TEXT_PADDINGS, dir);
        long[] musicShape = SavedModels.input(music, MUSIC_INPUT, dir).desc().shape.asArray();
        long declared = musicShape[musicShape.length - 1];
        // An unknown length (-1) gets the reference's clip: 10 s at 16 kHz.
        this.clipSamples = declared == -1 ? REFERENCE_CLIP_SAMPLES : (int) declared;
        if (clipSamples <= 0) throw new IOException(modelId + ": " + MUSIC_SIGNATURE + "/" + MUSIC_INPUT + " has clip length " + declared);
        float[] probe = embedText(""); // also proves the text path end to end
        this.dim = probe.length;
    }

    /**
     * @param savedModelDir the MusicCoCa SavedModel directory (saved_model.pb + variables/)
     * @param spmModel      its SentencePiece vocabulary ({@code musiccoca_mv212f_vocab.model})
     */
    public static SavedModelStyleEmbedder load(Path savedModelDir, Path spmModel) throws IOException {
        SentencePieceTokenizer spm = SentencePieceTokenizer.load(spmModel);
        SavedModelBundle bundle = SavedModels.loadOnCpu(savedModelDir);
        try {
            return new SavedModelStyleEmbedder(savedModelDir, bundle, new MusicCocaText(spm, MusicCocaText.Lowering.UNICODE),
                    modelIdOf(savedModelDir, spmModel));
        } catch (IOException | RuntimeException e) {
            bundle.close();
            throw e;
        }
    }

    /**
     * The {@link #modelId()} a load of these files would have, without loading the SavedModel (hashes the graph,
     * the variables index and the vocabulary): enough to tell which style vectors belong to this model.
     */
    public static String modelIdOf(Path savedModelDir, Path spmModel) throws IOException {
        return "musiccoca-savedmodel:" + fingerprint(savedModelDir, spmModel);
    }

    /** SHA-256 over saved_model.pb, variables/variables.index and the vocabulary: changes when the model does. */
    private static String fingerprint(Path dir, Path spm) throws IOException {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(Files.readAllBytes(dir.resolve("saved_model.pb")));
            Path index = dir.resolve("variables/variables.index");
            if (Files.isRegularFile(index)) md.update(Files.readAllBytes(index));
            md.update(Files.readAllBytes(spm));
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
        return 16000;
    }

    @Override
    public int clipSamples() {
        return clipSamples;
    }

    /** The packing the model sees for a prompt (to report truncation of long prompts). */
    public MusicCocaText.Packed pack(String prompt) {
        return packer.pack(prompt);
    }

    @Override
    public int droppedTextTokens(String prompt) {
        return packer.pack(prompt).droppedIds();
    }

    @Override
    public float[] embedText(String prompt) throws IOException {
        MusicCocaText.Packed p = packer.pack(prompt);
        try (TInt32 ids = TInt32.tensorOf(Shape.of(1, MusicCocaText.MAX_LEN), DataBuffers.of(p.ids(), true, false));
             TFloat32 pad = TFloat32.tensorOf(Shape.of(1, MusicCocaText.MAX_LEN), DataBuffers.of(p.paddings(), true, false))) {
            return call(text, Map.of(TEXT_IDS, ids, TEXT_PADDINGS, pad), TEXT_OUTPUT);
        }
    }

    @Override
    public float[] embedAudioClip(float[] clip) throws IOException {
        if (clip.length != clipSamples) throw new IOException("clip of " + clip.length + " samples, the model takes " + clipSamples);
        try (TFloat32 in = TFloat32.tensorOf(Shape.of(1, clipSamples), DataBuffers.of(clip, true, false))) {
            return call(music, Map.of(MUSIC_INPUT, in), MUSIC_OUTPUT);
        }
    }

    /**
     * The {@code version} attributes of the graph's {@code XlaCallModule} ops (jax2tf's embedded StableHLO; a
     * third-party inspection found one in the real {@code embed_text}), in the graph and in its function library,
     * where a TF2 SavedModel keeps the bodies of its signatures. Empty when there is none.
     */
    static java.util.SortedSet<Long> xlaCallModuleVersions(org.tensorflow.proto.GraphDef graph) {
        java.util.SortedSet<Long> versions = new java.util.TreeSet<>();
        java.util.function.Consumer<org.tensorflow.proto.NodeDef> look = n -> {
            if (XLA_CALL_MODULE.equals(n.getOp())) versions.add(n.getAttrOrDefault("version", org.tensorflow.proto.AttrValue.getDefaultInstance()).getI());
        };
        graph.getNodeList().forEach(look);
        for (org.tensorflow.proto.FunctionDef f : graph.getLibrary().getFunctionList()) f.getNodeDefList().forEach(look);
        return versions;
    }

    private float[] call(SessionFunction f, Map<String, Tensor> in, String output) throws IOException {
        try (Result r = f.call(in)) {
            Tensor t = r.get(output).orElseThrow(() -> new IOException("signature '" + f.signature().key() + "' gave no output '" + output + "'"));
            if (!(t instanceof TFloat32 ft)) throw new IOException(output + " is " + t.dataType() + ", expected float32");
            float[] out = new float[(int) ft.size()];
            ft.asRawTensor().data().asFloats().read(out);
            return out;
        } catch (RuntimeException e) {
            // An op this TensorFlow cannot run is named with its version, so the reason is clear without a stack trace.
            String xla = xlaVersions.isEmpty() ? "" : " (the SavedModel holds " + XLA_CALL_MODULE + " version " + xlaVersions
                    + ", jax2tf's embedded StableHLO; this build's TensorFlow " + org.tensorflow.TensorFlow.version() + " runs the versions its message names)";
            throw new IOException("MusicCoCa '" + f.signature().key() + "' failed: " + e.getMessage() + xla, e);
        }
    }

    @Override
    public void close() {
        bundle.close();
    }
}
