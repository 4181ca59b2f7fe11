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
 * and the bf16 kernel stores rows in interleaved blocks of four (one contiguous stream: see {@link Bf16}), so each
 * activation loaded from L1 serves four rows. Not thread-safe: one
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
    // the current call's operands, so the pool runs one preallocated task instead of a new lambda per call
    private final KernelPool.Range task = this::callRange;
    private float[] callX, callY;
    private int callBatch, callStride, callFirst;

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

    /** {@code w} stored in {@code precision} on a shared pool. */
    public static VectorMatVec of(Precision precision, float[] w, int rows, int cols, KernelPool pool) {
        return precision == Precision.BF16 ? bf16(w, rows, cols, pool) : f32(w, rows, cols, pool);
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

    /** x: [batch * cols]; y: [batch * rows]. */
    public void multiply(float[] x, int batch, float[] y) {
        if (batch < 1 || x.length < batch * cols || y.length < batch * rows) throw new IllegalArgumentException("x or y too short for batch " + batch);
        call(arrange(x, batch), batch, y, rows, 0);
        pool.run(rows, GRAIN, task);
    }

    /**
     * Only rows [first, last) of W x: y is [batch * (last - first)], row r of batch b at b (last - first) + r - first.
     * Reads only those rows' weights (MRT2 samples one level's 1024 logits out of 12,294).
     */
    public void multiplyRows(float[] x, int batch, float[] y, int first, int last) {
        int n = last - first;
        if (first < 0 || last > rows || n < 1) throw new IllegalArgumentException("rows [" + first + ", " + last + ") outside [0, " + rows + ")");
        if (batch < 1 || x.length < batch * cols || y.length < batch * n) throw new IllegalArgumentException("x or y too short for batch " + batch);
        call(arrange(x, batch), batch, y, n, first);
        pool.run(n, GRAIN, task);
    }

    private void call(float[] xs, int batch, float[] y, int stride, int first) {
        callX = xs;
        callBatch = batch;
        callY = y;
        callStride = stride;
        callFirst = first;
    }

    /** Rows [first + from, first + to) of the current call (the pool hands out [from, to) of its row count). */
    private void callRange(int from, int to) {
        rowsRange(callFirst + from, callFirst + to, callX, callBatch, callY, callStride, callFirst);
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
     * two f32 lanes, so the activations are split once per call into even and odd halves to match. Rows are stored in
     * blocks of four, interleaved vector by vector (row 0's first vector, row 1's, row 2's, row 3's, then each row's
     * second vector...), then the block's four scalar tails: a block is one contiguous stream, and so is the matrix.
     * Row by row, a 1024-wide bf16 row is a 2 KB stream, too short for the hardware prefetcher to get ahead of; this
     * layout is what lets short rows (most of an LLM's matrices) stream like long ones. Rows past the last full block
     * are stored plainly.
     */
    private static final class Bf16 extends VectorMatVec {
        private static final int BLOCK = 4;
        private final int[] packed;
        private final int half;
        private final int vec;
        private final int chunks;
        private final int tail;
        private final int blockRows;
        private float[] xs = new float[0];

        Bf16(int[] rowMajor, int rows, int cols, KernelPool pool, boolean owns) {
            super(rows, cols, pool, owns);
            this.half = cols / 2;
            this.vec = I.length();
            this.chunks = half / vec;
            this.tail = half % vec;
            this.blockRows = rows / BLOCK * BLOCK;
            this.packed = new int[rowMajor.length];
            for (int r = 0; r < rows; r++) for (int k = 0; k < half; k++) packed[index(r, k)] = rowMajor[r * half + k];
        }

        /** Where int k (0 <= k < cols / 2) of row r lives. */
        private int index(int r, int k) {
            if (r >= blockRows) return r * half + k;
            int base = r / BLOCK * BLOCK * half, j = r % BLOCK, c = k / vec;
            return c < chunks ? base + (c * BLOCK + j) * vec + k % vec : base + chunks * BLOCK * vec + j * tail + (k - chunks * vec);
        }

        @Override
        public long weightBytes() {
            return 2L * rows * cols;
        }


        /** Per batch row: cols/2 even elements, then cols/2 odd ones (into a buffer kept between calls). */
        @Override
        float[] arrange(float[] x, int batch) {
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
            while (r < to) {
                if (r % BLOCK == 0 && r + BLOCK <= Math.min(to, blockRows)) {
                    // two batch rows (MRT v1's guidance pair) in one pass: 8 accumulators, each weight load serving
                    // both; otherwise batch rows one after another: the block (4 rows, 8 KB at 1024 columns) is read
                    // from memory once and from L1 for the others. Measured slower at batch 3 (16384 x 1024, 2
                    // threads): one pass widening each weight vector once for all three rows, 2.56 ms against 2.21 ms
                    // for three passes (its accumulators chain two FMAs); one row at a time with six accumulators, 6.9 ms.
                    if (batch == 2) blockTwo(r, xs, y, r - offset, stride + r - offset);
                    else for (int b = 0; b < batch; b++) blockOne(r, xs, b, y, b * stride + r - offset);
                    r += BLOCK;
                } else {
                    for (int b = 0; b < batch; b++) y[b * stride + r - offset] = oneRow(r, xs, b);
                    r++;
                }
            }
        }

        /** A block of four rows against one batch row: each activation load serves the four. */
        private void blockOne(int r, float[] xs, int b, float[] y, int at) {
            int base = r * half, even = b * cols, odd = even + half, step = BLOCK * vec;
            FloatVector a0 = FloatVector.zero(F), a1 = a0, c0 = a0, c1 = a0, d0 = a0, d1 = a0, e0 = a0, e1 = a0;
            for (int c = 0, w = base, i = 0; c < chunks; c++, w += step, i += vec) {
                FloatVector xe = FloatVector.fromArray(F, xs, even + i), xo = FloatVector.fromArray(F, xs, odd + i);
                IntVector p = IntVector.fromArray(I, packed, w), q = IntVector.fromArray(I, packed, w + vec);
                IntVector u = IntVector.fromArray(I, packed, w + 2 * vec), v = IntVector.fromArray(I, packed, w + 3 * vec);
                a0 = lo(p).fma(xe, a0);
                a1 = hi(p).fma(xo, a1);
                c0 = lo(q).fma(xe, c0);
                c1 = hi(q).fma(xo, c1);
                d0 = lo(u).fma(xe, d0);
                d1 = hi(u).fma(xo, d1);
                e0 = lo(v).fma(xe, e0);
                e1 = hi(v).fma(xo, e1);
            }
            int t0 = base + chunks * step, k0 = chunks * vec;
            y[at] = a0.add(a1).reduceLanes(VectorOperators.ADD) + tailSum(t0, 0, xs, even, odd, k0);
            y[at + 1] = c0.add(c1).reduceLanes(VectorOperators.ADD) + tailSum(t0, 1, xs, even, odd, k0);
            y[at + 2] = d0.add(d1).reduceLanes(VectorOperators.ADD) + tailSum(t0, 2, xs, even, odd, k0);
            y[at + 3] = e0.add(e1).reduceLanes(VectorOperators.ADD) + tailSum(t0, 3, xs, even, odd, k0);
        }

        /**
         * A block of four rows against batch rows 0 and 1 at once (to y[at0 ..] and y[at1 ..]): each weight vector is
         * widened once for both; even and odd halves share an accumulator (8 live accumulators, not 16).
         */
        private void blockTwo(int r, float[] xs, float[] y, int at0, int at1) {
            int base = r * half, odd0 = half, even1 = cols, odd1 = cols + half, step = BLOCK * vec;
            FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0, b0 = a0, b1 = a0, b2 = a0, b3 = a0;
            for (int c = 0, w = base, i = 0; c < chunks; c++, w += step, i += vec) {
                FloatVector xe0 = FloatVector.fromArray(F, xs, i), xo0 = FloatVector.fromArray(F, xs, odd0 + i);
                FloatVector xe1 = FloatVector.fromArray(F, xs, even1 + i), xo1 = FloatVector.fromArray(F, xs, odd1 + i);
                IntVector p = IntVector.fromArray(I, packed, w);
                FloatVector lo = lo(p), hi = hi(p);
                a0 = hi.fma(xo0, lo.fma(xe0, a0));
                b0 = hi.fma(xo1, lo.fma(xe1, b0));
                p = IntVector.fromArray(I, packed, w + vec);
                lo = lo(p);
                hi = hi(p);
                a1 = hi.fma(xo0, lo.fma(xe0, a1));
                b1 = hi.fma(xo1, lo.fma(xe1, b1));
                p = IntVector.fromArray(I, packed, w + 2 * vec);
                lo = lo(p);
                hi = hi(p);
                a2 = hi.fma(xo0, lo.fma(xe0, a2));
                b2 = hi.fma(xo1, lo.fma(xe1, b2));
                p = IntVector.fromArray(I, packed, w + 3 * vec);
                lo = lo(p);
                hi = hi(p);
                a3 = hi.fma(xo0, lo.fma(xe0, a3));
                b3 = hi.fma(xo1, lo.fma(xe1, b3));
            }
            int t0 = base + chunks * step, k0 = chunks * vec;
            y[at0] = a0.reduceLanes(VectorOperators.ADD) + tailSum(t0, 0, xs, 0, odd0, k0);
            y[at0 + 1] = a1.reduceLanes(VectorOperators.ADD) + tailSum(t0, 1, xs, 0, odd0, k0);
            y[at0 + 2] = a2.reduceLanes(VectorOperators.ADD) + tailSum(t0, 2, xs, 0, odd0, k0);
            y[at0 + 3] = a3.reduceLanes(VectorOperators.ADD) + tailSum(t0, 3, xs, 0, odd0, k0);
            y[at1] = b0.reduceLanes(VectorOperators.ADD) + tailSum(t0, 0, xs, even1, odd1, k0);
            y[at1 + 1] = b1.reduceLanes(VectorOperators.ADD) + tailSum(t0, 1, xs, even1, odd1, k0);
            y[at1 + 2] = b2.reduceLanes(VectorOperators.ADD) + tailSum(t0, 2, xs, even1, odd1, k0);
            y[at1 + 3] = b3.reduceLanes(VectorOperators.ADD) + tailSum(t0, 3, xs, even1, odd1, k0);
        }

        /** Row j's scalar tail of the block whose tails start at t0, against activations (even, odd). */
        private float tailSum(int t0, int j, float[] xs, int even, int odd, int k0) {
            float sum = 0;
            for (int t = 0; t < tail; t++) sum += pair(packed[t0 + j * tail + t], xs[even + k0 + t], xs[odd + k0 + t]);
            return sum;
        }

        /** One row wherever it is stored (inside a block: its vectors are BLOCK vectors apart). */
        private float oneRow(int r, float[] xs, int b) {
            int start, step, tailStart;
            if (r >= blockRows) {
                start = r * half;
                step = vec;
                tailStart = start + chunks * vec;
            } else {
                int base = r / BLOCK * BLOCK * half, j = r % BLOCK;
                start = base + j * vec;
                step = BLOCK * vec;
                tailStart = base + chunks * BLOCK * vec + j * tail;
            }
            int even = b * cols, odd = even + half;
            FloatVector accEven = FloatVector.zero(F), accOdd = FloatVector.zero(F);
            for (int c = 0, w = start, i = 0; c < chunks; c++, w += step, i += vec) {
                IntVector pair = IntVector.fromArray(I, packed, w);
                accEven = lo(pair).fma(FloatVector.fromArray(F, xs, even + i), accEven);
                accOdd = hi(pair).fma(FloatVector.fromArray(F, xs, odd + i), accOdd);
            }
            float s = accEven.add(accOdd).reduceLanes(VectorOperators.ADD);
            int k0 = chunks * vec;
            for (int t = 0; t < tail; t++) s += pair(packed[tailStart + t], xs[even + k0 + t], xs[odd + k0 + t]);
            return s;
        }

        private static float pair(int p, float xe, float xo) {
            return Float.intBitsToFloat(p << 16) * xe + Float.intBitsToFloat(p & 0xFFFF0000) * xo;
        }

        private static FloatVector lo(IntVector pair) {
            return pair.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
        }

        private static FloatVector hi(IntVector pair) {
            return pair.and(0xFFFF0000).reinterpretAsFloats();
        }
    }
}
