package mrtbox.inference.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import mrtbox.inference.kernel.VectorMatVec;
import mrtbox.inference.tf.TfSessions;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TBfloat16;
import org.tensorflow.types.TFloat32;

/**
 * The machine's limits, measured in this JVM next to the models: the streaming bandwidth of a matrix-vector product
 * over a weight matrix far larger than the last-level cache (f32 and bf16 storage, batch 1 and 3, through TF Java's
 * MatMul and through the Vector API kernel {@link VectorMatVec}), and the f32 matmul peak through TF (the engine of
 * the codec). GB/s counts weight bytes only: the activations are a few KB.
 */
public final class MachineLimits {
    /** The weight matrix: 16384 x 8192 = 134 M parameters, 512 MB in f32, 256 MB in bf16 (LLC here: 32 MB). */
    public static final int ROWS = 16_384;
    public static final int COLS = 8_192;

    /** One engine x storage x batch x threads series. */
    public record MatVec(String engine, String storage, int batch, int threads, Samples ms, double gbps) {
        public String line() {
            return String.format(Locale.ROOT, "matvec %-10s %-4s batch %d threads %d | median %7.2f ms p99 %7.2f ms | %5.1f GB/s",
                    engine, storage, batch, threads, ms.medianMs(), ms.p99Ms(), gbps);
        }
    }

    /**
     * @param streamF32Gbps   best f32 batch-1 matrix-vector bandwidth over the engines: the limit of an f32 LLM step
     * @param streamBf16Gbps  best bf16 batch-1 bandwidth (bytes of bf16 weights per second)
     * @param matmulGflops    f32 1024^3 matmul through TF, best of 20 ({@link MatmulPeak})
     * @param matmulBf16Gflops the same with bf16 operands (the limit of a codec that computes in bf16)
     */
    public record Limits(List<MatVec> matVecs, double streamF32Gbps, double streamBf16Gbps, double matmulGflops, double matmulBf16Gflops) {
        public List<String> lines() {
            List<String> out = new ArrayList<>();
            matVecs.forEach(m -> out.add(m.line()));
            out.add(String.format(Locale.ROOT, "limits: stream f32 %.1f GB/s, stream bf16 %.1f GB/s (%.1f G params/s), TF f32 matmul peak %.1f GFLOP/s, bf16 %.1f GFLOP/s",
                    streamF32Gbps, streamBf16Gbps, streamBf16Gbps / 2, matmulGflops, matmulBf16Gflops));
            return out;
        }
    }

    private MachineLimits() {}

    /** Every series at batch 1 and 3 with all cores, plus the Vector API kernels on one thread (per-core scaling). */
    public static Limits measure(int reps) {
        int cores = Runtime.getRuntime().availableProcessors();
        List<MatVec> all = new ArrayList<>();
        for (boolean bf16 : new boolean[] {false, true}) {
            all.addAll(tfMatVec(bf16, reps));
        }
        float[] w = weights();
        try (VectorMatVec k = VectorMatVec.f32(w, ROWS, COLS, cores)) {
            all.addAll(timed("vector-api", "f32", k, cores, reps, 1, 3));
        }
        try (VectorMatVec k = VectorMatVec.bf16(w, ROWS, COLS, cores)) {
            w = null; // the f32 copy can go before the timed runs
            all.addAll(timed("vector-api", "bf16", k, cores, reps, 1, 3));
        }
        if (cores > 1) {
            try (VectorMatVec k = VectorMatVec.bf16(weights(), ROWS, COLS, 1)) {
                all.addAll(timed("vector-api", "bf16", k, 1, reps, 1));
            }
        }
        double f32 = best(all, "f32", cores), bf16 = best(all, "bf16", cores);
        return new Limits(all, f32, bf16, MatmulPeak.measure(TfSessions.intraOpThreads(), 20), MatmulPeak.measure(TfSessions.intraOpThreads(), 20, true));
    }

    private static double best(List<MatVec> all, String storage, int threads) {
        return all.stream().filter(m -> m.storage.equals(storage) && m.batch == 1 && m.threads == threads).mapToDouble(MatVec::gbps).max().orElse(Double.NaN);
    }

    /** Deterministic values in [-1, 1): the bandwidth does not depend on them, and filling stays fast. */
    private static float[] weights() {
        float[] w = new float[ROWS * COLS];
        for (int i = 0; i < w.length; i++) w[i] = ((i * 0x9E3779B1) >>> 8) * 0x1p-23f - 1f;
        return w;
    }

    private static List<MatVec> timed(String engine, String storage, VectorMatVec k, int threads, int reps, int... batches) {
        List<MatVec> out = new ArrayList<>();
        for (int batch : batches) {
            float[] x = new float[batch * COLS], y = new float[batch * ROWS];
            for (int i = 0; i < x.length; i++) x[i] = (i % 7) * 0.1f;
            List<Double> ms = new ArrayList<>();
            for (int r = -2; r < reps; r++) {
                long t0 = System.nanoTime();
                k.multiply(x, batch, y);
                if (r >= 0) ms.add((System.nanoTime() - t0) / 1e6);
            }
            Samples s = Samples.of(ms);
            out.add(new MatVec(engine, storage, batch, threads, s, k.weightBytes() / (s.medianMs() * 1e6)));
        }
        return out;
    }

    /** TF Java: x [batch, COLS] (f32, cast to bf16 for bf16 weights) times a [COLS, ROWS] weight variable. */
    private static List<MatVec> tfMatVec(boolean bf16, int reps) {
        List<MatVec> out = new ArrayList<>();
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            Operand<TFloat32> init = tf.random.randomUniform(tf.constant(new long[] {COLS, ROWS}), TFloat32.class);
            Placeholder<TFloat32> x = tf.placeholder(TFloat32.class);
            Operand<?> assign;
            Operand<TFloat32> y;
            if (bf16) {
                Variable<TBfloat16> w = tf.variable(Shape.of(COLS, ROWS), TBfloat16.class);
                assign = tf.assign(w, tf.dtypes.cast(init, TBfloat16.class));
                y = tf.dtypes.cast(tf.linalg.matMul(tf.dtypes.cast(x, TBfloat16.class), w), TFloat32.class);
            } else {
                Variable<TFloat32> w = tf.variable(Shape.of(COLS, ROWS), TFloat32.class);
                assign = tf.assign(w, init);
                y = tf.linalg.matMul(x, w);
            }
            int threads = TfSessions.intraOpThreads();
            try (Session s = TfSessions.open(g)) {
                s.runner().addTarget(assign).run().close();
                for (int batch : new int[] {1, 3}) {
                    float[] xs = new float[batch * COLS];
                    for (int i = 0; i < xs.length; i++) xs[i] = (i % 7) * 0.1f;
                    try (TFloat32 xt = TFloat32.tensorOf(Shape.of(batch, COLS), DataBuffers.of(xs, true, false))) {
                        List<Double> ms = new ArrayList<>();
                        for (int r = -2; r < reps; r++) {
                            long t0 = System.nanoTime();
                            try (Result res = s.runner().feed(x, xt).fetch(y).run()) {
                                res.size();
                            }
                            if (r >= 0) ms.add((System.nanoTime() - t0) / 1e6);
                        }
                        Samples sm = Samples.of(ms);
                        long bytes = (bf16 ? 2L : 4L) * ROWS * COLS;
                        out.add(new MatVec("tf-java", bf16 ? "bf16" : "f32", batch, threads, sm, bytes / (sm.medianMs() * 1e6)));
                    }
                }
            }
        }
        return out;
    }

}
