package mrtbox.inference.mrtv1;

import static mrtbox.inference.mrtv1.MrtV1Vocab.CHUNK_FRAMES;
import static mrtbox.inference.mrtv1.MrtV1Vocab.CODEBOOK;
import static mrtbox.inference.mrtv1.MrtV1Vocab.CODEC_OFFSET;
import static mrtbox.inference.mrtv1.MrtV1Vocab.DECODER_LENGTH;
import static mrtbox.inference.mrtv1.MrtV1Vocab.ENCODER_LENGTH;
import static mrtbox.inference.mrtv1.MrtV1Vocab.LEVELS;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.math.Mean;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * The Depthformer as one TensorFlow graph with three entry points over shared weight variables:
 * <ul>
 *   <li>encode: encoder ids [2, 1006] (row 0 conditional, row 1 style-masked) -> encoder output, and the
 *       cross-attention K/V of every temporal layer written into cache variables (once per chunk);</li>
 *   <li>frame: one temporal step at frame t (self-attention K/V cache updated in place with scatterNdUpdate,
 *       relative position bias, cross-attention to the cached K/V) followed by the 16 depth steps unrolled in the
 *       graph (depth K/V live only inside the call, so the depth cache is reset every frame by construction), each
 *       with final norm, untied logits, classifier-free guidance and sampling. One Session.run per frame.</li>
 *   <li>forward (optional, for tests): the teacher-forced full pass over 800 given tokens, computed the
 *       training way, to prove the incremental caches right.</li>
 * </ul>
 * Weights live in ref variables filled through placeholders (never graph constants). Batch is fixed at 2 (CFG).
 */
final class DepthformerGraph {
    static final int BATCH = 2;

    final MrtV1Config c;
    final boolean restrictToLevel;
    private final Ops tf;
    private final Blocks b;

    /** Checkpoint weights and derived tensors (sinusoid table, per-level logit kernels), by name. */
    final Map<String, Variable<TFloat32>> weights = new LinkedHashMap<>();
    final Map<String, Placeholder<TFloat32>> weightFeeds = new LinkedHashMap<>();
    final Map<String, Op> weightAssigns = new LinkedHashMap<>();
    static final String PE = "derived.sinusoid_table";
    static String levelKernel(int q) {
        return "derived.logits_level_" + q;
    }

    final List<Op> cacheResets = new ArrayList<>();

    // encode
    final Placeholder<TInt32> encIds;
    final Operand<TFloat32> encOut;
    final List<Op> encWrites = new ArrayList<>();

    // frame
    final Placeholder<TInt32> frameIndex;
    final Placeholder<TInt32> prevIds;
    final Placeholder<TInt32> forcedIds;
    final Placeholder<TBool> teacherForce;
    final Placeholder<TFloat32> guidance;
    final Placeholder<TFloat32> temperature;
    final Placeholder<TInt32> topK;
    final Placeholder<TBool> maskEos;
    final Placeholder<TInt64> seed;
    final Operand<TInt32> frameIds;
    final Operand<TFloat32> frameLogits;
    /** The temporal step's output alone (fetching it runs only the temporal stack: used by the benchmark). */
    final Operand<TFloat32> temporalOut;

    // forward (null unless built)
    final Placeholder<TInt32> fwdEncIds;
    final Placeholder<TInt32> fwdTokens;
    final Operand<TFloat32> fwdLogits;

    private final List<Variable<TFloat32>> selfK = new ArrayList<>();
    private final List<Variable<TFloat32>> selfV = new ArrayList<>();
    private final List<Variable<TFloat32>> crossK = new ArrayList<>();
    private final List<Variable<TFloat32>> crossV = new ArrayList<>();

    DepthformerGraph(Graph g, MrtV1Config c, boolean restrictToLevel, boolean withForward) {
        this(g, c, restrictToLevel, withForward, false);
    }

    /**
     * The encoder alone (for an engine that runs the decoder steps elsewhere): weights only for the embedding, the
     * encoder and the temporal layers' cross-attention key/value kernels; {@link #crossOut} instead of cache writes.
     */
    static DepthformerGraph encoderOnly(Graph g, MrtV1Config c) {
        return new DepthformerGraph(g, c, false, false, true);
    }

