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
import org.tensorflow.types.TBfloat16;
import org.tensorflow.types.TFloat32;

/**
 * Weights as graph variables, never graph constants: each gets a placeholder and an assign, and {@link #load} feeds
 * them all in one session run (a run per tensor would make TF build an executor per tensor, seconds each). Shared by
 * the codec's encoder and decoder graphs.
 */
final class GraphWeights {
    private final Map<String, Operand<TFloat32>> variables = new LinkedHashMap<>();
    private final Map<String, Operand<TBfloat16>> bf16Variables = new LinkedHashMap<>();
    private final Map<String, float[]> values;
    private final Map<String, long[]> shapes;
    private final List<Placeholder<TFloat32>> feeds = new ArrayList<>();
    private final List<Op> assigns = new ArrayList<>();

    /** Declares one variable per entry of {@code shapes}; {@code values} holds the row-major data to feed later. */
    GraphWeights(Ops tf, Map<String, float[]> values, Map<String, long[]> shapes) {
        this(tf, values, shapes, java.util.Set.of());
    }

    /** As above; the weights named in {@code bf16} are stored as bf16 variables (rounded to nearest even once, at load). */
    GraphWeights(Ops tf, Map<String, float[]> values, Map<String, long[]> shapes, java.util.Set<String> bf16) {
        this.values = values;
        this.shapes = shapes;
        for (Map.Entry<String, long[]> e : shapes.entrySet()) {
            Shape shape = Shape.of(e.getValue());
            String name = "w." + e.getKey().replace('/', '.');
            Placeholder<TFloat32> p = tf.placeholder(TFloat32.class, Placeholder.shape(shape));
            if (bf16.contains(e.getKey())) {
                Variable<TBfloat16> v = tf.withName(name).variable(shape, TBfloat16.class);
                assigns.add(tf.assign(v, tf.dtypes.cast(p, TBfloat16.class)));
                bf16Variables.put(e.getKey(), v);
            } else {
                Variable<TFloat32> v = tf.withName(name).variable(shape, TFloat32.class);
                assigns.add(tf.assign(v, p));
                variables.put(e.getKey(), v);
            }
            feeds.add(p);
        }
    }

    /** A weight stored in bf16 (named in the constructor's {@code bf16} set). */
    Operand<TBfloat16> getBf16(String name) {
        Operand<TBfloat16> v = bf16Variables.get(name);
        if (v == null) throw new IllegalStateException("no bf16 weight variable " + name);
        return v;
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
