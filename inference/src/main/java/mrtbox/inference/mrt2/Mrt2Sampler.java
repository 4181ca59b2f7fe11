package mrtbox.inference.mrt2;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * In-graph sampling of one level's code, in the reference order ({@code mlx/depthformer.py}
 * {@code _sample_categorical_with_temperature}), applied to the level's 1024 soft-capped, CFG-combined logits:
 * keep the logits >= the k-th largest (ties kept; the rest go to -0.7 f32max like the level mask), then
 * argmax(l + T * Gumbel). T = 0 is the plain argmax (first index on ties). The Gumbel noise is a stateless seeded
 * uniform, so a seed reproduces a stream (MLX's threefry keys cannot be matched bit for bit, and need not be).
 */
final class Mrt2Sampler {
    private Mrt2Sampler() {}

    static final float MASKED = -0.7f * Float.MAX_VALUE;

    /** logits [1024] -> code in [0, 1024). */
    static Operand<TInt32> sample(Ops tf, Operand<TFloat32> logits, Operand<TFloat32> temperature, Operand<TInt32> topK, Operand<TInt64> seed) {
        Operand<TInt32> axis = tf.constant(0);
        Operand<TInt32> greedy = tf.math.argMax(logits, axis, TInt32.class);
        Operand<TBool> greedyMode = tf.math.lessEqual(temperature, tf.constant(0f));
        Operand<TInt32> n = tf.constant(Mrt2Vocab.CODEBOOK);
        // k outside 1..1024 keeps everything; greedy mode ignores k, so keep its (unused) top-k cheap
        Operand<TInt32> k = tf.select(greedyMode, tf.constant(1),
                tf.select(tf.math.logicalAnd(tf.math.greater(topK, tf.constant(0)), tf.math.less(topK, n)), topK, n));
        Operand<TFloat32> kth = tf.gather(tf.nn.topK(logits, k, TInt32.class).values(), tf.math.sub(k, tf.constant(1)), axis);
        Operand<TFloat32> kept = tf.select(tf.math.greaterEqual(logits, kth), logits, tf.fill(tf.constant(new int[] {Mrt2Vocab.CODEBOOK}), tf.constant(MASKED)));
        Operand<TFloat32> u = tf.math.minimum(tf.math.maximum(
                        tf.random.statelessRandomUniform(tf.constant(new int[] {Mrt2Vocab.CODEBOOK}), seed, TFloat32.class), tf.constant(Float.MIN_NORMAL)),
                tf.constant(1f - 1e-7f));
        Operand<TFloat32> gumbel = tf.math.neg(tf.math.log(tf.math.neg(tf.math.log(u))));
        Operand<TInt32> drawn = tf.math.argMax(tf.math.add(kept, tf.math.mul(temperature, gumbel)), axis, TInt32.class);
        return tf.select(greedyMode, greedy, drawn);
    }
}
