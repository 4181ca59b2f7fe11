package mrtbox.inference.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import mrtbox.inference.weights.HalfFloats;

/**
 * y[b] = W x[b] for a weight matrix W [rows][cols] and f32 activations x [batch][cols], accumulated in f32, in the
 * JDK Vector API (portable: AVX2/AVX-512 on x86-64, NEON/SVE on arm64, the species the JIT prefers). Every row is
 * read from memory once per call whatever the batch: the batch rows reuse it from L1. Rows are split over a
 * {@link KernelPool}. Two storages: f32 ({@link #f32}) and bf16 ({@link #bf16}: half the bytes, widened in
 * registers). Each row keeps several independent accumulators (an FMA's latency, not memory, bounds a single chain),
 * and the bf16 kernel takes two rows at a time so the activations loaded from L1 serve both. Not thread-safe: one
 * caller at a time (the activations are rearranged into a buffer the matrix owns).
 */
public abstract class VectorMatVec implements AutoCloseable {
    static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;
    private static final int GRAIN = 8;

    final int rows;
    final int cols;
    private final KernelPool pool;
    private final boolean ownsPool;

    VectorMatVec(int rows, int cols, KernelPool pool, boolean ownsPool) {
        if (rows < 1 || cols < 2 || cols % 2 != 0) throw new IllegalArgumentException("need rows >= 1 and an even cols >= 2, got " + rows + " x " + cols);
        this.rows = rows;
        this.cols = cols;
        this.pool = pool;
        this.ownsPool = ownsPool;
    }

    /** f32 storage of {@code w} ([rows * cols], row-major; kept, not copied), on a pool of its own. */
    public static VectorMatVec f32(float[] w, int rows, int cols, int threads) {
        return new F32(w, rows, cols, KernelPool.of(threads), true);
    }

    /** f32 storage of {@code w} on a shared pool (closing the matrix leaves the pool open). */
    public static VectorMatVec f32(float[] w, int rows, int cols, KernelPool pool) {
        return new F32(w, rows, cols, pool, false);
    }

    /** bf16 storage of {@code w} ([rows * cols], row-major), rounded to nearest even, on a pool of its own. */
    public static VectorMatVec bf16(float[] w, int rows, int cols, int threads) {
        return new Bf16(pack(w, rows, cols), rows, cols, KernelPool.of(threads), true);
    }

    /** bf16 storage of {@code w} on a shared pool (closing the matrix leaves the pool open). */
    public static VectorMatVec bf16(float[] w, int rows, int cols, KernelPool pool) {
        return new Bf16(pack(w, rows, cols), rows, cols, pool, false);
    }

