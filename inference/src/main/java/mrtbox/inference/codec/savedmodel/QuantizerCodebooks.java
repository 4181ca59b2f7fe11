package mrtbox.inference.codec.savedmodel;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import mrtbox.inference.codec.ResidualQuantizer;
import mrtbox.inference.tf.ObjectCheckpoint;

/**
 * The SpectroStream RVQ codebooks of the quantizer SavedModel, as the reference's
 * {@code SpectroStreamSavedModel._rvq_codebooks} reads them: level i is the variable {@code _quantizers[i].embeddings}
 * (found through the checkpoint's object graph), stored [dim, codes] = [256, 1024] and transposed to
 * [codes, dim]. Levels follow the list index (0, 1, 2, ..., 63), not the string order of any name.
 */
public final class QuantizerCodebooks {
    private QuantizerCodebooks() {}

    public static ResidualQuantizer load(Path quantizerDir, SavedModelCodecOptions options) throws IOException {
        ObjectCheckpoint ckpt = ObjectCheckpoint.ofSavedModel(quantizerDir);
        List<String> keys = new ArrayList<>();
        keys.add(ckpt.variableKey(options.codebookPath(0))); // names what is there when even level 0 is missing
        for (int i = 1; ckpt.node(options.codebookPath(i)) >= 0; i++) keys.add(ckpt.variableKey(options.codebookPath(i)));
        List<ObjectCheckpoint.Floats> tensors = ckpt.readFloats(keys);
        long[] first = tensors.get(0).shape();
        if (first.length != 2) {
            throw new IOException(ckpt.prefix() + ": codebook " + options.codebookPath(0) + " has shape " + java.util.Arrays.toString(first)
                    + ", expected [dim, codes] (e.g. [256, 1024])");
        }
        int dim = (int) first[0];
        int size = (int) first[1];
        int levels = tensors.size();
        float[] all = new float[levels * size * dim];
        for (int k = 0; k < levels; k++) {
            ObjectCheckpoint.Floats t = tensors.get(k);
            if (!java.util.Arrays.equals(t.shape(), first)) {
                throw new IOException(ckpt.prefix() + ": codebook " + options.codebookPath(k) + " has shape " + java.util.Arrays.toString(t.shape())
                        + ", level 0 has " + java.util.Arrays.toString(first));
            }
            float[] v = t.values();
            for (int d = 0; d < dim; d++)
                for (int c = 0; c < size; c++) all[(k * size + c) * dim + d] = v[d * size + c];
        }
        return new ResidualQuantizer(levels, size, dim, all);
    }
}
