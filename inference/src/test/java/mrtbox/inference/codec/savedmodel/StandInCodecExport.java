package mrtbox.inference.codec.savedmodel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
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
import org.tensorflow.proto.TrackableObjectGraphOuterClass.TrackableObjectGraph;
import org.tensorflow.proto.TrackableObjectGraphOuterClass.TrackableObjectGraph.TrackableObject;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TString;
import mrtbox.inference.tf.ObjectCheckpoint;

/**
 * Writes a SpectroStream SavedModel folder with the release's interface ({@code encoder/}, {@code decoder/},
 * {@code quantizer/}; signature keys, shapes, dtypes and the quantizer's {@code _quantizers[i].embeddings} object
 * graph as {@link SavedModelCodecOptions#defaults()} assumes) whose codec is a stand-in that can be checked by hand:
 * the decoder maps each frame's embedding e [dim] to its 2 x samplesPerFrame interleaved samples by {@code e . K}
 * with a kernel K [dim, 2F] of orthonormal rows, the encoder maps each (zero-padded) frame back by {@code K^T}, and
 * the quantizer signature is greedy L2 RVQ in TF over seeded random codebooks. It is not the codec: it exists so
 * tests can prove the SavedModel path without the released files (test scope only). Immutable builder.
 */
public final class StandInCodecExport {
    /** What was written, for hand computation: the decoder kernel [dim][2F] row-major and codebooks [level][code][dim]. */
    public record Written(Path dir, int dim, int levels, int codebookSize, int samplesPerFrame, float[] kernel, float[] codebooks) {
        /** Level k, code c, component d of the codebooks (level order = list index). */
        public float code(int k, int c, int d) {
            return codebooks[(k * codebookSize + c) * dim + d];
        }
    }

    private int dim = 8;
    private int levels = 20;
    private int codebookSize = 1024;
    private int samplesPerFrame = 1920;
    private long seed = 1;
    private String codebookKey = "_quantizers/{i}/embeddings/.ATTRIBUTES/VARIABLE_VALUE";
    private boolean quantizerSignature = true;
    private int quantizerFrames = -1;
    private float[] givenCodebooks;

    public StandInCodecExport dim(int dim) {
        this.dim = dim;
        return this;
    }

    public StandInCodecExport levels(int levels) {
        this.levels = levels;
        return this;
    }

    public StandInCodecExport codebookSize(int codebookSize) {
        this.codebookSize = codebookSize;
        return this;
    }

    public StandInCodecExport samplesPerFrame(int samplesPerFrame) {
        this.samplesPerFrame = samplesPerFrame;
        return this;
    }

    public StandInCodecExport seed(long seed) {
        this.seed = seed;
        return this;
    }

    /**
     * The checkpoint key the object graph names for level {i}'s codebook. TF2 usually writes the attribute path
     * plus {@code /.ATTRIBUTES/VARIABLE_VALUE} (the default), but Keras-tracked objects get other keys
     * ({@code layer_with_weights-0/...}): readers must resolve the path, not spell the key.
     */
    public StandInCodecExport codebookKey(String pattern) {
        this.codebookKey = pattern;
        return this;
    }

    /** These codebooks ({@code [levels, codes, dim]} row-major) instead of seeded random ones: levels, size and dim follow. */
    public StandInCodecExport codebooks(float[] levelsCodesDim, int levels, int codebookSize, int dim) {
        if (levelsCodesDim.length != levels * codebookSize * dim) throw new IllegalArgumentException("codebooks of " + levelsCodesDim.length + " floats");
        this.givenCodebooks = levelsCodesDim.clone();
        this.levels = levels;
        this.codebookSize = codebookSize;
        this.dim = dim;
        return this;
    }

    /** The quantizer signature traced at a fixed number of frames (-1: any number, the default). */
    public StandInCodecExport quantizerFrames(int frames) {
        this.quantizerFrames = frames;
        return this;
    }