    /**
     * Encoder-only graphs: per temporal layer its cross-attention keys then values, each [2, H, Dh, 1006] (every
     * row and head's keys transposed: one contiguous run over the 1006 encoder positions per head dimension).
     */
    final List<Operand<TFloat32>> crossOut = new ArrayList<>();

    private DepthformerGraph(Graph g, MrtV1Config c, boolean restrictToLevel, boolean withForward, boolean encoderOnly) {
        this.c = c;
        this.restrictToLevel = restrictToLevel;
        this.tf = Ops.create(g);
        this.b = new Blocks(tf, c);
        for (DepthformerParams.Param p : DepthformerParams.all(c)) {
            if (!encoderOnly || DepthformerParams.isEncoderSide(p.name())) weight(p.name(), p.shape());
        }
        weight(PE, new long[] {ENCODER_LENGTH, c.dModel()});
        if (restrictToLevel) {
            for (int q = 0; q < LEVELS; q++) weight(levelKernel(q), new long[] {c.dModel(), CODEBOOK});
        }
        long h = c.numHeads(), dh = c.headDim();
        for (int l = 0; l < c.temporalLayers() && !encoderOnly; l++) {
            selfK.add(cache(new long[] {BATCH, h, CHUNK_FRAMES, dh}));
            selfV.add(cache(new long[] {BATCH, h, CHUNK_FRAMES, dh}));
            crossK.add(cache(new long[] {BATCH, h, ENCODER_LENGTH, dh}));
            crossV.add(cache(new long[] {BATCH, h, ENCODER_LENGTH, dh}));
        }

        // ---- encode
        encIds = tf.placeholder(TInt32.class, Placeholder.shape(Shape.of(BATCH, ENCODER_LENGTH)));
        encOut = encoder(encIds);
        for (int l = 0; l < c.temporalLayers(); l++) {
            if (encoderOnly) {
                for (String kernel : new String[] {"key.kernel", "value.kernel"}) {
                    Operand<TFloat32> p = b.dense3(encOut, w(DepthformerParams.temporal(l, "encoder_decoder_attention." + kernel)), BATCH, ENCODER_LENGTH, c.attentionWidth());
                    Operand<TFloat32> heads = tf.reshape(p, tf.constant(new long[] {BATCH, ENCODER_LENGTH, h, dh}));
                    crossOut.add(tf.linalg.transpose(heads, tf.constant(new int[] {0, 2, 3, 1})));
                }
            } else {
                encWrites.add(tf.assign(crossK.get(l), crossProjection(encOut, l, "key.kernel")));
                encWrites.add(tf.assign(crossV.get(l), crossProjection(encOut, l, "value.kernel")));
            }
        }

        if (encoderOnly) {
            frameIndex = null;
            prevIds = null;
            forcedIds = null;
            teacherForce = null;
            guidance = null;
            temperature = null;
            topK = null;
            maskEos = null;
            seed = null;
            temporalOut = null;
            frameIds = null;
            frameLogits = null;
            fwdEncIds = null;
            fwdTokens = null;
            fwdLogits = null;
            return;
        }

        // ---- frame
        frameIndex = tf.placeholder(TInt32.class, Placeholder.shape(Shape.scalar()));
        prevIds = tf.placeholder(TInt32.class, Placeholder.shape(Shape.of(LEVELS)));
        forcedIds = tf.placeholder(TInt32.class, Placeholder.shape(Shape.of(LEVELS)));
        teacherForce = tf.placeholder(TBool.class, Placeholder.shape(Shape.scalar()));
        guidance = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
        temperature = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
        topK = tf.placeholder(TInt32.class, Placeholder.shape(Shape.scalar()));
        maskEos = tf.placeholder(TBool.class, Placeholder.shape(Shape.scalar()));
        seed = tf.placeholder(TInt64.class, Placeholder.shape(Shape.of(2)));
        temporalOut = temporalStep();
        List<Operand<TInt32>> ids = new ArrayList<>();
        List<Operand<TFloat32>> logits = new ArrayList<>();
        depthSteps(temporalOut, ids, logits);
        frameIds = tf.stack(ids);
        frameLogits = tf.stack(logits);

        // ---- teacher-forced full pass
        if (withForward) {
            fwdEncIds = tf.placeholder(TInt32.class, Placeholder.shape(Shape.of(BATCH, ENCODER_LENGTH)));
            fwdTokens = tf.placeholder(TInt32.class, Placeholder.shape(Shape.of(DECODER_LENGTH)));
            fwdLogits = fullForward(encoder(fwdEncIds), fwdTokens);
        } else {
            fwdEncIds = null;
            fwdTokens = null;
            fwdLogits = null;
        }
    }

