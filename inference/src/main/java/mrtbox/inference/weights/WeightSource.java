package mrtbox.inference.weights;

import java.io.IOException;
import java.util.Arrays;
import java.util.Set;

/**
 * A checkpoint the models read their weights from: safetensors files, a T5X checkpoint (directory or .tar), ...
 * Readers convert F32/F16/BF16 to float32 and say exactly what is wrong (which file, which tensor, expected vs
 * found) when a tensor is missing, truncated or mis-shaped.
 */
public interface WeightSource extends AutoCloseable {
    /** Where the weights come from, for messages ("/var/lib/mrtbox/models/x/decoder.safetensors"). */
    String location();

    Set<String> names();

    /** The stored shape of a tensor; throws {@link WeightException} naming the tensor when absent. */
    long[] shape(String name) throws IOException;

    /** The tensor's size as stored; formats that do not say are counted as float32. */
    default long storedBytes(String name) throws IOException {
        return 4 * FloatTensor.elementCount(shape(name));
    }

    /** Reads a tensor as float32, checking its stored shape first. */
    FloatTensor read(String name) throws IOException;

    /** Reads a tensor and checks it has exactly {@code expectedShape}. */
    default FloatTensor read(String name, long... expectedShape) throws IOException {
        long[] found = shape(name);
        if (!Arrays.equals(found, expectedShape)) {
            throw new WeightException(location() + ": tensor '" + name + "' has shape " + Arrays.toString(found)
                    + ", expected " + Arrays.toString(expectedShape));
        }
        return read(name);
    }

    @Override
    void close() throws IOException;
}
