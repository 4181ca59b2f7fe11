package mrtbox.inference.kernel;

/**
 * The two rearrangements a checkpoint's kernels need before {@link VectorMatVec} stores them: checkpoints keep a
 * dense layer as {@code [in][out]}, the kernels want rows of outputs {@code [out][in]}; and projections that read the
 * same input (query, key, value; a gated MLP's two halves) are stacked into one matrix so one pass serves them all.
 * Load-time only.
 */
public final class Layouts {
    private Layouts() {}

    /** a [rows][cols] -> [cols][rows]. */
    public static float[] transpose(float[] a, int rows, int cols) {
        if (a.length != rows * cols) throw new IllegalArgumentException("expected " + rows + " x " + cols + " values, got " + a.length);
        float[] t = new float[a.length];
        for (int r = 0; r < rows; r++) for (int k = 0; k < cols; k++) t[k * rows + r] = a[r * cols + k];
        return t;
    }

    /** The parts one after another (row-major matrices with the same column count stack into one). */
    public static float[] concat(float[]... parts) {
        int len = 0;
        for (float[] p : parts) len += p.length;
        float[] out = new float[len];
        int o = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, out, o, p.length);
            o += p.length;
        }
        return out;
    }
}