    private Variable<TFloat32> weight(String name, long[] shape) {
        Variable<TFloat32> v = tf.variable(Shape.of(shape), TFloat32.class);
        Placeholder<TFloat32> feed = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(shape)));
        weights.put(name, v);
        weightFeeds.put(name, feed);
        weightAssigns.put(name, tf.assign(v, feed));
        return v;
    }

    private Variable<TFloat32> w(String name) {
        Variable<TFloat32> v = weights.get(name);
        if (v == null) throw new IllegalStateException("no weight " + name);
        return v;
    }

    private Variable<TFloat32> cache(long[] shape) {
        Variable<TFloat32> v = tf.variable(Shape.of(shape), TFloat32.class);
        cacheResets.add(tf.assign(v, tf.zeros(tf.constant(shape), TFloat32.class)));
        return v;
    }

    // ------------------------------------------------------------------ encoder

    /** Token embedding + sinusoid table, pre-norm self-attention/MLP layers, final encoder_norm. */
    private Operand<TFloat32> encoder(Operand<TInt32> ids) {
        long n = BATCH, len = ENCODER_LENGTH, d = c.dModel();
        Operand<TFloat32> x = tf.math.add(tf.gather(w(DepthformerParams.EMBEDDING), ids, tf.constant(0)), w(PE));
        for (int l = 0; l < c.encoderLayers(); l++) {
            Operand<TFloat32> nx = b.rmsNorm(x, w(DepthformerParams.encoder(l, "pre_attention_layer_norm.scale")));
            Operand<TFloat32> q = b.splitHeads(b.dense3(nx, w(DepthformerParams.encoder(l, "attention.query.kernel")), n, len, c.attentionWidth()), n, len);
            Operand<TFloat32> k = b.splitHeads(b.dense3(nx, w(DepthformerParams.encoder(l, "attention.key.kernel")), n, len, c.attentionWidth()), n, len);
            Operand<TFloat32> v = b.splitHeads(b.dense3(nx, w(DepthformerParams.encoder(l, "attention.value.kernel")), n, len, c.attentionWidth()), n, len);
            Operand<TFloat32> att = b.dense(b.mergeHeads(b.attend(q, k, v, null), n, len), w(DepthformerParams.encoder(l, "attention.out.kernel")));
            x = tf.math.add(x, tf.reshape(att, tf.constant(new long[] {n, len, d})));
            Operand<TFloat32> nm = tf.reshape(b.rmsNorm(x, w(DepthformerParams.encoder(l, "pre_mlp_layer_norm.scale"))), tf.constant(new long[] {n * len, d}));
            Operand<TFloat32> m = b.mlp(nm, w(DepthformerParams.encoder(l, "mlp.wi_0.kernel")), w(DepthformerParams.encoder(l, "mlp.wi_1.kernel")),
                    w(DepthformerParams.encoder(l, "mlp.wo.kernel")));
            x = tf.math.add(x, tf.reshape(m, tf.constant(new long[] {n, len, d})));
        }
        return b.rmsNorm(x, w(DepthformerParams.ENCODER_NORM));
    }

    /** Encoder output [2, 1006, d] projected to one temporal layer's cross-attention keys or values [2, H, 1006, Dh]. */
    private Operand<TFloat32> crossProjection(Operand<TFloat32> enc, int layer, String kernel) {
        Operand<TFloat32> p = b.dense3(enc, w(DepthformerParams.temporal(layer, "encoder_decoder_attention." + kernel)), BATCH, ENCODER_LENGTH, c.attentionWidth());
        return b.splitHeads(p, BATCH, ENCODER_LENGTH);
    }

    // ------------------------------------------------------------------ temporal step

    /** One temporal step at frame {@link #frameIndex}: output [2, d], not normalised (the depth stack's input). */
    private Operand<TFloat32> temporalStep() {
        long d = c.dModel(), h = c.numHeads();
        // input: mean of the previous frame's 16 token embeddings (BOS 0 repeated at frame 0), same for both rows
        Operand<TFloat32> mean = tf.math.mean(tf.gather(w(DepthformerParams.EMBEDDING), prevIds, tf.constant(0)), tf.constant(0), Mean.keepDims(true));
        Operand<TFloat32> x = tf.tile(mean, tf.constant(new int[] {BATCH, 1}));
        // bias row for this frame: rel[:, bucket(t - k)] for k <= t, -1e9 beyond t
        Operand<TFloat32> bias = tf.reshape(tf.math.add(
                        tf.gather(w(DepthformerParams.TEMPORAL_REL), tf.gather(tf.constant(temporalBuckets()), frameIndex, tf.constant(0)), tf.constant(1)),
                        tf.gather(tf.constant(causalMask(CHUNK_FRAMES)), frameIndex, tf.constant(0))),
                tf.constant(new long[] {1, h, 1, CHUNK_FRAMES}));
        // scatter indices (b, h, t) for the new key/value of every row and head
        int[][] bh = new int[BATCH * (int) h][];
        for (int i = 0; i < bh.length; i++) bh[i] = new int[] {i / (int) h, i % (int) h};
        Operand<TInt32> slot = tf.concat(List.of(tf.constant(bh), tf.fill(tf.constant(new int[] {bh.length, 1}), frameIndex)), tf.constant(1));
        for (int l = 0; l < c.temporalLayers(); l++) {
            Operand<TFloat32> nx = b.rmsNorm(x, w(DepthformerParams.temporal(l, "pre_self_attention_layer_norm.scale")));
            Operand<TFloat32> q = b.splitHeads(b.dense(nx, w(DepthformerParams.temporal(l, "self_attention.query.kernel"))), BATCH, 1);
            Operand<TFloat32> kNew = tf.reshape(b.dense(nx, w(DepthformerParams.temporal(l, "self_attention.key.kernel"))), tf.constant(new long[] {BATCH * h, c.headDim()}));
            Operand<TFloat32> vNew = tf.reshape(b.dense(nx, w(DepthformerParams.temporal(l, "self_attention.value.kernel"))), tf.constant(new long[] {BATCH * h, c.headDim()}));
            Operand<TFloat32> k = tf.scatterNdUpdate(selfK.get(l), slot, kNew);
            Operand<TFloat32> v = tf.scatterNdUpdate(selfV.get(l), slot, vNew);
            Operand<TFloat32> att = b.dense(b.mergeHeads(b.attend(q, k, v, bias), BATCH, 1), w(DepthformerParams.temporal(l, "self_attention.out.kernel")));
            x = tf.math.add(x, att);

            Operand<TFloat32> nc = b.rmsNorm(x, w(DepthformerParams.temporal(l, "pre_cross_attention_layer_norm.scale")));
            Operand<TFloat32> qc = b.splitHeads(b.dense(nc, w(DepthformerParams.temporal(l, "encoder_decoder_attention.query.kernel"))), BATCH, 1);
            Operand<TFloat32> cross = b.dense(b.mergeHeads(b.attend(qc, crossK.get(l), crossV.get(l), null), BATCH, 1),
                    w(DepthformerParams.temporal(l, "encoder_decoder_attention.out.kernel")));
            x = tf.math.add(x, cross);

            Operand<TFloat32> nm = b.rmsNorm(x, w(DepthformerParams.temporal(l, "pre_mlp_layer_norm.scale")));
            x = tf.math.add(x, b.mlp(nm, w(DepthformerParams.temporal(l, "mlp.wi_0.kernel")), w(DepthformerParams.temporal(l, "mlp.wi_1.kernel")),
                    w(DepthformerParams.temporal(l, "mlp.wo.kernel"))));
        }
        return x;
    }

    // ------------------------------------------------------------------ depth steps

    /** The 16 depth steps of one frame, unrolled: each samples a token and feeds it to the next. */
    private void depthSteps(Operand<TFloat32> temporalOut, List<Operand<TInt32>> ids, List<Operand<TFloat32>> logitsOut) {
        List<List<Operand<TFloat32>>> keys = new ArrayList<>();
        List<List<Operand<TFloat32>>> values = new ArrayList<>();
        for (int l = 0; l < c.depthLayers(); l++) {
            keys.add(new ArrayList<>());
            values.add(new ArrayList<>());
        }
        Sampler sampler = new Sampler(tf, restrictToLevel ? CODEBOOK : c.vocabSize(), !restrictToLevel);
        Operand<TFloat32> x = temporalOut;
        for (int q = 0; q < LEVELS; q++) {
            int[] buckets = new int[q + 1];
            for (int k = 0; k <= q; k++) buckets[k] = Blocks.bucket(q - k, c.depthBuckets(), c.depthMaxDistance());
            Operand<TFloat32> bias = tf.reshape(tf.gather(w(DepthformerParams.DEPTH_REL), tf.constant(buckets), tf.constant(1)),
                    tf.constant(new long[] {1, c.numHeads(), 1, q + 1}));
            Operand<TFloat32> hcur = x;
            for (int l = 0; l < c.depthLayers(); l++) {
                Operand<TFloat32> nx = b.rmsNorm(hcur, w(DepthformerParams.depth(l, "pre_self_attention_layer_norm.scale")));
                Operand<TFloat32> qh = b.splitHeads(b.dense(nx, w(DepthformerParams.depth(l, "self_attention.query.kernel"))), BATCH, 1);
                keys.get(l).add(b.splitHeads(b.dense(nx, w(DepthformerParams.depth(l, "self_attention.key.kernel"))), BATCH, 1));
                values.get(l).add(b.splitHeads(b.dense(nx, w(DepthformerParams.depth(l, "self_attention.value.kernel"))), BATCH, 1));
                Operand<TFloat32> k = q == 0 ? keys.get(l).get(0) : tf.concat(keys.get(l), tf.constant(2));
                Operand<TFloat32> v = q == 0 ? values.get(l).get(0) : tf.concat(values.get(l), tf.constant(2));
                Operand<TFloat32> att = b.dense(b.mergeHeads(b.attend(qh, k, v, bias), BATCH, 1), w(DepthformerParams.depth(l, "self_attention.out.kernel")));
                hcur = tf.math.add(hcur, att);
                Operand<TFloat32> nm = b.rmsNorm(hcur, w(DepthformerParams.depth(l, "pre_mlp_layer_norm.scale")));
                hcur = tf.math.add(hcur, b.mlp(nm, w(DepthformerParams.depth(l, "mlp.wi_0.kernel")), w(DepthformerParams.depth(l, "mlp.wi_1.kernel")),
                        w(DepthformerParams.depth(l, "mlp.wo.kernel"))));
            }
            Operand<TFloat32> normed = b.rmsNorm(hcur, w(DepthformerParams.DECODER_NORM));
            Operand<TFloat32> logits = b.dense(normed, restrictToLevel ? w(levelKernel(q)) : w(DepthformerParams.LOGITS)); // [2, W]
            Operand<TFloat32> cond = tf.gather(logits, tf.constant(0), tf.constant(0));
            Operand<TFloat32> uncond = tf.gather(logits, tf.constant(1), tf.constant(0));
            // (1 + w) * cond - w * uncond on raw logits
            Operand<TFloat32> combined = tf.math.sub(tf.math.mul(tf.math.add(tf.constant(1f), guidance), cond), tf.math.mul(guidance, uncond));
            logitsOut.add(combined);
            Operand<TInt32> token = sampler.sample(combined, temperature, topK, maskEos, tf.math.add(seed, tf.constant(new long[] {0, q})));
            if (restrictToLevel) token = tf.math.add(token, tf.constant(CODEC_OFFSET + CODEBOOK * q));
            token = tf.select(teacherForce, tf.gather(forcedIds, tf.constant(q), tf.constant(0)), token);
            ids.add(token);
            if (q + 1 < LEVELS) {
                Operand<TFloat32> e = tf.reshape(tf.gather(w(DepthformerParams.EMBEDDING), token, tf.constant(0)), tf.constant(new long[] {1, c.dModel()}));
                x = tf.tile(e, tf.constant(new int[] {BATCH, 1}));
            }
        }
    }

    // ------------------------------------------------------------------ teacher-forced full pass

    /**
     * All 800 steps at once for given tokens (the training-time view): temporal inputs are the shifted per-frame
     * means, depth inputs are [temporal output, embeddings of levels 0..14]. Returns the CFG-combined logits
     * [800, V] with the current guidance weight.
     */
    private Operand<TFloat32> fullForward(Operand<TFloat32> enc, Operand<TInt32> tokens) {
        long d = c.dModel(), h = c.numHeads(), t = CHUNK_FRAMES, a = c.attentionWidth();
        Operand<TFloat32> emb = w(DepthformerParams.EMBEDDING);
        Operand<TFloat32> tokEmb = tf.gather(emb, tf.reshape(tokens, tf.constant(new long[] {t, LEVELS})), tf.constant(0)); // [50,16,d]
        Operand<TFloat32> frameMeans = tf.math.mean(tokEmb, tf.constant(1)); // [50, d]
        Operand<TFloat32> bos = tf.reshape(tf.gather(emb, tf.constant(0), tf.constant(0)), tf.constant(new long[] {1, d}));
        Operand<TFloat32> shifted = tf.concat(List.of(bos, tf.slice(frameMeans, tf.constant(new long[] {0, 0}), tf.constant(new long[] {t - 1, d}))), tf.constant(0));
        Operand<TFloat32> x = tf.tile(tf.reshape(shifted, tf.constant(new long[] {1, t, d})), tf.constant(new int[] {BATCH, 1, 1}));
        Operand<TFloat32> bias = tf.reshape(tf.math.add(
                        tf.gather(w(DepthformerParams.TEMPORAL_REL), tf.constant(temporalBuckets()), tf.constant(1)), tf.constant(causalMask(CHUNK_FRAMES))),
                tf.constant(new long[] {1, h, t, t}));
        for (int l = 0; l < c.temporalLayers(); l++) {
            Operand<TFloat32> nx = b.rmsNorm(x, w(DepthformerParams.temporal(l, "pre_self_attention_layer_norm.scale")));
            Operand<TFloat32> q = b.splitHeads(b.dense3(nx, w(DepthformerParams.temporal(l, "self_attention.query.kernel")), BATCH, t, a), BATCH, t);
            Operand<TFloat32> k = b.splitHeads(b.dense3(nx, w(DepthformerParams.temporal(l, "self_attention.key.kernel")), BATCH, t, a), BATCH, t);
            Operand<TFloat32> v = b.splitHeads(b.dense3(nx, w(DepthformerParams.temporal(l, "self_attention.value.kernel")), BATCH, t, a), BATCH, t);
            Operand<TFloat32> att = b.dense(b.mergeHeads(b.attend(q, k, v, bias), BATCH, t), w(DepthformerParams.temporal(l, "self_attention.out.kernel")));
            x = tf.math.add(x, tf.reshape(att, tf.constant(new long[] {BATCH, t, d})));
            Operand<TFloat32> nc = b.rmsNorm(x, w(DepthformerParams.temporal(l, "pre_cross_attention_layer_norm.scale")));
            Operand<TFloat32> qc = b.splitHeads(b.dense3(nc, w(DepthformerParams.temporal(l, "encoder_decoder_attention.query.kernel")), BATCH, t, a), BATCH, t);
            Operand<TFloat32> cross = b.dense(b.mergeHeads(b.attend(qc, crossProjection(enc, l, "key.kernel"), crossProjection(enc, l, "value.kernel"), null), BATCH, t),
                    w(DepthformerParams.temporal(l, "encoder_decoder_attention.out.kernel")));
            x = tf.math.add(x, tf.reshape(cross, tf.constant(new long[] {BATCH, t, d})));
            Operand<TFloat32> nm = tf.reshape(b.rmsNorm(x, w(DepthformerParams.temporal(l, "pre_mlp_layer_norm.scale"))), tf.constant(new long[] {BATCH * t, d}));
            Operand<TFloat32> m = b.mlp(nm, w(DepthformerParams.temporal(l, "mlp.wi_0.kernel")), w(DepthformerParams.temporal(l, "mlp.wi_1.kernel")),
                    w(DepthformerParams.temporal(l, "mlp.wo.kernel")));
            x = tf.math.add(x, tf.reshape(m, tf.constant(new long[] {BATCH, t, d})));
        }
        // depth: [2*50, 16, d] = [temporal output, embeddings of levels 0..14] per frame
        Operand<TFloat32> first = tf.reshape(x, tf.constant(new long[] {BATCH * t, 1, d}));
        Operand<TFloat32> prevLevels = tf.slice(tokEmb, tf.constant(new long[] {0, 0, 0}), tf.constant(new long[] {t, LEVELS - 1, d}));
        Operand<TFloat32> rest = tf.tile(prevLevels, tf.constant(new int[] {BATCH, 1, 1}));
        Operand<TFloat32> y = tf.concat(List.of(first, rest), tf.constant(1));
        long n = BATCH * t;
        int[][] depthBuckets = new int[LEVELS][LEVELS];
        for (int i = 0; i < LEVELS; i++) for (int j = 0; j < LEVELS; j++) depthBuckets[i][j] = Blocks.bucket(i - j, c.depthBuckets(), c.depthMaxDistance());
        Operand<TFloat32> dbias = tf.reshape(tf.math.add(
                        tf.gather(w(DepthformerParams.DEPTH_REL), tf.constant(depthBuckets), tf.constant(1)), tf.constant(causalMask(LEVELS))),
                tf.constant(new long[] {1, h, LEVELS, LEVELS}));
        for (int l = 0; l < c.depthLayers(); l++) {
            Operand<TFloat32> nx = b.rmsNorm(y, w(DepthformerParams.depth(l, "pre_self_attention_layer_norm.scale")));
            Operand<TFloat32> q = b.splitHeads(b.dense3(nx, w(DepthformerParams.depth(l, "self_attention.query.kernel")), n, LEVELS, a), n, LEVELS);
            Operand<TFloat32> k = b.splitHeads(b.dense3(nx, w(DepthformerParams.depth(l, "self_attention.key.kernel")), n, LEVELS, a), n, LEVELS);
            Operand<TFloat32> v = b.splitHeads(b.dense3(nx, w(DepthformerParams.depth(l, "self_attention.value.kernel")), n, LEVELS, a), n, LEVELS);
            Operand<TFloat32> att = b.dense(b.mergeHeads(b.attend(q, k, v, dbias), n, LEVELS), w(DepthformerParams.depth(l, "self_attention.out.kernel")));
            y = tf.math.add(y, tf.reshape(att, tf.constant(new long[] {n, LEVELS, d})));
            Operand<TFloat32> nm = tf.reshape(b.rmsNorm(y, w(DepthformerParams.depth(l, "pre_mlp_layer_norm.scale"))), tf.constant(new long[] {n * LEVELS, d}));
            Operand<TFloat32> m = b.mlp(nm, w(DepthformerParams.depth(l, "mlp.wi_0.kernel")), w(DepthformerParams.depth(l, "mlp.wi_1.kernel")),
                    w(DepthformerParams.depth(l, "mlp.wo.kernel")));
            y = tf.math.add(y, tf.reshape(m, tf.constant(new long[] {n, LEVELS, d})));
        }
        Operand<TFloat32> normed = tf.reshape(b.rmsNorm(y, w(DepthformerParams.DECODER_NORM)), tf.constant(new long[] {n * LEVELS, d}));
        Operand<TFloat32> logits = tf.reshape(b.dense(normed, w(DepthformerParams.LOGITS)), tf.constant(new long[] {BATCH, DECODER_LENGTH, c.vocabSize()}));
        Operand<TFloat32> cond = tf.gather(logits, tf.constant(0), tf.constant(0));
        Operand<TFloat32> uncond = tf.gather(logits, tf.constant(1), tf.constant(0));
        return tf.math.sub(tf.math.mul(tf.math.add(tf.constant(1f), guidance), cond), tf.math.mul(guidance, uncond));
    }

    /** bucket(q - k) for q, k in [0, 50). */
    private int[][] temporalBuckets() {
        int[][] t = new int[CHUNK_FRAMES][CHUNK_FRAMES];
        for (int i = 0; i < CHUNK_FRAMES; i++) for (int j = 0; j < CHUNK_FRAMES; j++) t[i][j] = Blocks.bucket(i - j, c.temporalBuckets(), c.temporalMaxDistance());
        return t;
    }

    /** 0 where key <= query, -1e9 where the key lies in the future. */
    private static float[][] causalMask(int n) {
        float[][] m = new float[n][n];
        for (int i = 0; i < n; i++) for (int j = i + 1; j < n; j++) m[i][j] = -1e9f;
        return m;
    }
}
