package mrtbox.inference.tf;

import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.proto.ConfigProto;

/**
 * How every model opens a TensorFlow session. Measured on our 2-core boxes (docs/platform.md facts): pinning
 * intra-op threads to the core count and inter-op to 1 beats TF's defaults for per-frame decoding; XLA JIT is
 * slower, so it stays off.
 */
public final class TfSessions {
    private TfSessions() {}

    /** Threads for one op; {@code mrtbox.tf.threads} overrides the core count. */
    public static int intraOpThreads() {
        return Integer.getInteger("mrtbox.tf.threads", Runtime.getRuntime().availableProcessors());
    }

    public static ConfigProto config() {
        return config(intraOpThreads());
    }

    /** The same settings with {@code intraOpThreads} threads per op (e.g. 1 for a model that runs beside another). */
    public static ConfigProto config(int intraOpThreads) {
        if (intraOpThreads < 1) throw new IllegalArgumentException("intra-op threads must be positive, got " + intraOpThreads);
        return ConfigProto.newBuilder()
                .setIntraOpParallelismThreads(intraOpThreads)
                .setInterOpParallelismThreads(1)
                .setAllowSoftPlacement(true)
                .build();
    }

    public static Session open(Graph graph) {
        return new Session(graph, config());
    }

    public static Session open(Graph graph, int intraOpThreads) {
        return new Session(graph, config(intraOpThreads));
    }
}
