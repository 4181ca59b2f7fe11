package mrtbox.inference.style;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import mrtbox.inference.codec.ResidualQuantizer;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.op.train.Restore;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TType;

/**
 * MRT v1's style RVQ codebooks, read straight from the quantizer SavedModel's checkpoint
 * ({@code savedmodels/musiccoca_mv212_quant/variables/variables}) with TF's RestoreV2, as the reference's
 * {@code tf.train.load_variable} does: variable {@code variables/{n}/.ATTRIBUTES/VARIABLE_VALUE}, stored [dim, codes]
 * and transposed. The quirk: names were sorted as strings when saved, so RVQ level k is variable
 * {@code VAR_ORDER[k]} = [0, 1, 4, 5, 6, 7, 8, 9, 10, 11, 2, 3][k] (MUSICCOCA_RVQ_VAR_ORDER).
 */
public final class SavedModelCodebooks {
    public static final int[] VAR_ORDER = {0, 1, 4, 5, 6, 7, 8, 9, 10, 11, 2, 3};

    private SavedModelCodebooks() {}

    public static String variableName(int n) {
        return "variables/" + n + "/.ATTRIBUTES/VARIABLE_VALUE";
    }

    public static ResidualQuantizer load(Path savedModelDir) throws IOException {
        Path prefix = savedModelDir.resolve("variables").resolve("variables");
        if (!Files.isRegularFile(prefix.resolveSibling("variables.index"))) {
            throw new IOException(savedModelDir + ": no variables/variables.index: not the MusicCoCa quantizer SavedModel");
        }
        int levels = VAR_ORDER.length;
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            String[] names = new String[levels];
            String[] slices = new String[levels];
            List<Class<? extends TType>> types = new ArrayList<>();
            for (int k = 0; k < levels; k++) {
                names[k] = variableName(VAR_ORDER[k]);
                slices[k] = "";
                types.add(TFloat32.class);
            }
            Restore restore = tf.train.restore(tf.constant(prefix.toString()), tf.constant(java.nio.charset.StandardCharsets.UTF_8, names), tf.constant(java.nio.charset.StandardCharsets.UTF_8, slices), types);
            Session.Runner r = s.runner();
            for (Operand<?> o : restore.tensors()) r.fetch(o);
            try (Result res = r.run()) {
                int dim = -1, size = -1;
                float[] all = null;
                for (int k = 0; k < levels; k++) {
                    TFloat32 t = (TFloat32) res.get(k);
                    long[] shape = t.shape().asArray();
                    if (shape.length != 2) throw new IOException(prefix + ": " + names[k] + " has rank " + shape.length + ", expected [dim, codes]");
                    if (all == null) {
                        dim = (int) shape[0];
                        size = (int) shape[1];
                        all = new float[levels * size * dim];
                    } else if (shape[0] != dim || shape[1] != size) {
                        throw new IOException(prefix + ": " + names[k] + " is " + shape[0] + "x" + shape[1] + ", level 0 is " + dim + "x" + size);
                    }
                    float[] v = new float[dim * size];
                    t.asRawTensor().data().asFloats().read(v);
                    for (int d = 0; d < dim; d++)
                        for (int c = 0; c < size; c++) all[(k * size + c) * dim + d] = v[d * size + c];
                }
                return new ResidualQuantizer(levels, size, dim, all);
            }
        } catch (RuntimeException e) {
            throw new IOException(savedModelDir + ": cannot read the RVQ codebooks: " + e.getMessage(), e);
        }
    }
}
