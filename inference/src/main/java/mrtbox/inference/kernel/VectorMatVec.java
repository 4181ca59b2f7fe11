package mrtbox.inference.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import mrtbox.inference.weights.HalfFloats;

/**
 * y[b] = W x[b] for a weight matrix W [rows][cols] and f32 activations x [batch][cols], accumulated in f32, in the
 * JDK Vector API (portable: AVX2/AVX-512 on x86-64, NEON/SVE on arm64, the species the JIT prefers). Every row is
 * read from memory once per call whatever the batch: the batch rows reuse it from L1. Rows are split over a fixed
 * pool of threads. Two storages: f32 ({@link #f32}) and bf16 ({@link #bf16}: half the bytes, widened in registers).
 */
public abstract class VectorMatVec implements AutoCloseable {
    static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;

    final int rows;
    final int cols;
    private final int threads;
    private final ExecutorService pool;

    VectorMatVec(int rows, int cols, int threads) {
        if (rows < 1 || cols < 2 || cols % 2 != 0) throw new IllegalArgumentException("need rows >= 1 and an even cols >= 2, got " + rows + " x " + cols);
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        this.rows = rows;
        this.cols = cols;
        this.threads = threads;
        this.pool = threads == 1 ? null : Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "matvec");
            t.setDaemon(true);
            return t;
        });
    }

    /** f32 storage of {@code w} ([rows * cols], row-major; kept, not copied). */
    public static VectorMatVec f32(float[] w, int rows, int cols, int threads) {
        return new F32(w, rows, cols, threads);
    }

    /** bf16 storage of {@code w} ([rows * cols], row-major), rounded to nearest even. */
    public static VectorMatVec bf16(float[] w, int rows, int cols, int threads) {
        int[] packed = new int[rows * (cols / 2)];
        for (int i = 0; i < packed.length; i++) {
            packed[i] = HalfFloats.floatToBf16(w[2 * i]) | HalfFloats.floatToBf16(w[2 * i + 1]) << 16;
        }
        return new Bf16(packed, rows, cols, threads);
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
        float[] xs = arrange(x, batch);
        if (pool == null) {
            rowsRange(0, rows, xs, batch, y);
            return;
        }
        List<Future<?>> parts = new ArrayList<>(threads);
        int per = (rows + threads - 1) / threads;
        for (int t = 0; t < threads; t++) {
            int from = Math.min(rows, t * per), to = Math.min(rows, from + per);
            parts.add(pool.submit(() -> rowsRange(from, to, xs, batch, y)));
        }
        try {
            for (Future<?> f : parts) f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during a matrix-vector product", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("matrix-vector product failed", e.getCause());
        }
    }

    /** The activations in the layout {@link #rowsRange} reads. */
    abstract float[] arrange(float[] x, int batch);

    abstract void rowsRange(int from, int to, float[] xs, int batch, float[] y);

    @Override
    public void close() {
        if (pool != null) pool.shutdownNow();
    }

    private static final class F32 extends VectorMatVec {
        private final float[] w;

        F32(float[] w, int rows, int cols, int threads) {
            super(rows, cols, threads);
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
        void rowsRange(int from, int to, float[] x, int batch, float[] y) {
            int upper = F.loopBound(cols);
            for (int r = from; r < to; r++) {
                int base = r * cols;
                for (int b = 0; b < batch; b++) {
                    int xb = b * cols;
                    FloatVector acc = FloatVector.zero(F);
                    int k = 0;
                    for (; k < upper; k += F.length()) {
                        acc = FloatVector.fromArray(F, w, base + k).fma(FloatVector.fromArray(F, x, xb + k), acc);
                    }
                    float s = acc.reduceLanes(VectorOperators.ADD);
                    for (; k < cols; k++) s += w[base + k] * x[xb + k];
                    y[b * rows + r] = s;
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

        Bf16(int[] packed, int rows, int cols, int threads) {
            super(rows, cols, threads);
            this.packed = packed;
        }

        @Override
        public long weightBytes() {
            return 2L * rows * cols;
        }

        /** Per batch row: cols/2 even elements, then cols/2 odd ones. */
        @Override
        float[] arrange(float[] x, int batch) {
            int half = cols / 2;
            float[] xs = new float[batch * cols];
            for (int b = 0; b < batch; b++) {
                for (int i = 0; i < half; i++) {
                    xs[b * cols + i] = x[b * cols + 2 * i];
                    xs[b * cols + half + i] = x[b * cols + 2 * i + 1];
                }
            }
            return xs;
        }

        @Override
        void rowsRange(int from, int to, float[] xs, int batch, float[] y) {
            int half = cols / 2;
            int upper = I.loopBound(half);
            for (int r = from; r < to; r++) {
                int base = r * half;
                for (int b = 0; b < batch; b++) {
                    int even = b * cols, odd = even + half;
                    FloatVector accEven = FloatVector.zero(F), accOdd = FloatVector.zero(F);
                    int i = 0;
                    for (; i < upper; i += I.length()) {
                        IntVector pair = IntVector.fromArray(I, packed, base + i);
                        FloatVector lo = pair.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
                        FloatVector hi = pair.and(0xFFFF0000).reinterpretAsFloats();
                        accEven = lo.fma(FloatVector.fromArray(F, xs, even + i), accEven);
                        accOdd = hi.fma(FloatVector.fromArray(F, xs, odd + i), accOdd);
                    }
                    float s = accEven.add(accOdd).reduceLanes(VectorOperators.ADD);
                    for (; i < half; i++) {
                        int p = packed[base + i];
                        s += Float.intBitsToFloat(p << 16) * xs[even + i] + Float.intBitsToFloat(p & 0xFFFF0000) * xs[odd + i];
                    }
                    y[b * rows + r] = s;
                }
            }
        }
    }
}
