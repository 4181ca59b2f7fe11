package mrtbox.inference.codec.savedmodel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mrtbox.inference.codec.SpectroStreamConfig;
import mrtbox.inference.codec.SpectroStreamEncoderWeights;
import mrtbox.inference.codec.SpectroStreamWeights;
import mrtbox.inference.tf.ObjectCheckpoint;
import mrtbox.inference.weights.FloatTensor;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.TrackableObjectGraphOuterClass.TrackableObjectGraph;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TString;

/**
 * Writes the release's codec layout ({@code decoder/}, {@code encoder/}, {@code quantizer/}) whose decoder and
 * encoder SavedModels hold a real SpectroStream's weights in their {@code variables/} checkpoint (TF2 object graph)
 * but no usable signature: either none at all, or one traced at a fixed length (the decoder at 50 frames, the
 * encoder at 48,000 samples: the trace shapes of MRT v1's tf2jax conversion). The quantizer is
 * {@link StandInCodecExport}'s (codebook variables under {@code _quantizers/<i>/embeddings}, with its encoding
 * signature) holding the same codebooks. Test scope only.
 */
public final class GraphCodecSavedModelExport {
    /** How the variables are named in the checkpoint's object graph. */
    public enum Naming {
        /** A tf.Module tree: the attribute path is the layer path ({@code decoder/input_layer/conv1x1_first/conv/kernel}). */
        OBJECT_PATHS,
        /** A flat variable list ({@code _variables/0}, ...) whose saved names carry the layer path. */
        SAVED_NAMES
    }

    /** What the decoder and encoder SavedModels offer to call. */
    public enum Signatures {
        NONE, FIXED_LENGTH
    }

    public static final int FIXED_FRAMES = 50;
    public static final int FIXED_SAMPLES = 48_000;
    /** A variable of the decoder that the graph does not read (as a training counter would be). */
    public static final String EXTRA_VARIABLE = "decoder/step_counter";

    private GraphCodecSavedModelExport() {}

    public static void write(Path codecDir, SpectroStreamWeights decoder, SpectroStreamEncoderWeights encoder, Naming naming, Signatures signatures)
            throws IOException {
        SpectroStreamConfig c = decoder.config();
        float[] codebooks = decoder.get(SpectroStreamWeights.QUANTIZER).toArray();
        new StandInCodecExport().codebooks(codebooks, c.numQuantizers, c.codebookSize, c.latentDim).samplesPerFrame(c.samplesPerFrame()).write(codecDir);
        for (String part : List.of(SpectroStreamSavedModels.DECODER, SpectroStreamSavedModels.ENCODER)) SavedModelSpectroStreamTest.deleteTree(codecDir.resolve(part));

        Map<String, FloatTensor> dec = new LinkedHashMap<>();
        decoder.all().forEach((k, t) -> { if (!k.equals(SpectroStreamWeights.QUANTIZER)) dec.put("decoder/" + k, t); });
        dec.put(EXTRA_VARIABLE, new FloatTensor(EXTRA_VARIABLE, new long[] {1}, java.nio.FloatBuffer.wrap(new float[] {1860})));
        Map<String, FloatTensor> enc = new LinkedHashMap<>();
        encoder.all().forEach((k, t) -> { if (!k.equals(SpectroStreamWeights.QUANTIZER)) enc.put("encoder/" + k, t); });

        int f = c.samplesPerFrame();
        exportStub(codecDir.resolve(SpectroStreamSavedModels.DECODER), new long[] {1, FIXED_FRAMES, c.latentDim}, c.latentDim, 2L * f, new int[] {1, -1, 2}, signatures);
        exportStub(codecDir.resolve(SpectroStreamSavedModels.ENCODER), new long[] {1, FIXED_SAMPLES, 2}, 2L * f, c.latentDim, new int[] {1, -1, c.latentDim}, signatures);
        writeVariables(codecDir.resolve(SpectroStreamSavedModels.DECODER), dec, naming, new long[] {c.latentDim, 2L * f});
        writeVariables(codecDir.resolve(SpectroStreamSavedModels.ENCODER), enc, naming, new long[] {2L * f, c.latentDim});
    }

