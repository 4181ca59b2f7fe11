package mrtbox.inference.tf;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.math.Mean;
import org.tensorflow.types.TFloat32;

/** Graph building blocks whose semantics are the same in every model: norms and the tanh GELU. */
public final class GraphMath {
    private GraphMath() {}

    /** y = x * rsqrt(mean(x^2) + eps) * scale over the last axis (plain multiplicative scale). */
    public static Operand<TFloat32> rmsNorm(Ops tf, Operand<TFloat32> x, Operand<TFloat32> scale, float eps) {
        Operand<TFloat32> ms = tf.math.mean(tf.math.square(x), tf.constant(-1), Mean.keepDims(true));
        return tf.math.mul(tf.math.mul(x, tf.math.rsqrt(tf.math.add(ms, tf.constant(eps)))), scale);
    }

    /** y = (x - mean) * rsqrt(var + eps) * scale + bias over the last axis. */
    public static Operand<TFloat32> layerNorm(Ops tf, Operand<TFloat32> x, Operand<TFloat32> scale, Operand<TFloat32> bias, float eps) {
        Operand<TFloat32> mean = tf.math.mean(x, tf.constant(-1), Mean.keepDims(true));
        Operand<TFloat32> centered = tf.math.sub(x, mean);
        Operand<TFloat32> var = tf.math.mean(tf.math.square(centered), tf.constant(-1), Mean.keepDims(true));
        return tf.math.add(tf.math.mul(tf.math.mul(centered, tf.math.rsqrt(tf.math.add(var, tf.constant(eps)))), scale), bias);
    }

    /** gelu_tanh(x) = 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))). */
    public static Operand<TFloat32> geluTanh(Ops tf, Operand<TFloat32> x) {
        Operand<TFloat32> cube = tf.math.mul(tf.math.mul(x, x), x);
        Operand<TFloat32> inner = tf.math.mul(tf.constant((float) Math.sqrt(2.0 / Math.PI)),
                tf.math.add(x, tf.math.mul(tf.constant(0.044715f), cube)));
        return tf.math.mul(tf.math.mul(tf.constant(0.5f), x), tf.math.add(tf.constant(1f), tf.math.tanh(inner)));
    }
}
