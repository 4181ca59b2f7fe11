package mrtbox.inference.codec.savedmodel;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import mrtbox.inference.tf.ObjectCheckpoint;
import mrtbox.inference.weights.FloatTensor;
import mrtbox.inference.weights.WeightException;
import mrtbox.inference.weights.WeightSource;

/**
 * The float32 variables of a SavedModel's {@code variables/} checkpoint (TF2 object-based) as a {@link WeightSource},
 * so the project's own SpectroStream graphs can read them by the same key suffixes as the safetensors files. A
 * variable is named either by its attribute path in the object graph ({@code decoder/input_layer/conv1x1_first/conv/kernel},
 * what a tf.Module tree gives) or by the name it was saved with ({@code full_name}, what a Keras layer tree or a flat
 * variable list keeps); of the two, the naming in which one of the caller's anchors is found is used, paths first.
 * Each variable is restored when first asked for (one RestoreV2 per tensor) and kept; {@link #unread()} lists what
 * the caller never read, for the log.
 */
public final class SavedModelVariables implements WeightSource {
    private final ObjectCheckpoint checkpoint;
    private final String naming;
    private final Map<String, String> keys; // name -> checkpoint key, in graph order
    private final Map<String, FloatTensor> restored = new HashMap<>();

    private SavedModelVariables(ObjectCheckpoint checkpoint, String naming, Map<String, String> keys) {
        this.checkpoint = checkpoint;
        this.naming = naming;
        this.keys = keys;
    }

    /**
     * Opens {@code savedModelDir/variables/variables} and picks the naming that holds one of {@code anchors} (a
     * name equal to it or ending in "/" + it).
     */
    public static SavedModelVariables open(Path savedModelDir, String... anchors) throws IOException {
        ObjectCheckpoint ckpt = ObjectCheckpoint.ofSavedModel(savedModelDir);
        List<ObjectCheckpoint.Variable> vars = ckpt.variables();
        Map<String, String> byPath = new LinkedHashMap<>();
        Map<String, String> byFullName = new LinkedHashMap<>();
        for (ObjectCheckpoint.Variable v : vars) {
            byPath.putIfAbsent(v.path(), v.key());
            if (!v.fullName().isEmpty()) byFullName.putIfAbsent(v.fullName(), v.key());
        }
        if (holdsAnchor(byPath.keySet(), anchors)) return new SavedModelVariables(ckpt, "object paths", byPath);
        if (holdsAnchor(byFullName.keySet(), anchors)) return new SavedModelVariables(ckpt, "saved names", byFullName);
        List<String> sample = new ArrayList<>();
        for (ObjectCheckpoint.Variable v : vars.subList(0, Math.min(6, vars.size()))) sample.add(v.path() + (v.fullName().isEmpty() ? "" : " (" + v.fullName() + ")"));
        throw new WeightException(ckpt.prefix() + ": no variable whose object path or saved name ends in " + String.join(" or ", anchors)
                + " (" + vars.size() + " variables" + (sample.isEmpty() ? "" : ", e.g. " + String.join(", ", sample)) + ")");
    }

    private static boolean holdsAnchor(Set<String> names, String... anchors) {
        for (String n : names) for (String a : anchors) if (n.equals(a) || n.endsWith("/" + a)) return true;
        return false;
    }

    /** "object paths" or "saved names": which naming the variables are read under (for the log). */
    public String naming() {
        return naming;
    }

    @Override
    public String location() {
        return checkpoint.prefix().toString();
    }

    @Override
    public Set<String> names() {
        return Collections.unmodifiableSet(keys.keySet());
    }

    @Override
    public long[] shape(String name) throws IOException {
        return restore(name).shape();
    }

    @Override
    public FloatTensor read(String name) throws IOException {
        FloatTensor t = restore(name);
        return new FloatTensor(name, t.shape(), t.data().duplicate());
    }

    /** The variables never read, in graph order. */
    public List<String> unread() {
        List<String> out = new ArrayList<>();
        for (String n : keys.keySet()) if (!restored.containsKey(n)) out.add(n);
        return out;
    }

    private FloatTensor restore(String name) throws IOException {
        FloatTensor t = restored.get(name);
        if (t != null) return t;
        String key = keys.get(name);
        if (key == null) throw new WeightException(location() + ": no variable '" + name + "' (by " + naming + ")");
        ObjectCheckpoint.Floats f = checkpoint.readFloats(List.of(key)).get(0);
        t = new FloatTensor(name, f.shape(), FloatBuffer.wrap(f.values()));
        restored.put(name, t);
        return t;
    }

    @Override
    public void close() {
        restored.clear();
    }

    @Override
    public String toString() {
        return location() + " (" + keys.size() + " variables by " + naming + ")";
    }
}