    /**
     * A SavedModel whose graph maps a fixed-shape input through a zero kernel {@code stub} ([rows, cols]) to an
     * output of the codec's rank: a signature traced at a fixed length. With {@link Signatures#NONE} the signature
     * is removed from {@code saved_model.pb} afterwards (TF Java's exporter needs one to write the file).
     */
    private static void exportStub(Path dir, long[] inShape, long rows, long cols, int[] outShape, Signatures signatures) throws IOException {
        Files.createDirectories(dir.getParent());
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            Variable<TFloat32> stub = tf.withName("stub").variable(Shape.of(rows, cols), TFloat32.class);
            Op init = tf.assign(stub, tf.zeros(tf.constant(new long[] {rows, cols}), TFloat32.class));
            Placeholder<TFloat32> in = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(inShape)));
            Operand<TFloat32> out = tf.reshape(tf.linalg.matMul(tf.reshape(in, tf.constant(new long[] {-1, rows})), stub), tf.constant(outShape));
            try (Session s = new Session(g)) {
                s.runner().addTarget(init).run().close();
                SavedModelBundle.exporter(dir.toString()).withFunction(SessionFunction.create(
                        Signature.builder().key(SavedModelCodecOptions.SERVING_DEFAULT).input("args_0", in).output("output_0", out).build(), s)).export();
            }
        }
        if (signatures == Signatures.NONE) {
            Path pb = dir.resolve("saved_model.pb");
            SavedModel.Builder m = SavedModel.parseFrom(Files.readAllBytes(pb)).toBuilder();
            m.getMetaGraphsBuilder(0).clearSignatureDef();
            Files.write(pb, m.build().toByteArray());
        }
    }

    /**
     * Rewrites {@code dir/variables/variables} as TF2 would: the stub's own key (zeros, which the SavedModel's
     * restore op reads), every tensor under its object-graph key, and the object graph. {@link Naming#OBJECT_PATHS}: a node per
     * path component, saved names that say nothing ({@code Variable_<n>}); {@link Naming#SAVED_NAMES}: the root's
     * {@code _variables} list with children "0", "1", ..., saved names the layer paths with {@code :0}.
     */
    private static void writeVariables(Path dir, Map<String, FloatTensor> tensors, Naming naming, long[] stubShape) throws IOException {
        TrackableObjectGraph.Builder graph = TrackableObjectGraph.newBuilder();
        graph.addNodesBuilder(); // the root
        Map<String, Integer> nodes = new LinkedHashMap<>();
        nodes.put("", 0);
        List<String> keys = new ArrayList<>();
        List<FloatTensor> values = new ArrayList<>();
        int n = 0;
        for (Map.Entry<String, FloatTensor> e : tensors.entrySet()) {
            String path = naming == Naming.OBJECT_PATHS ? e.getKey() : "_variables/" + n;
            String fullName = naming == Naming.OBJECT_PATHS ? "Variable_" + n : e.getKey() + ":0";
            int node = nodeOf(graph, nodes, path);
            String key = path + "/.ATTRIBUTES/" + ObjectCheckpoint.VARIABLE_VALUE;
            graph.getNodesBuilder(node).addAttributesBuilder().setName(ObjectCheckpoint.VARIABLE_VALUE).setFullName(fullName).setCheckpointKey(key);
            keys.add(key);
            values.add(e.getValue());
            n++;
        }
        Path prefix = dir.resolve("variables").resolve("variables");
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            List<String> names = new ArrayList<>(keys);
            List<Operand<?>> ops = new ArrayList<>();
            for (FloatTensor t : values) ops.add(tf.constant(Shape.of(t.shape()), DataBuffers.of(t.toArray(), true, false)));
            names.add("stub");
            ops.add(tf.zeros(tf.constant(stubShape), TFloat32.class)); // the stub's value as exported
            names.add(ObjectCheckpoint.OBJECT_GRAPH_KEY);
            try (TString t = TString.tensorOfBytes(NdArrays.scalarOfObject(graph.build().toByteArray()))) {
                ops.add(tf.constantOf(t));
            }
            String[] slices = new String[names.size()];
            java.util.Arrays.fill(slices, "");
            Op save = tf.train.save(tf.constant(prefix.toString()), tf.constant(StandardCharsets.UTF_8, names.toArray(String[]::new)),
                    tf.constant(StandardCharsets.UTF_8, slices), ops);
            try (Result ignored = s.runner().addTarget(save).run()) {
                // written
            }
        }
    }

    private static int nodeOf(TrackableObjectGraph.Builder graph, Map<String, Integer> nodes, String path) {
        Integer id = nodes.get(path);
        if (id != null) return id;
        int slash = path.lastIndexOf('/');
        int parent = nodeOf(graph, nodes, slash < 0 ? "" : path.substring(0, slash));
        int node = graph.getNodesCount();
        graph.addNodesBuilder();
        graph.getNodesBuilder(parent).addChildrenBuilder().setNodeId(node).setLocalName(path.substring(slash + 1));
        nodes.put(path, node);
        return node;
    }
}
