package mrtbox.inference.bench;

import java.util.ArrayList;
import java.util.List;
import mrtbox.inference.tf.TfSessions;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TBfloat16;
import org.tensorflow.types.TFloat32;

/**
 * The f32 matmul peak, the one way every bench measures it: an n x n by n x n MatMul over variables in a TF session
 * at a given intra-op thread count (TF is the engine of the compute-bound parts: the codec, the MRT v1 encoder), and
 * the peak is the <b>best</b> sample, i.e. the most that engine reached in this run. Samples can be taken back to
 * back ({@link #measure}) or between the steps of another measurement, so that on a shared box they see its load.
 */
public final class MatmulPeak implements AutoCloseable {
    /** The matrix size every bench uses: 1024^3 (2.1 GFLOP per sample, a few ms on a CPU core). */
    public static final int N = 1024;

    private final int n;
    private final Graph graph = new Graph();
    private final Session session;
    private final Operand<TFloat32> sum;
    private final List<Double> gflops = new ArrayList<>();

    public MatmulPeak(int n, int intraOpThreads) {
        this(n, intraOpThreads, false);
    }

    /** {@code bf16}: both operands stored in bf16 (oneDNN's AVX-512 BF16 path where the CPU has one), f32 result. */
    public MatmulPeak(int n, int intraOpThreads, boolean bf16) {
        if (n < 1) throw new IllegalArgumentException("matrix size must be >= 1, got " + n);
        this.n = n;
        try {
            Ops tf = Ops.create(graph);
            Variable<TFloat32> a = tf.variable(tf.random.randomUniform(tf.constant(new long[] {n, n}), TFloat32.class));
            Variable<TFloat32> b = tf.variable(tf.random.randomUniform(tf.constant(new long[] {n, n}), TFloat32.class));
            if (bf16) {
                Variable<TBfloat16> a16 = tf.variable(tf.dtypes.cast(a, TBfloat16.class));
                Variable<TBfloat16> b16 = tf.variable(tf.dtypes.cast(b, TBfloat16.class));
                sum = tf.sum(tf.dtypes.cast(tf.linalg.matMul(a16, b16), TFloat32.class), tf.constant(new int[] {0, 1}));
            } else {
                sum = tf.sum(tf.linalg.matMul(a, b), tf.constant(new int[] {0, 1}));
            }
            session = TfSessions.open(graph, intraOpThreads);
            session.initialize();
            if (bf16) session.initialize(); // the bf16 copies read the f32 variables, set by the first pass
            session.runner().fetch(sum).run().close(); // warm-up: primitive creation, not counted
        } catch (RuntimeException e) {
            graph.close();
            throw e;
        }
    }

    /** The best of {@code reps} back-to-back samples at {@code intraOpThreads}. */
    public static double measure(int intraOpThreads, int reps) {
        return measure(intraOpThreads, reps, false);
    }

    /** {@link #measure(int, int)} with bf16 operands when {@code bf16}. */
    public static double measure(int intraOpThreads, int reps, boolean bf16) {
        try (MatmulPeak p = new MatmulPeak(N, intraOpThreads, bf16)) {
            for (int r = 0; r < reps; r++) p.sample();
            return p.gflops();
        }
    }

    /** Times one matmul and keeps its GFLOP/s. */
    public void sample() {
        long t0 = System.nanoTime();
        session.runner().fetch(sum).run().close();
        gflops.add(2.0 * n * n * n / ((System.nanoTime() - t0) / 1e9) / 1e9);
    }

    /** The peak: the best sample so far. */
    public double gflops() {
        if (gflops.isEmpty()) throw new IllegalStateException("no matmul sample taken");
        return gflops.stream().mapToDouble(Double::doubleValue).max().getAsDouble();
    }

    public int samples() {
        return gflops.size();
    }

    @Override
    public void close() {
        session.close();
        graph.close();
    }
}
