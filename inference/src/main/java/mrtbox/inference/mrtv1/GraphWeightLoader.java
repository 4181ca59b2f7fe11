package mrtbox.inference.mrtv1;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/** Assigns weight tensors to a {@link DepthformerGraph}'s variables in as few Session.runs as memory allows. */
final class GraphWeightLoader {
    /** Feeds up to this many bytes of weights per Session.run: each run costs an executor, each byte a copy. */
    private static final long BATCH_BYTES = 512L << 20;

    private final Session session;
    private final DepthformerGraph g;
    private final List<TFloat32> tensors = new ArrayList<>();
    private Session.Runner runner;
    private long bytes;

    GraphWeightLoader(Session session, DepthformerGraph g) {
        this.session = session;
        this.g = g;
        this.runner = session.runner();
    }

    void add(String name, long[] shape, FloatBuffer data) {
        TFloat32 t = TFloat32.tensorOf(Shape.of(shape), DataBuffers.of(data.duplicate()));
        tensors.add(t);
        runner.feed(g.weightFeeds.get(name), t).addTarget(g.weightAssigns.get(name));
        bytes += 4L * data.remaining();
        if (bytes >= BATCH_BYTES) flush();
    }

    void flush() {
        try {
            if (!tensors.isEmpty()) runner.run().close();
        } finally {
            tensors.forEach(TFloat32::close);
            tensors.clear();
            runner = session.runner();
            bytes = 0;
        }
    }
}