    /** Without it the quantizer SavedModel has no {@code inference_encoding_with_tf_function} signature. */
    public StandInCodecExport quantizerSignature(boolean present) {
        this.quantizerSignature = present;
        return this;
    }

    /** Writes {@code dir/encoder}, {@code dir/decoder} and {@code dir/quantizer}. */
    public Written write(Path dir) throws IOException {
        float[] kernel = orthonormalRows(dim, 2 * samplesPerFrame, new SplittableRandom(seed));
        float[] codebooks = givenCodebooks != null ? givenCodebooks : new float[levels * codebookSize * dim];
        SplittableRandom r = new SplittableRandom(seed + 1);
        for (int k = 0; givenCodebooks == null && k < levels; k++) {
            double scale = 1.0 / Math.sqrt(dim) / (1 + k); // later levels refine, as in a trained RVQ
            for (int i = 0; i < codebookSize * dim; i++) codebooks[k * codebookSize * dim + i] = (float) (r.nextGaussian() * scale);
        }
        writeDecoder(dir.resolve(SpectroStreamSavedModels.DECODER), kernel);
        writeEncoder(dir.resolve(SpectroStreamSavedModels.ENCODER), transpose(kernel, dim, 2 * samplesPerFrame));
        writeQuantizer(dir.resolve(SpectroStreamSavedModels.QUANTIZER), codebooks);
        return new Written(dir, dim, levels, codebookSize, samplesPerFrame, kernel, codebooks);
    }

