package mrtbox.inference.codec;

import java.util.ArrayList;
import java.util.List;
import mrtbox.inference.tf.TfSessions;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * The f32 matmul peak (an n^3 MatMul over variables) at a given intra-op thread count, sampled as often as the caller
 * likes: samples taken between the steps of another measurement see the same load as it does on a shared box.
 */
final class MatmulProbe implements AutoCloseable {
    private final int n;
    private final Graph graph = new Graph();
    private final Session session;
    private final Operand<TFloat32> sum;
    private final List<Double> gflops = new ArrayList<>();

    MatmulProbe(int n, int intraOpThreads) {
        this.n = n;
        Ops tf = Ops.create(graph);
        Variable<TFloat32> a = tf.variable(tf.random.randomUniform(tf.constant(new long[] {n, n}), TFloat32.class));
        Variable<TFloat32> b = tf.variable(tf.random.randomUniform(tf.constant(new long[] {n, n}), TFloat32.class));
        sum = tf.sum(tf.linalg.matMul(a, b), tf.constant(new int[] {0, 1}));
        session = TfSessions.open(graph, intraOpThreads);
        session.initialize();
        session.runner().fetch(sum).run().close(); // warm-up: primitive creation
    }

    /** Times one matmul and keeps its GFLOP/s. */
    void sample() {
        long t0 = System.nanoTime();
        session.runner().fetch(sum).run().close();
        gflops.add(2.0 * n * n * n / ((System.nanoTime() - t0) / 1e9) / 1e9);
    }

    double medianGflops() {
        if (gflops.isEmpty()) throw new IllegalStateException("no matmul sample taken");
        double[] s = gflops.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return s[s.length / 2];
    }

    @Override
    public void close() {
        session.close();
        graph.close();
    }
}
