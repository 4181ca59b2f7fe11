package mrtbox.inference.mrtv1;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.train.BatchMatMul;
import org.tensorflow.types.TFloat32;
import mrtbox.inference.tf.GraphMath;

/**
 * The T5 building blocks with the reference's exact semantics (spec section 1.3): RMSNorm with eps inside the
 * rsqrt, attention with no 1/sqrt(head_dim) scaling and no biases, gated tanh-GELU MLP. Pure graph functions
 * of their inputs; the weights come in as operands.
 */
final class Blocks {
    private final Ops tf;
    private final MrtV1Config c;

    Blocks(Ops tf, MrtV1Config c) {
        this.tf = tf;
        this.c = c;
    }

    /** y = x * rsqrt(mean(x^2) + eps) * scale, over the last axis. */
    Operand<TFloat32> rmsNorm(Operand<TFloat32> x, Operand<TFloat32> scale) {
        return GraphMath.rmsNorm(tf, x, scale, c.layerNormEps());
    }

    /** x [..., in] times kernel [in, out], for 2-D x; higher ranks go through {@link #dense3}. */
    Operand<TFloat32> dense(Operand<TFloat32> x2d, Operand<TFloat32> kernel) {
        return tf.linalg.matMul(x2d, kernel);
    }

    /** x [N, L, in] times kernel [in, out] = [N, L, out]. */
    Operand<TFloat32> dense3(Operand<TFloat32> x, Operand<TFloat32> kernel, long n, long l, long out) {
        Operand<TFloat32> flat = tf.reshape(x, tf.constant(new long[] {n * l, -1}));
        return tf.reshape(tf.linalg.matMul(flat, kernel), tf.constant(new long[] {n, l, out}));
    }

    /** gelu_tanh(x) = 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))). */
    Operand<TFloat32> geluTanh(Operand<TFloat32> x) {
        return GraphMath.geluTanh(tf, x);
    }

    /** wo(gelu_tanh(x wi_0) * (x wi_1)) for 2-D x [rows, d]. */
    Operand<TFloat32> mlp(Operand<TFloat32> x2d, Operand<TFloat32> wi0, Operand<TFloat32> wi1, Operand<TFloat32> wo) {
        Operand<TFloat32> gate = geluTanh(tf.linalg.matMul(x2d, wi0));
        return tf.linalg.matMul(tf.math.mul(gate, tf.linalg.matMul(x2d, wi1)), wo);
    }

    /** [N, L, H*Dh] -> [N, H, L, Dh]. */
    Operand<TFloat32> splitHeads(Operand<TFloat32> x, long n, long l) {
        Operand<TFloat32> r = tf.reshape(x, tf.constant(new long[] {n, l, c.numHeads(), c.headDim()}));
        return tf.linalg.transpose(r, tf.constant(new int[] {0, 2, 1, 3}));
    }

    /** [N, H, L, Dh] -> [N*L, H*Dh]. */
    Operand<TFloat32> mergeHeads(Operand<TFloat32> x, long n, long l) {
        Operand<TFloat32> t = tf.linalg.transpose(x, tf.constant(new int[] {0, 2, 1, 3}));
        return tf.reshape(t, tf.constant(new long[] {n * l, c.attentionWidth()}));
    }

    /**
     * softmax(q k^T + bias) v, unscaled (T5). q [N,H,Lq,Dh], k and v [N,H,Lk,Dh], bias broadcastable to
     * [N,H,Lq,Lk] or null.
     */
    Operand<TFloat32> attend(Operand<TFloat32> q, Operand<TFloat32> k, Operand<TFloat32> v, Operand<TFloat32> bias) {
        Operand<TFloat32> scores = tf.train.batchMatMul(q, k, TFloat32.class, BatchMatMul.adjY(true));
        if (bias != null) scores = tf.math.add(scores, bias);
        Operand<TFloat32> p = tf.nn.softmax(scores);
        return tf.train.batchMatMul(p, v, TFloat32.class);
    }

    /**
     * The T5 relative-position bucket of a unidirectional distance {@code n = query - key} (flaxformer
     * {@code _relative_position_bucket}, bidirectional=False), computed in float32 like the reference.
     */
    static int bucket(int n, int numBuckets, int maxDistance) {
        if (n < 0) n = 0;
        int maxExact = numBuckets / 2;
        if (n < maxExact) return n;
        float ratio = (float) n / maxExact + Math.ulp(1f);
        float v = (float) Math.log(ratio) / (float) Math.log((double) maxDistance / maxExact) * (numBuckets - maxExact);
        return Math.min(maxExact + (int) v, numBuckets - 1);
    }

    /** The sinusoidal table of the encoder: sin in columns [0, d/2), cos in [d/2, d), computed in double. */
    static float[] sinusoidTable(int length, int d) {
        int half = d / 2;
        float[] pe = new float[length * d];
        for (int p = 0; p < length; p++) {
            for (int i = 0; i < half; i++) {
                double angle = p * Math.exp(-i * Math.log(10000.0) / (half - 1));
                pe[p * d + i] = (float) Math.sin(angle);
                pe[p * d + half + i] = (float) Math.cos(angle);
            }
        }
        return pe;
    }
}