    private static int[] pack(float[] w, int rows, int cols) {
        if (w.length != rows * cols) throw new IllegalArgumentException("weights have " + w.length + " floats, expected " + rows * cols);
        if (cols % 2 != 0) throw new IllegalArgumentException("bf16 storage needs an even column count, got " + cols);
        int[] packed = new int[rows * (cols / 2)];
        for (int i = 0; i < packed.length; i++) {
            packed[i] = HalfFloats.floatToBf16(w[2 * i]) | HalfFloats.floatToBf16(w[2 * i + 1]) << 16;
        }
        return packed;
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    /** Bytes of weights one call reads. */
    public abstract long weightBytes();

    /** The weight at (r, c) as stored (bf16 storage returns the rounded value). */
    public abstract float get(int r, int c);

    /** x: [batch * cols]; y: [batch * rows]. */
    public void multiply(float[] x, int batch, float[] y) {
        if (batch < 1 || x.length < batch * cols || y.length < batch * rows) throw new IllegalArgumentException("x or y too short for batch " + batch);
        float[] xs = arrange(x, batch);
        pool.run(rows, GRAIN, (from, to) -> rowsRange(from, to, xs, batch, y, rows, 0));
    }

    /**
     * Only rows [first, last) of W x: y is [batch * (last - first)], row r of batch b at b (last - first) + r - first.
     * Reads only those rows' weights (MRT2 samples one level's 1024 logits out of 12,294).
     */
    public void multiplyRows(float[] x, int batch, float[] y, int first, int last) {
        int n = last - first;
        if (first < 0 || last > rows || n < 1) throw new IllegalArgumentException("rows [" + first + ", " + last + ") outside [0, " + rows + ")");
        if (batch < 1 || x.length < batch * cols || y.length < batch * n) throw new IllegalArgumentException("x or y too short for batch " + batch);
        float[] xs = arrange(x, batch);
        pool.run(n, GRAIN, (from, to) -> rowsRange(first + from, first + to, xs, batch, y, n, first));
    }

    /** The activations in the layout {@link #rowsRange} reads. */
    abstract float[] arrange(float[] x, int batch);

    /** Rows [from, to) for every batch row; row r of batch b goes to y[b * stride + r - offset]. */
    abstract void rowsRange(int from, int to, float[] xs, int batch, float[] y, int stride, int offset);

    @Override
    public void close() {
        if (ownsPool) pool.close();
    }

    private static final class F32 extends VectorMatVec {
        private final float[] w;

        F32(float[] w, int rows, int cols, KernelPool pool, boolean owns) {
            super(rows, cols, pool, owns);
            if (w.length != rows * cols) throw new IllegalArgumentException("weights have " + w.length + " floats, expected " + rows * cols);
            this.w = w;
        }

        @Override
        public long weightBytes() {
            return 4L * rows * cols;
        }

        @Override
        public float get(int r, int c) {
            return w[r * cols + c];
        }

        @Override
        float[] arrange(float[] x, int batch) {
            return x;
        }

        @Override
        void rowsRange(int from, int to, float[] x, int batch, float[] y, int stride, int offset) {
            int l = F.length(), upper4 = cols / (4 * l) * (4 * l), upper = F.loopBound(cols);
            for (int r = from; r < to; r++) {
                int base = r * cols;
                for (int b = 0; b < batch; b++) {
                    int xb = b * cols;
                    FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0;
                    int k = 0;
                    for (; k < upper4; k += 4 * l) {
                        a0 = FloatVector.fromArray(F, w, base + k).fma(FloatVector.fromArray(F, x, xb + k), a0);
                        a1 = FloatVector.fromArray(F, w, base + k + l).fma(FloatVector.fromArray(F, x, xb + k + l), a1);
                        a2 = FloatVector.fromArray(F, w, base + k + 2 * l).fma(FloatVector.fromArray(F, x, xb + k + 2 * l), a2);
                        a3 = FloatVector.fromArray(F, w, base + k + 3 * l).fma(FloatVector.fromArray(F, x, xb + k + 3 * l), a3);
                    }
                    for (; k < upper; k += l) a0 = FloatVector.fromArray(F, w, base + k).fma(FloatVector.fromArray(F, x, xb + k), a0);
                    float s = a0.add(a1).add(a2.add(a3)).reduceLanes(VectorOperators.ADD);
                    for (; k < cols; k++) s += w[base + k] * x[xb + k];
                    y[b * stride + r - offset] = s;
                }
            }
        }
    }

    /**
     * bf16 pairs packed in one int (element 2i in the low half, 2i + 1 in the high half): a shift or a mask makes the
     * two f32 lanes, so the activations are split once per call into even and odd halves to match.
     */
    private static final class Bf16 extends VectorMatVec {
        private final int[] packed;
        private float[] xs = new float[0];

        Bf16(int[] packed, int rows, int cols, KernelPool pool, boolean owns) {
            super(rows, cols, pool, owns);
            this.packed = packed;
        }

        @Override
        public long weightBytes() {
            return 2L * rows * cols;
        }

        @Override
        public float get(int r, int c) {
            int p = packed[r * (cols / 2) + c / 2];
            return Float.intBitsToFloat(c % 2 == 0 ? p << 16 : p & 0xFFFF0000);
        }

        /** Per batch row: cols/2 even elements, then cols/2 odd ones (into a buffer kept between calls). */
        @Override
        float[] arrange(float[] x, int batch) {
            int half = cols / 2;
            if (xs.length < batch * cols) xs = new float[batch * cols];
            for (int b = 0; b < batch; b++) {
                int o = b * cols;
                for (int i = 0; i < half; i++) {
                    xs[o + i] = x[o + 2 * i];
                    xs[o + half + i] = x[o + 2 * i + 1];
                }
            }
            return xs;
        }

        @Override
        void rowsRange(int from, int to, float[] xs, int batch, float[] y, int stride, int offset) {
            int r = from;
            for (; r + 1 < to; r += 2) {
                for (int b = 0; b < batch; b++) twoRows(r, xs, b, y, b * stride + r - offset);
            }
            for (; r < to; r++) {
                for (int b = 0; b < batch; b++) y[b * stride + r - offset] = oneRow(r, xs, b);
            }
        }

        private void twoRows(int r, float[] xs, int b, float[] y, int at) {
            int half = cols / 2, l = I.length(), upper2 = half / (2 * l) * (2 * l);
            int b0 = r * half, b1 = b0 + half, even = b * cols, odd = even + half;
            FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0, c0 = a0, c1 = a0, c2 = a0, c3 = a0;
            int i = 0;
            for (; i < upper2; i += 2 * l) {
                FloatVector xe0 = FloatVector.fromArray(F, xs, even + i), xo0 = FloatVector.fromArray(F, xs, odd + i);
                FloatVector xe1 = FloatVector.fromArray(F, xs, even + i + l), xo1 = FloatVector.fromArray(F, xs, odd + i + l);
                IntVector p0 = IntVector.fromArray(I, packed, b0 + i), p1 = IntVector.fromArray(I, packed, b0 + i + l);
                IntVector q0 = IntVector.fromArray(I, packed, b1 + i), q1 = IntVector.fromArray(I, packed, b1 + i + l);
                a0 = lo(p0).fma(xe0, a0);
                a1 = hi(p0).fma(xo0, a1);
                a2 = lo(p1).fma(xe1, a2);
                a3 = hi(p1).fma(xo1, a3);
                c0 = lo(q0).fma(xe0, c0);
                c1 = hi(q0).fma(xo0, c1);
                c2 = lo(q1).fma(xe1, c2);
                c3 = hi(q1).fma(xo1, c3);
            }
            float s0 = a0.add(a1).add(a2.add(a3)).reduceLanes(VectorOperators.ADD);
            float s1 = c0.add(c1).add(c2.add(c3)).reduceLanes(VectorOperators.ADD);
            for (; i < half; i++) {
                float xe = xs[even + i], xo = xs[odd + i];
                int p = packed[b0 + i], q = packed[b1 + i];
                s0 += Float.intBitsToFloat(p << 16) * xe + Float.intBitsToFloat(p & 0xFFFF0000) * xo;
                s1 += Float.intBitsToFloat(q << 16) * xe + Float.intBitsToFloat(q & 0xFFFF0000) * xo;
            }
            y[at] = s0;
            y[at + 1] = s1;
        }

        private float oneRow(int r, float[] xs, int b) {
            int half = cols / 2, upper = I.loopBound(half);
            int base = r * half, even = b * cols, odd = even + half;
            FloatVector accEven = FloatVector.zero(F), accOdd = FloatVector.zero(F);
            int i = 0;
            for (; i < upper; i += I.length()) {
                IntVector pair = IntVector.fromArray(I, packed, base + i);
                accEven = lo(pair).fma(FloatVector.fromArray(F, xs, even + i), accEven);
                accOdd = hi(pair).fma(FloatVector.fromArray(F, xs, odd + i), accOdd);
            }
            float s = accEven.add(accOdd).reduceLanes(VectorOperators.ADD);
            for (; i < half; i++) {
                int p = packed[base + i];
                s += Float.intBitsToFloat(p << 16) * xs[even + i] + Float.intBitsToFloat(p & 0xFFFF0000) * xs[odd + i];
            }
            return s;
        }

        private static FloatVector lo(IntVector pair) {
            return pair.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
        }

        private static FloatVector hi(IntVector pair) {
            return pair.and(0xFFFF0000).reinterpretAsFloats();
        }
    }
}
