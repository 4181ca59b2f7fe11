package mrtbox.inference.weights;

import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * One weight tensor read from a checkpoint, converted to float32, row-major (C order) as stored in the release.
 *
 * @param name  the tensor's name in its file (for error messages)
 * @param shape dimensions, outermost first
 * @param data  exactly {@code product(shape)} floats, positioned at 0
 */
public record FloatTensor(String name, long[] shape, FloatBuffer data) {
    public FloatTensor {
        shape = shape.clone();
        long n = elementCount(shape);
        if (data.remaining() != n) {
            throw new IllegalArgumentException(name + ": " + data.remaining() + " values for shape " + Arrays.toString(shape));
        }
    }

    public static long elementCount(long[] shape) {
        long n = 1;
        for (long d : shape) n = Math.multiplyExact(n, d);
        return n;
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    public float[] toArray() {
        float[] out = new float[data.remaining()];
        data.duplicate().get(out);
        return out;
    }
}
