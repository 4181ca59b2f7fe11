package mrtbox.inference.tf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.op.train.Restore;
import org.tensorflow.proto.TrackableObjectGraphOuterClass.TrackableObjectGraph;
import org.tensorflow.proto.TrackableObjectGraphOuterClass.TrackableObjectGraph.TrackableObject;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TString;
import org.tensorflow.types.family.TType;

/**
 * A TF2 object-based checkpoint (a SavedModel's {@code variables/variables}), read the way Python attribute access
 * on a loaded object finds a variable: the checkpoint stores its object graph under {@link #OBJECT_GRAPH_KEY}; an
 * attribute path such as {@code _quantizers/3/embeddings} walks that graph's named child edges from the root (list
 * elements are children named by index) to a variable, whose {@code VARIABLE_VALUE} attribute names the checkpoint
 * key to restore. The key itself is whatever TF chose when saving (often, but not always, the same path with
 * {@code /.ATTRIBUTES/VARIABLE_VALUE}), which is why the path is resolved rather than spelled.
 */
public final class ObjectCheckpoint {
    public static final String OBJECT_GRAPH_KEY = "_CHECKPOINTABLE_OBJECT_GRAPH";
    public static final String VARIABLE_VALUE = "VARIABLE_VALUE";

    private final Path prefix;
    private final TrackableObjectGraph graph;

    private ObjectCheckpoint(Path prefix, TrackableObjectGraph graph) {
        this.prefix = prefix;
        this.graph = graph;
    }

