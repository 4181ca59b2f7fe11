package mrtbox.inference.weights;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A T5X checkpoint as Magenta RT v1 releases it (golden/T5X_FORMAT.md): the {@code checkpoint} msgpack index
 * plus one zarr v2 array per parameter, read from the directory or straight from the {@code .tar} (never
 * unpacked). Tensor names are the dotted paths of the index ({@code target.encoder.layers_0.attention.query.kernel}).
 * Parameters must be TensorStore arrays or inline ndarrays; the index decides which tensors exist, each array's
 * {@code .zarray} decides its shape.
 */
public final class T5xCheckpoint implements WeightSource {
    private static final Pattern STEP_DIR = Pattern.compile("(?:.*/)?checkpoint_(\\d+)");
    private static final String INDEX = "checkpoint";

    /** Where a tensor lives: a zarr directory, or an array written inline into the index. */
    private sealed interface Leaf permits ZarrLeaf, InlineLeaf {}

    private record ZarrLeaf(String specPath) implements Leaf {}

    private record InlineLeaf(long[] shape, float[] values) implements Leaf {}

    private final CheckpointFiles files;
    private final String root;
    private final Map<String, Leaf> leaves;
    private final Map<String, ZarrArray> opened = new ConcurrentHashMap<>();
    private final Long step;

    private T5xCheckpoint(CheckpointFiles files, String root, Map<String, Leaf> leaves, Long step) {
        this.files = files;
        this.root = root;
        this.leaves = leaves;
        this.step = step;
    }

    /**
     * Opens a checkpoint: a directory holding {@code checkpoint} (or {@code checkpoint_<step>/} folders, the
     * newest wins), the {@code checkpoint} file itself, or a {@code .tar} holding either layout.
     */
    public static T5xCheckpoint open(Path path) throws IOException {
        if (Files.isDirectory(path)) {
            DirectoryFiles dir = new DirectoryFiles(path);
            if (dir.exists(INDEX)) return load(dir, "");
            String newest = newestStepDir(listStepDirs(path));
            if (newest == null) {
                throw new WeightException(path + ": not a T5X checkpoint: no 'checkpoint' index file and no checkpoint_<step> folder");
            }
            return load(dir, newest + "/");
        }
        if (!Files.isRegularFile(path)) throw new WeightException(path + ": no such checkpoint directory or archive");
        if (path.getFileName().toString().equals(INDEX)) return load(new DirectoryFiles(path.toAbsolutePath().getParent()), "");
        TarFiles tar = TarFiles.open(path);
        try {
            return load(tar, rootInArchive(tar));
        } catch (IOException | RuntimeException e) {
            tar.close();
            throw e;
        }
    }

