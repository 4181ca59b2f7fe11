package mrtbox.inference.codec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * Weights as graph variables, never graph constants: each gets a placeholder and an assign, and {@link #load} feeds
 * them all in one session run (a run per tensor would make TF build an executor per tensor, seconds each). Shared by
 * the codec's encoder and decoder graphs.
 */
final class GraphWeights {
    private final Map<String, Operand<TFloat32>> variables = new LinkedHashMap<>();
    private final Map<String, float[]> values;
    private final Map<String, long[]> shapes;
    private final List<Placeholder<TFloat32>> feeds = new ArrayList<>();
    private final List<Op> assigns = new ArrayList<>();

    /** Declares one variable per entry of {@code shapes}; {@code values} holds the row-major data to feed later. */
    GraphWeights(Ops tf, Map<String, float[]> values, Map<String, long[]> shapes) {
        this.values = values;
        this.shapes = shapes;
        for (Map.Entry<String, long[]> e : shapes.entrySet()) {
            Shape shape = Shape.of(e.getValue());
            Variable<TFloat32> v = tf.withName("w." + e.getKey().replace('/', '.')).variable(shape, TFloat32.class);
            Placeholder<TFloat32> p = tf.placeholder(TFloat32.class, Placeholder.shape(shape));
            assigns.add(tf.assign(v, p));
            feeds.add(p);
            variables.put(e.getKey(), v);
        }
    }

    Operand<TFloat32> get(String name) {
        Operand<TFloat32> v = variables.get(name);
        if (v == null) throw new IllegalStateException("no weight variable " + name);
        return v;
    }

    Operand<TFloat32> kernel(String path) {
        return get(path + "/conv/kernel");
    }

    Operand<TFloat32> bias(String path) {
        return get(path + "/conv/bias");
    }

    /** Feeds every weight in one run, together with {@code alsoRun} (e.g. state resets). */
    void load(Session session, Op... alsoRun) {
        List<TFloat32> tensors = new ArrayList<>();
        try {
            Session.Runner load = session.runner();
            int i = 0;
            for (Map.Entry<String, long[]> e : shapes.entrySet()) {
                TFloat32 t = TFloat32.tensorOf(Shape.of(e.getValue()), DataBuffers.of(values.get(e.getKey()), true, false));
                tensors.add(t);
                load.feed(feeds.get(i), t).addTarget(assigns.get(i));
                i++;
            }
            for (Op op : alsoRun) load.addTarget(op);
            load.run().close();
        } finally {
            tensors.forEach(TFloat32::close);
        }
    }

    // ---------------------------------------------------------------- layer pieces both graphs use

    /** A 1x1 conv with bias over NHWC {@code x}. */
    static Operand<TFloat32> conv1x1(Ops t, Operand<TFloat32> x, Operand<TFloat32> kernel, Operand<TFloat32> bias) {
        return t.nn.biasAdd(t.nn.conv2d(x, kernel, List.of(1L, 1L, 1L, 1L), "VALID"), bias);
    }

    /**
     * [1, T, F, G*C] -> [G, T, F, C]: SL's ParallelChannels splits the channels into G contiguous groups that share
     * one set of weights; making the groups the batch lets one conv serve them all.
     */
    static Operand<TFloat32> toGroups(Ops t, Operand<TFloat32> h, int f, int groups) {
        int ch = (int) h.shape().get(3);
        Operand<TFloat32> r = t.reshape(h, t.constant(new int[] {-1, f, groups, ch / groups}));
        return t.linalg.transpose(r, t.constant(new int[] {2, 0, 1, 3}));
    }

    /** [G, T, F, C] -> [T, F, G*C]: the groups concatenated in order (ParallelChannels CONCAT). */
    static Operand<TFloat32> fromGroups(Ops t, Operand<TFloat32> h, int f, int groups) {
        int ch = (int) h.shape().get(3);
        Operand<TFloat32> r = t.linalg.transpose(h, t.constant(new int[] {1, 2, 0, 3}));
        return t.reshape(r, t.constant(new int[] {-1, f, groups * ch}));
    }
}