    /** The checkpoint of a SavedModel directory ({@code <dir>/variables/variables}). */
    public static ObjectCheckpoint ofSavedModel(Path savedModelDir) throws IOException {
        Path prefix = savedModelDir.resolve("variables").resolve("variables");
        if (!Files.isRegularFile(prefix.resolveSibling("variables.index"))) {
            throw new IOException(savedModelDir + ": no variables/variables.index (not a SavedModel with variables)");
        }
        byte[] serialized;
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            Restore r = restore(tf, prefix, List.of(OBJECT_GRAPH_KEY), List.of(TString.class));
            try (Result res = s.runner().fetch(r.tensors().get(0)).run()) {
                serialized = ((TString) res.get(0)).asBytes().getObject();
            }
        } catch (RuntimeException e) {
            throw new IOException(prefix + ": no readable " + OBJECT_GRAPH_KEY + " (not a TF2 object-based checkpoint): " + e.getMessage(), e);
        }
        try {
            return new ObjectCheckpoint(prefix, TrackableObjectGraph.parseFrom(serialized));
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new IOException(prefix + ": " + OBJECT_GRAPH_KEY + " is not a TrackableObjectGraph: " + e.getMessage(), e);
        }
    }

    public Path prefix() {
        return prefix;
    }

    /** The node at {@code path} ("a/b/0/c", "" = root), or -1 when an edge is missing. */
    public int node(String path) {
        int node = 0;
        if (path.isEmpty()) return node;
        for (String edge : path.split("/")) {
            node = child(node, edge);
            if (node < 0) return -1;
        }
        return node;
    }

    /** The names of a node's children, for messages. */
    public List<String> childNames(int node) {
        List<String> names = new ArrayList<>();
        for (TrackableObject.ObjectReference c : graph.getNodes(node).getChildrenList()) names.add(c.getLocalName());
        return names;
    }

    /** The checkpoint key of the variable at {@code path}; the error names the first missing edge and what is there. */
    public String variableKey(String path) throws IOException {
        int node = 0;
        String walked = "";
        for (String edge : path.split("/")) {
            int next = child(node, edge);
            if (next < 0) {
                throw new IOException(prefix + ": no object '" + edge + "' under '" + (walked.isEmpty() ? "(root)" : walked)
                        + "' (children: " + childNames(node) + ") looking for variable '" + path + "'");
            }
            node = next;
            walked = walked.isEmpty() ? edge : walked + "/" + edge;
        }
        for (TrackableObject.SerializedTensor a : graph.getNodes(node).getAttributesList()) {
            if (VARIABLE_VALUE.equals(a.getName())) return a.getCheckpointKey();
        }
        throw new IOException(prefix + ": object '" + path + "' is not a variable (no " + VARIABLE_VALUE + " attribute)");
    }

    /**
     * One variable of the object graph: the attribute path Python would use to reach it ({@code a/b/0/kernel}; the
     * first path found, breadth first, when shared), the name it had when saved ({@code full_name}, e.g. a Keras or
     * tf.Module name scope {@code decoder/input_layer/conv1x1_first/conv/kernel}; without {@code :0}; may be empty),
     * and its checkpoint key.
     */
    public record Variable(String path, String fullName, String key) {}

    /** Every variable reachable from the root, in breadth-first order of the graph's child edges. */
    public List<Variable> variables() {
        List<Variable> out = new ArrayList<>();
        String[] paths = new String[graph.getNodesCount()];
        java.util.ArrayDeque<Integer> queue = new java.util.ArrayDeque<>();
        paths[0] = "";
        queue.add(0);
        while (!queue.isEmpty()) {
            int node = queue.poll();
            TrackableObject o = graph.getNodes(node);
            for (TrackableObject.SerializedTensor a : o.getAttributesList()) {
                if (VARIABLE_VALUE.equals(a.getName())) {
                    String full = a.getFullName().endsWith(":0") ? a.getFullName().substring(0, a.getFullName().length() - 2) : a.getFullName();
                    out.add(new Variable(paths[node], full, a.getCheckpointKey()));
                }
            }
            for (TrackableObject.ObjectReference c : o.getChildrenList()) {
                int id = c.getNodeId();
                if (id < 0 || id >= paths.length || paths[id] != null) continue; // shared objects and cycles: first path wins
                paths[id] = paths[node].isEmpty() ? c.getLocalName() : paths[node] + "/" + c.getLocalName();
                queue.add(id);
            }
        }
        return out;
    }

    /** A restored float32 tensor: its shape and row-major values. */
    public record Floats(String key, long[] shape, float[] values) {}

    /** Restores float32 tensors by checkpoint key, in order, in one RestoreV2. */
    public List<Floats> readFloats(List<String> keys) throws IOException {
        List<Class<? extends TType>> types = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) types.add(TFloat32.class);
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Restore r = restore(Ops.create(g), prefix, keys, types);
            Session.Runner runner = s.runner();
            r.tensors().forEach(runner::fetch);
            try (Result res = runner.run()) {
                List<Floats> out = new ArrayList<>();
                for (int i = 0; i < keys.size(); i++) {
                    TFloat32 t = (TFloat32) res.get(i);
                    float[] v = new float[(int) t.size()];
                    t.asRawTensor().data().asFloats().read(v);
                    out.add(new Floats(keys.get(i), t.shape().asArray(), v));
                }
                return out;
            }
        } catch (RuntimeException e) {
            throw new IOException(prefix + ": cannot restore " + keys.size() + " float32 tensor(s) starting with '" + keys.get(0) + "': " + e.getMessage(), e);
        }
    }

    private int child(int node, String name) {
        for (TrackableObject.ObjectReference c : graph.getNodes(node).getChildrenList()) {
            if (c.getLocalName().equals(name)) return c.getNodeId();
        }
        return -1;
    }

    private static Restore restore(Ops tf, Path prefix, List<String> keys, List<Class<? extends TType>> types) {
        String[] names = keys.toArray(String[]::new);
        String[] slices = new String[names.length];
        java.util.Arrays.fill(slices, "");
        return tf.train.restore(tf.constant(prefix.toString()), tf.constant(StandardCharsets.UTF_8, names),
                tf.constant(StandardCharsets.UTF_8, slices), types);
    }
}