    private static List<String> listStepDirs(Path dir) throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> Files.isRegularFile(p.resolve(INDEX))).forEach(p -> out.add(p.getFileName().toString()));
        }
        return out;
    }

    /** The folder whose name is checkpoint_N with the highest N, or null. */
    private static String newestStepDir(List<String> dirs) {
        String best = null;
        long bestStep = -1;
        for (String d : dirs) {
            Matcher m = STEP_DIR.matcher(d);
            if (m.matches() && Long.parseLong(m.group(1)) > bestStep) {
                bestStep = Long.parseLong(m.group(1));
                best = d;
            }
        }
        return best;
    }

    /** The archive folder holding the index: the root, a single folder, or the newest checkpoint_N. */
    private static String rootInArchive(TarFiles tar) throws WeightException {
        List<String> roots = new ArrayList<>();
        for (String p : tar.paths()) {
            if (p.equals(INDEX)) return "";
            if (p.endsWith("/" + INDEX)) roots.add(p.substring(0, p.length() - INDEX.length() - 1));
        }
        if (roots.size() == 1) return roots.get(0) + "/";
        String newest = newestStepDir(roots);
        if (newest != null) return newest + "/";
        throw new WeightException(tar.location() + ": not a T5X checkpoint archive: "
                + (roots.isEmpty() ? "no 'checkpoint' index file in it" : "several checkpoint index files " + roots));
    }

    private static T5xCheckpoint load(CheckpointFiles files, String root) throws IOException {
        String indexPath = root + INDEX;
        byte[] bytes = files.readAll(indexPath, 256 << 20);
        Object top = Msgpack.decode(bytes, files.describe(indexPath));
        if (!(top instanceof Map<?, ?> topMap)) throw new WeightException(files.describe(indexPath) + ": index is not a msgpack map");
        // flax writes {"version": 3, "optimizer": {"target": ..., "state": ...}}; accept the state dict directly too.
        Object state = topMap.containsKey("optimizer") ? topMap.get("optimizer") : topMap;
        if (!(state instanceof Map<?, ?> stateMap) || !stateMap.containsKey("target")) {
            throw new WeightException(files.describe(indexPath) + ": index has no 'target' parameter tree (keys: " + topMap.keySet() + ")");
        }
        Map<String, Leaf> leaves = new TreeMap<>();
        Map<String, Object> scalars = new TreeMap<>();
        walk(files.describe(indexPath), "", stateMap, leaves, scalars);
        Long step = null;
        Object s = scalars.get("state.step");
        if (s instanceof Number n) step = n.longValue();
        if (s instanceof InlineLeaf il && il.values.length == 1) step = (long) il.values[0];
        if (leaves.keySet().stream().noneMatch(k -> k.startsWith("target."))) {
            throw new WeightException(files.describe(indexPath) + ": index lists no parameter arrays under 'target'");
        }
        return new T5xCheckpoint(files, root, Collections.unmodifiableMap(leaves), step);
    }

    private static void walk(String where, String prefix, Map<?, ?> node, Map<String, Leaf> leaves, Map<String, Object> scalars)
            throws WeightException {
        for (Map.Entry<?, ?> e : node.entrySet()) {
            String name = prefix.isEmpty() ? String.valueOf(e.getKey()) : prefix + "." + e.getKey();
            Object v = e.getValue();
            if (v instanceof Map<?, ?> m) {
                if (isSpec(m)) leaves.put(name, new ZarrLeaf(specPath(where, name, m)));
                else walk(where, name, m, leaves, scalars);
            } else if (v instanceof Msgpack.Ext ext && (ext.type() == 1 || ext.type() == 3)) {
                InlineLeaf leaf = inlineArray(where, name, ext);
                if (leaf.values.length == 1 && leaf.shape.length == 0) scalars.put(name, leaf);
                leaves.put(name, leaf);
            } else if (v != null) {
                scalars.put(name, v);
            }
        }
    }

    /** A TensorStore spec leaf: a map with {@code driver} and a {@code kvstore} or a top-level {@code path}. */
    private static boolean isSpec(Map<?, ?> m) {
        return m.get("driver") instanceof String && (m.get("kvstore") instanceof Map || m.get("path") instanceof String);
    }

    private static String specPath(String where, String name, Map<?, ?> spec) throws WeightException {
        Object p = spec.get("kvstore") instanceof Map<?, ?> kv ? kv.get("path") : spec.get("path");
        if (!(p instanceof String path) || path.isEmpty()) throw new WeightException(where + ": tensor '" + name + "' has a spec without a path");
        return path;
    }

    /** flax's ndarray extension: msgpack [shape, dtype name, raw little-endian C-order bytes]. */
    private static InlineLeaf inlineArray(String where, String name, Msgpack.Ext ext) throws WeightException {
        Object payload = Msgpack.decode(ext.data(), where + " (inline array '" + name + "')");
        if (!(payload instanceof List<?> l) || l.size() != 3 || !(l.get(0) instanceof List<?> dims)
                || !(l.get(1) instanceof String dtype) || !(l.get(2) instanceof byte[] raw)) {
            throw new WeightException(where + ": inline array '" + name + "' is not [shape, dtype, bytes]");
        }
        long[] shape = new long[dims.size()];
        for (int i = 0; i < shape.length; i++) shape[i] = ((Number) dims.get(i)).longValue();
        long n = FloatTensor.elementCount(shape);
        ByteBuffer bb = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        int size = switch (dtype) {
            case "float32", "int32", "uint32" -> 4;
            case "float64", "int64", "uint64" -> 8;
            case "bfloat16", "float16", "int16", "uint16" -> 2;
            case "int8", "uint8", "bool" -> 1;
            default -> throw new WeightException(where + ": inline array '" + name + "' has unsupported dtype " + dtype);
        };
        if (raw.length != n * size) {
            throw new WeightException(where + ": inline array '" + name + "' has " + raw.length + " bytes, expected " + n * size);
        }
        float[] v = new float[(int) n];
        for (int i = 0; i < n; i++) {
            v[i] = switch (dtype) {
                case "float32" -> bb.getFloat(i * 4);
                case "float64" -> (float) bb.getDouble(i * 8);
                case "int32" -> bb.getInt(i * 4);
                case "uint32" -> Integer.toUnsignedLong(bb.getInt(i * 4));
                case "int64", "uint64" -> bb.getLong(i * 8);
                case "bfloat16" -> HalfFloats.bf16ToFloat(bb.getShort(i * 2));
                case "float16" -> HalfFloats.f16ToFloat(bb.getShort(i * 2));
                case "int16" -> bb.getShort(i * 2);
                case "uint16" -> bb.getShort(i * 2) & 0xffff;
                case "int8" -> bb.get(i);
                default -> bb.get(i) & 0xff;
            };
        }
        return new InlineLeaf(shape, v);
    }

    /** The training step recorded in the index ({@code state.step}), when present. */
    public OptionalLong step() {
        return step == null ? OptionalLong.empty() : OptionalLong.of(step);
    }

    @Override
    public String location() {
        return files.location() + (root.isEmpty() ? "" : (files instanceof TarFiles ? "!/" : "/") + root.substring(0, root.length() - 1));
    }

    @Override
    public Set<String> names() {
        return leaves.keySet();
    }

    @Override
    public long[] shape(String name) throws IOException {
        Leaf leaf = leaf(name);
        if (leaf instanceof InlineLeaf il) return il.shape.clone();
        return array(name, (ZarrLeaf) leaf).shape();
    }

    @Override
    public long storedBytes(String name) throws IOException {
        Leaf leaf = leaf(name);
        if (leaf instanceof InlineLeaf il) return 4L * il.values.length;
        return array(name, (ZarrLeaf) leaf).storedBytes();
    }

    @Override
    public FloatTensor read(String name) throws IOException {
        Leaf leaf = leaf(name);
        if (leaf instanceof InlineLeaf il) return new FloatTensor(name, il.shape, FloatBuffer.wrap(il.values.clone()));
        ZarrArray a = array(name, (ZarrLeaf) leaf);
        return new FloatTensor(name, a.shape(), FloatBuffer.wrap(a.read()));
    }

    private Leaf leaf(String name) throws WeightException {
        Leaf leaf = leaves.get(name);
        if (leaf == null) {
            throw new WeightException(location() + ": tensor '" + name + "' is not in the checkpoint index ("
                    + leaves.size() + " tensors listed)");
        }
        return leaf;
    }

    private ZarrArray array(String name, ZarrLeaf leaf) throws IOException {
        ZarrArray a = opened.get(name);
        if (a != null) return a;
        a = ZarrArray.open(files, root + resolveDir(name, leaf.specPath), name);
        opened.put(name, a);
        return a;
    }

    /**
     * The array directory for a spec path: as written (relative to the checkpoint), or its last segment (specs
     * written to GCS carry the bucket path), or the dotted name itself (which t5x uses as the directory name).
     */
    private String resolveDir(String name, String specPath) throws WeightException {
        String trimmed = specPath.endsWith("/") ? specPath.substring(0, specPath.length() - 1) : specPath;
        String last = trimmed.substring(trimmed.lastIndexOf('/') + 1);
        for (String candidate : new String[] {trimmed, last, name}) {
            if (files.exists(root + candidate + "/.zarray")) return candidate;
        }
        throw new WeightException(files.describe(root + last + "/.zarray") + ": missing: tensor '" + name
                + "' is listed in the index but its zarr array is not in the checkpoint"
                + (files instanceof TarFiles t ? truncationNote(t, root + last + "/.zarray") : ""));
    }

    private static String truncationNote(TarFiles t, String path) {
        try {
            t.size(path);
            return "";
        } catch (IOException e) {
            String m = e.getMessage();
            int i = m.indexOf(" (the archive ends");
            return i >= 0 ? m.substring(i) : "";
        }
    }

    @Override
    public void close() throws IOException {
        files.close();
    }
}
