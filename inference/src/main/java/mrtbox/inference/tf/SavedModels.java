package mrtbox.inference.tf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;
import org.tensorflow.proto.DataType;

/**
 * Opening TF2 SavedModels and finding what to call in them, with errors that name the directory and what is there
 * instead: a directory without {@code saved_model.pb}, a signature key that is not present (lists the keys that
 * are), an input or output name that is not present (lists the names), a dtype or rank that differs.
 */
public final class SavedModels {
    public static final String TAG = "serve";

    private SavedModels() {}

    /** Loads {@code dir} with tag "serve"; the caller closes the bundle. */
    public static SavedModelBundle load(Path dir) throws IOException {
        return load(dir, null);
    }

    /** {@link #load(Path)} with every session on the CPU (MusicCoCa, as the reference places it). */
    public static SavedModelBundle loadOnCpu(Path dir) throws IOException {
        return load(dir, TfSessions.cpuOnlyConfig());
    }

    private static SavedModelBundle load(Path dir, org.tensorflow.proto.ConfigProto config) throws IOException {
        if (!Files.isRegularFile(dir.resolve("saved_model.pb"))) {
            throw new IOException(dir + ": not a SavedModel directory (no saved_model.pb)");
        }
        try {
            SavedModelBundle.Loader loader = SavedModelBundle.loader(dir.toString()).withTags(TAG);
            return (config == null ? loader : loader.withConfigProto(config)).load();
        } catch (RuntimeException e) {
            throw new IOException(dir + ": cannot load SavedModel (tag \"" + TAG + "\"): " + e.getMessage(), e);
        }
    }

    /** The signature keys of a loaded bundle, for messages. */
    public static List<String> signatureKeys(SavedModelBundle b) {
        List<String> keys = new ArrayList<>();
        for (SessionFunction f : b.functions()) keys.add(f.signature().key());
        return keys;
    }

    /**
     * The function of signature {@code key}; the error ({@link UnusableSignatureException}) lists the signatures the
     * model has.
     */
    public static SessionFunction function(SavedModelBundle b, String key, Path where) throws UnusableSignatureException {
        for (SessionFunction f : b.functions()) if (f.signature().key().equals(key)) return f;
        throw new UnusableSignatureException(where + ": SavedModel has no signature '" + key + "' (it has: "
                + (b.functions().isEmpty() ? "no signatures" : String.join(", ", signatureKeys(b))) + ")");
    }

    /**
     * The input called {@code name}, or with {@code name == null} the signature's only input (TF names inputs after
     * the traced function's arguments, so a single-input export is found whatever its argument was called).
     */
    public static Port input(SessionFunction f, String name, Path where) throws IOException {
        return pick(f.signature().getInputs(), name, "input", f, where);
    }

    /** The output called {@code name}, or with {@code name == null} the signature's only output. */
    public static Port output(SessionFunction f, String name, Path where) throws IOException {
        return pick(f.signature().getOutputs(), name, "output", f, where);
    }

    /** One input or output of a signature: the key it is fed or fetched by, and its declared dtype and shape. */
    public record Port(String key, Signature.TensorDescription desc) {
        /**
         * Checks dtype and shape against what the caller feeds or reads: {@code expected} dims of -1 accept any
         * size, and a signature dim of -1 (unknown) is accepted for any expected size.
         */
        public Port check(String label, DataType dtype, long[] expected, Path where) throws IOException {
            if (desc.dataType != dtype) {
                throw new IOException(where + ": " + label + " '" + key + "' is " + desc.dataType + ", expected " + dtype);
            }
            if (desc.shape.isUnknown()) return this;
            long[] got = desc.shape.asArray();
            boolean ok = got.length == expected.length;
            for (int i = 0; ok && i < got.length; i++) ok = got[i] < 0 || expected[i] < 0 || got[i] == expected[i];
            if (!ok) {
                throw new IOException(where + ": " + label + " '" + key + "' has shape " + desc.shape + ", expected " + shapeText(expected));
            }
            return this;
        }
    }

    private static Port pick(Map<String, Signature.TensorDescription> all, String name, String what,
                                                    SessionFunction f, Path where) throws IOException {
        if (name == null) {
            if (all.size() == 1) {
                Map.Entry<String, Signature.TensorDescription> only = all.entrySet().iterator().next();
                return new Port(only.getKey(), only.getValue());
            }
            throw new IOException(where + ": signature '" + f.signature().key() + "' has " + all.size() + " " + what + "s "
                    + describe(all) + "; name the one to use");
        }
        Signature.TensorDescription d = all.get(name);
        if (d == null) {
            throw new IOException(where + ": signature '" + f.signature().key() + "' has no " + what + " '" + name + "' (it has " + describe(all) + ")");
        }
        return new Port(name, d);
    }

    /**
     * Refuses an input whose {@code axis} was traced at a fixed size: the codec is called with any number of
     * frames or samples, so such an export needs re-exporting with {@code None} there
     * ({@link UnusableSignatureException}).
     */
    public static void requireVariableLength(Port p, int axis, String what, Path where) throws UnusableSignatureException {
        if (p.desc().shape.isUnknown()) return;
        long n = p.desc().shape.size(axis);
        if (n >= 0) {
            throw new UnusableSignatureException(where + ": input '" + p.key() + "' " + p.desc().shape + " takes a fixed " + n + " " + what
                    + " on axis " + axis + "; it must take any number (re-export the signature with None there)");
        }
    }

    /** {@code [1, ?, 256]}-style text for expected shapes ({@code -1} = any). */
    public static String shapeText(long[] dims) {
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < dims.length; i++) s.append(i == 0 ? "" : ", ").append(dims[i] < 0 ? "?" : Long.toString(dims[i]));
        return s.append(']').toString();
    }

    private static String describe(Map<String, Signature.TensorDescription> all) {
        StringBuilder s = new StringBuilder();
        for (Map.Entry<String, Signature.TensorDescription> e : all.entrySet()) {
            s.append(s.length() == 0 ? "" : ", ").append(e.getKey()).append(' ').append(e.getValue().dataType).append(' ').append(e.getValue().shape);
        }
        return "[" + s + "]";
    }
}