    private void writeDecoder(Path dir, float[] kernel) throws IOException {
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            Variable<TFloat32> k = tf.withName("decoder_kernel").variable(Shape.of(dim, 2L * samplesPerFrame), TFloat32.class);
            Placeholder<TFloat32> emb = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(1, -1, dim)));
            Operand<TFloat32> perFrame = tf.linalg.matMul(tf.reshape(emb, tf.constant(new int[] {-1, dim})), k); // [S, 2F]
            Operand<TFloat32> audio = tf.reshape(perFrame, tf.constant(new int[] {1, -1, 2})); // [1, S * F, 2]
            export(dir, g, tf, List.of(k), List.of(kernel), s -> List.of(SessionFunction.create(
                    Signature.builder().key(SavedModelCodecOptions.SERVING_DEFAULT).input("args_0", emb).output("output_0", audio).build(), s)));
        }
    }

    private void writeEncoder(Path dir, float[] kernelT) throws IOException {
        int frameFloats = 2 * samplesPerFrame;
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            Variable<TFloat32> k = tf.withName("encoder_kernel").variable(Shape.of(frameFloats, dim), TFloat32.class);
            Placeholder<TFloat32> audio = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(1, -1, 2)));
            Operand<TInt32> t = tf.gather(tf.shape(audio), tf.constant(1), tf.constant(0));
            Operand<TInt32> pad = tf.math.floorMod(tf.math.neg(t), tf.constant(samplesPerFrame)); // up to ceil(T / F) frames
            Operand<TInt32> zero = tf.constant(0);
            Operand<TInt32> paddings = tf.reshape(tf.stack(List.of(zero, zero, zero, pad, zero, zero)), tf.constant(new int[] {3, 2}));
            Operand<TFloat32> padded = tf.pad(audio, paddings, tf.constant(0f));
            Operand<TFloat32> frames = tf.reshape(padded, tf.constant(new int[] {-1, frameFloats}));
            Operand<TFloat32> emb = tf.reshape(tf.linalg.matMul(frames, k), tf.constant(new int[] {1, -1, dim}));
            export(dir, g, tf, List.of(k), List.of(kernelT), s -> List.of(SessionFunction.create(
                    Signature.builder().key(SavedModelCodecOptions.SERVING_DEFAULT).input("args_0", audio).output("output_0", emb).build(), s)));
        }
    }

    /** Codebook variables stored [dim, codes] as released; the signature is greedy L2 RVQ over all levels. */
    private void writeQuantizer(Path dir, float[] codebooks) throws IOException {
        List<float[]> stored = new ArrayList<>();
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            List<Variable<TFloat32>> vars = new ArrayList<>();
            for (int k = 0; k < levels; k++) {
                vars.add(tf.withName("codebook_" + k).variable(Shape.of(dim, codebookSize), TFloat32.class));
                float[] level = new float[codebookSize * dim];
                System.arraycopy(codebooks, k * codebookSize * dim, level, 0, level.length);
                stored.add(transpose(level, codebookSize, dim));
            }
            Placeholder<TFloat32> emb = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(1, quantizerFrames, dim)));
            Operand<TFloat32> residual = tf.reshape(emb, tf.constant(new int[] {-1, dim})); // [N, dim]
            List<Operand<TInt32>> codes = new ArrayList<>();
            for (Variable<TFloat32> cb : vars) {
                // |r - c|^2 = |r|^2 - 2 r.c + |c|^2, argmin over the codes (ties to the lowest index)
                Operand<TFloat32> dist = tf.math.add(tf.math.sub(tf.reduceSum(tf.math.square(residual), tf.constant(1), org.tensorflow.op.core.ReduceSum.keepDims(true)),
                                tf.math.mul(tf.constant(2f), tf.linalg.matMul(residual, cb))),
                        tf.reduceSum(tf.math.square(cb), tf.constant(0), org.tensorflow.op.core.ReduceSum.keepDims(true)));
                Operand<TInt32> idx = tf.math.argMin(dist, tf.constant(1), TInt32.class);
                codes.add(idx);
                residual = tf.math.sub(residual, tf.gather(tf.linalg.transpose(cb, tf.constant(new int[] {1, 0})), idx, tf.constant(0)));
            }
            Operand<TInt32> tokens = tf.reshape(tf.stack(codes), tf.constant(new int[] {levels, 1, -1})); // [levels, 1, S]
            export(dir, g, tf, vars, stored, s -> quantizerSignature
                    ? List.of(SessionFunction.create(Signature.builder().key(SavedModelCodecOptions.QUANTIZER_METHOD)
                            .input("emb", emb).output("output_0", tokens).build(), s))
                    : List.of(SessionFunction.create(Signature.builder().key(SavedModelCodecOptions.SERVING_DEFAULT)
                            .input("emb", emb).output("output_0", tf.identity(emb)).build(), s)));
        }
        addObjectGraph(dir, stored);
    }

    private interface Functions {
        List<SessionFunction> of(Session s);
    }

    /** Initialises the ref variables (the only kind TF Java's exporter saves and restores) and exports. */
    private static void export(Path dir, Graph g, Ops tf, List<Variable<TFloat32>> vars, List<float[]> values, Functions functions) throws IOException {
        Files.createDirectories(dir.getParent());
        List<Op> assigns = new ArrayList<>();
        List<Placeholder<TFloat32>> feeds = new ArrayList<>();
        for (Variable<TFloat32> v : vars) {
            Placeholder<TFloat32> p = tf.placeholder(TFloat32.class, Placeholder.shape(v.shape()));
            feeds.add(p);
            assigns.add(tf.assign(v, p));
        }
        try (Session s = new Session(g)) {
            List<TFloat32> tensors = new ArrayList<>();
            try {
                Session.Runner r = s.runner();
                for (int i = 0; i < vars.size(); i++) {
                    TFloat32 t = TFloat32.tensorOf(vars.get(i).shape(), DataBuffers.of(values.get(i), true, false));
                    tensors.add(t);
                    r.feed(feeds.get(i), t).addTarget(assigns.get(i));
                }
                r.run().close();
            } finally {
                tensors.forEach(TFloat32::close);
            }
            SavedModelBundle.Exporter e = SavedModelBundle.exporter(dir.toString());
            for (SessionFunction f : functions.of(s)) e.withFunction(f);
            e.export();
        }
    }

    /**
     * Rewrites the quantizer checkpoint as TF2 would have it: the exporter's own keys (which TF Java's loader
     * restores), each codebook again under its object-graph key, and the object graph itself, in which the root's
     * {@code _quantizers} list has children "0", "1", ... each with an {@code embeddings} variable. List elements are
     * added in the string order of their names ("0", "1", "10", "11", ..., "2"), so node ids do not follow the level.
     */
    private void addObjectGraph(Path dir, List<float[]> stored) throws IOException {
        Path prefix = dir.resolve("variables").resolve("variables");
        TreeMap<String, Integer> byName = new TreeMap<>();
        for (int k = 0; k < levels; k++) byName.put(Integer.toString(k), k);
        TrackableObjectGraph.Builder graph = TrackableObjectGraph.newBuilder();
        TrackableObject.Builder root = graph.addNodesBuilder();
        TrackableObject.Builder list = graph.addNodesBuilder();
        root.addChildrenBuilder().setNodeId(1).setLocalName("_quantizers");
        for (var e : byName.entrySet()) {
            int layerId = graph.getNodesCount();
            list.addChildrenBuilder().setNodeId(layerId).setLocalName(e.getKey());
            TrackableObject.Builder layer = graph.addNodesBuilder();
            layer.addChildrenBuilder().setNodeId(layerId + 1).setLocalName("embeddings");
            graph.addNodesBuilder().addAttributesBuilder().setName(ObjectCheckpoint.VARIABLE_VALUE).setFullName("embeddings")
                    .setCheckpointKey(codebookKey.replace("{i}", Integer.toString(e.getValue())));
        }
        // builders obtained from addNodesBuilder stay live views, so root and list are part of the graph
        byte[] serialized = graph.build().toByteArray();

        List<String> keys = new ArrayList<>();
        List<Operand<?>> values = new ArrayList<>();
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            for (int k = 0; k < levels; k++) {
                for (String key : List.of("codebook_" + k, codebookKey.replace("{i}", Integer.toString(k)))) {
                    keys.add(key);
                    values.add(tf.constant(Shape.of(dim, codebookSize), DataBuffers.of(stored.get(k), true, false)));
                }
            }
            keys.add(ObjectCheckpoint.OBJECT_GRAPH_KEY);
            try (TString t = TString.tensorOfBytes(NdArrays.scalarOfObject(serialized))) {
                values.add(tf.constantOf(t));
            }
            String[] slices = new String[keys.size()];
            java.util.Arrays.fill(slices, "");
            Op save = tf.train.save(tf.constant(prefix.toString()), tf.constant(StandardCharsets.UTF_8, keys.toArray(String[]::new)),
                    tf.constant(StandardCharsets.UTF_8, slices), values);
            try (Result ignored = s.runner().addTarget(save).run()) {
                // written
            }
        }
    }

    /** [rows][cols] row-major with orthonormal rows (Gram-Schmidt on Gaussian rows): K^T is then K's exact inverse on its row space. */
    static float[] orthonormalRows(int rows, int cols, SplittableRandom r) {
        double[][] m = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) m[i][j] = r.nextGaussian();
            for (int p = 0; p < i; p++) {
                double dot = 0;
                for (int j = 0; j < cols; j++) dot += m[i][j] * m[p][j];
                for (int j = 0; j < cols; j++) m[i][j] -= dot * m[p][j];
            }
            double n = 0;
            for (int j = 0; j < cols; j++) n += m[i][j] * m[i][j];
            n = Math.sqrt(n);
            for (int j = 0; j < cols; j++) m[i][j] /= n;
        }
        float[] out = new float[rows * cols];
        for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) out[i * cols + j] = (float) m[i][j];
        return out;
    }

    static float[] transpose(float[] a, int rows, int cols) {
        float[] t = new float[a.length];
        for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) t[j * rows + i] = a[i * cols + j];
        return t;
    }
}
