package mrtbox.inference.mrtv1;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * In-graph sampling of one token from CFG-combined logits, in the reference order (t5x
 * {@code _temperature_sample_single_trial}): divide by max(temperature, 1e-4), keep the top k (ties may keep
 * more; k = 0 keeps all) by setting the rest to -1e7, then draw from the categorical distribution (Gumbel-max
 * with a stateless seeded uniform, so a seed reproduces a chunk). Temperature <= 1e-4 takes the argmax (first
 * index on ties). Optionally EOS (id 1) is excluded before anything else.
 */
final class Sampler {
    private final Ops tf;
    private final int width;
    private final Operand<TFloat32> eosBias;

    /**
     * @param width   logit vector width (29824 full vocabulary, 1024 for one level's slice)
     * @param hasEos  whether id 1 (EOS) is in this vector (not in a level slice)
     */
    Sampler(Ops tf, int width, boolean hasEos) {
        this.tf = tf;
        this.width = width;
        if (hasEos) {
            float[] bias = new float[width];
            bias[MrtV1Vocab.EOS] = -1e9f;
            eosBias = tf.constant(bias);
        } else {
            eosBias = null;
        }
    }

    Operand<TInt32> sample(Operand<TFloat32> logits, Operand<TFloat32> temperature, Operand<TInt32> topK, Operand<TBool> maskEos,
                           Operand<TInt64> seed) {
        Operand<TFloat32> l = logits;
        if (eosBias != null) l = tf.math.add(l, tf.math.mul(tf.dtypes.cast(maskEos, TFloat32.class), eosBias));
        Operand<TInt32> axis = tf.constant(0);
        Operand<TInt32> greedy = tf.math.argMax(l, axis, TInt32.class);
        Operand<TFloat32> scaled = tf.math.div(l, tf.math.maximum(temperature, tf.constant(1e-4f)));
        Operand<TInt32> w = tf.constant(width);
        Operand<TBool> greedyMode = tf.math.lessEqual(temperature, tf.constant(1e-4f));
        // greedy ignores k: keep the (unused) top-k cheap instead of sorting the whole vocabulary
        Operand<TInt32> k = tf.select(greedyMode, tf.constant(1),
                tf.select(tf.math.greater(topK, tf.constant(0)), tf.math.minimum(topK, w), w));
        Operand<TFloat32> kth = tf.gather(tf.nn.topK(scaled, k, TInt32.class).values(), tf.math.sub(k, tf.constant(1)), axis);
        Operand<TFloat32> floor = tf.math.add(tf.zerosLike(scaled), tf.constant(-1e7f));
        Operand<TFloat32> kept = tf.select(tf.math.greaterEqual(scaled, kth), scaled, floor);
        Operand<TFloat32> u = tf.math.maximum(tf.random.statelessRandomUniform(tf.constant(new int[] {width}), seed, TFloat32.class),
                tf.constant(Float.MIN_NORMAL));
        Operand<TFloat32> gumbel = tf.math.neg(tf.math.log(tf.math.neg(tf.math.log(u))));
        Operand<TInt32> drawn = tf.math.argMax(tf.math.add(kept, gumbel), axis, TInt32.class);
        return tf.select(greedyMode, greedy, drawn);
    }
}
