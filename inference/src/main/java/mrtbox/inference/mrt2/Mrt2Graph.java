package mrtbox.inference.mrt2;

import static mrtbox.inference.mrt2.Mrt2Vocab.CODEBOOK;
import static mrtbox.inference.mrt2.Mrt2Vocab.COND_SLOTS;
import static mrtbox.inference.mrt2.Mrt2Vocab.LEVELS;
import static mrtbox.inference.mrt2.Mrt2Vocab.STYLE_SLOTS;
import static mrtbox.inference.mrt2.Mrt2Vocab.VOCAB;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mrtbox.inference.tf.GraphMath;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.core.ReduceSum;
import org.tensorflow.op.train.BatchMatMul;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * The MRT2 Depthformer's per-frame step as one TensorFlow graph over ref-variable weights and state (spec
 * mrt2.md section 1.3): conditioning encoder on [B, 144] tokens, one temporal step (windowed self-attention and
 * streaming windowed cross-attention, each over a ring of W + 1 frames in place with scatterNdUpdate plus one learned
 * sink), then the 12 depth steps unrolled with a fresh cache (their keys live only inside the call), soft cap, CFG
 * over the batch rows, level slice, top-k and Gumbel-max sampling. One Session.run per frame.
 *
 * <p>B is 3 with true guidance (rows positive, style masked, notes masked, each with its own KV state) or 1 (scales
 * only as tokens). The ring holds W + 1 frames so that the current frame is written before it is read (the frame t
 * lives in slot t mod (W + 1); the other W slots hold t - W .. t - 1): attention over a set is order-free (NoPE).
 */
final class Mrt2Graph {
    final Mrt2Config c;
    final int batch;
    final int slots;
    private final Ops tf;

    final Map<String, Variable<TFloat32>> weights = new LinkedHashMap<>();
    final Map<String, Placeholder<TFloat32>> weightFeeds = new LinkedHashMap<>();
    final Map<String, Op> weightAssigns = new LinkedHashMap<>();
    /** Per-level slices of to_logits (kernel [d, 1024] and bias [1024]), derived in the graph after loading. */
    final List<Op> deriveLevelKernels = new ArrayList<>();
    private final List<Variable<TFloat32>> levelKernels = new ArrayList<>();
    private final List<Variable<TFloat32>> levelBiases = new ArrayList<>();

    /** The streaming state: per temporal layer self K, self V, cross K, cross V, each [B, H, W + 1, Dh]. */
    final List<Variable<TFloat32>> state = new ArrayList<>();
    final List<Placeholder<TFloat32>> stateFeeds = new ArrayList<>();
    final List<Op> stateAssigns = new ArrayList<>();
    final List<Op> stateResets = new ArrayList<>();

    // step inputs
    final Placeholder<TInt32> cond;        // [B, 144]
    final Placeholder<TInt32> prevIds;     // [12]
    final Placeholder<TInt32> frameIndex;  // scalar: frames stepped since reset
    final Placeholder<TFloat32> scales;    // [2]: style, notes (used only when B = 3)
    final Placeholder<TFloat32> temperature;
    final Placeholder<TInt32> topK;
    final Placeholder<TInt64> seed;        // [2]
    final Placeholder<TBool> force;
    final Placeholder<TInt32> forcedIds;   // [12]

    // step outputs
    final Operand<TFloat32> encoderOut;    // [B, dEnc]
    final Operand<TFloat32> temporalOut;   // [B, dT]
    final Operand<TInt32> ids;             // [12]
    final Operand<TFloat32> fullLogits;    // [12, VOCAB], CFG-combined, before the level mask (fetch only to inspect)

    // optional full masked forward pass (tests)
    final Placeholder<TInt32> fwdCond;     // [B, T, 144]
    final Placeholder<TInt32> fwdPrev;     // [T, 12]
    final Operand<TFloat32> fwdTemporal;   // [B, T, dT]

    Mrt2Graph(Graph g, Mrt2Config c, int batch, int forwardFrames) {
        if (batch != 1 && batch != 3) throw new IllegalArgumentException("batch must be 1 (tokens-only guidance) or 3 (true CFG), got " + batch);
        this.c = c;
        this.batch = batch;
        this.slots = c.window() + 1;
        this.tf = Ops.create(g);
        for (Mrt2Params.Param p : Mrt2Params.all(c)) weight(p.name(), p.shape());
        for (int q = 0; q < LEVELS; q++) {
            Variable<TFloat32> k = tf.variable(Shape.of(c.dDepth(), CODEBOOK), TFloat32.class);
            Variable<TFloat32> b = tf.variable(Shape.of(CODEBOOK), TFloat32.class);
            int first = Mrt2Vocab.audioId(q, 0);
            deriveLevelKernels.add(tf.assign(k, tf.slice(w(Mrt2Params.LOGITS_KERNEL), tf.constant(new int[] {0, first}), tf.constant(new int[] {c.dDepth(), CODEBOOK}))));
            deriveLevelKernels.add(tf.assign(b, tf.slice(w(Mrt2Params.LOGITS_BIAS), tf.constant(new int[] {first}), tf.constant(new int[] {CODEBOOK}))));
            levelKernels.add(k);
            levelBiases.add(b);
        }
        long[] ring = {batch, c.tHeads(), slots, c.tHeadDim()};
        for (int l = 0; l < c.tLayers(); l++) for (int i = 0; i < 4; i++) stateVariable(ring);

        cond = tf.placeholder(TInt32.class, Placeholder.shape(Shape.of(batch, COND_SLOTS)));
        prevIds = tf.placeholder(TInt32.class, Placeholder.shape(Shape.of(LEVELS)));
        frameIndex = tf.placeholder(TInt32.class, Placeholder.shape(Shape.scalar()));
        scales = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(2)));
        temperature = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
        topK = tf.placeholder(TInt32.class, Placeholder.shape(Shape.scalar()));
        seed = tf.placeholder(TInt64.class, Placeholder.shape(Shape.of(2)));
        force = tf.placeholder(TBool.class, Placeholder.shape(Shape.scalar()));
        forcedIds = tf.placeholder(TInt32.class, Placeholder.shape(Shape.of(LEVELS)));

        encoderOut = encoder(cond, batch);
        temporalOut = temporalStep(encoderOut);
        List<Operand<TInt32>> idList = new ArrayList<>();
        List<Operand<TFloat32>> logitList = new ArrayList<>();
        depthSteps(temporalOut, idList, logitList);
        ids = tf.stack(idList);
        fullLogits = tf.stack(logitList);

        if (forwardFrames > 0) {
            fwdCond = tf.placeholder(TInt32.class, Placeholder.shape(Shape.of(batch, forwardFrames, COND_SLOTS)));
            fwdPrev = tf.placeholder(TInt32.class, Placeholder.shape(Shape.of(forwardFrames, LEVELS)));
            fwdTemporal = temporalForward(forwardFrames);
        } else {
            fwdCond = null;
            fwdPrev = null;
            fwdTemporal = null;
        }
    }

    private void weight(String name, long[] shape) {
        Variable<TFloat32> v = tf.variable(Shape.of(shape), TFloat32.class);
        Placeholder<TFloat32> feed = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(shape)));
        weights.put(name, v);
        weightFeeds.put(name, feed);
        weightAssigns.put(name, tf.assign(v, feed));
    }

    private Variable<TFloat32> w(String name) {
        Variable<TFloat32> v = weights.get(name);
        if (v == null) throw new IllegalStateException("no weight " + name);
        return v;
    }

    private void stateVariable(long[] shape) {
        Variable<TFloat32> v = tf.variable(Shape.of(shape), TFloat32.class);
        Placeholder<TFloat32> feed = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(shape)));
        state.add(v);
        stateFeeds.add(feed);
        stateAssigns.add(tf.assign(v, feed));
        stateResets.add(tf.assign(v, tf.zeros(tf.constant(shape), TFloat32.class)));
    }

    // ------------------------------------------------------------------ encoder

    /** cond [n, 144] (or [n, T, 144]) -> LayerNorm(mean(style branch, regular branch)), shape cond.shape[:-1] + [dEnc]. */
    private Operand<TFloat32> encoder(Operand<TInt32> tokens, long rows) {
        Operand<TInt32> flat = tf.reshape(tokens, tf.constant(new long[] {rows, COND_SLOTS}));
        int[] styleOff = new int[STYLE_SLOTS];
        for (int k = 0; k < STYLE_SLOTS; k++) styleOff[k] = Mrt2Vocab.STYLE_LEVEL_VOCAB * k;
        Operand<TInt32> style = tf.math.add(tf.slice(flat, tf.constant(new int[] {0, 0}), tf.constant(new int[] {-1, STYLE_SLOTS})), tf.constant(styleOff));
        Operand<TFloat32> styleSum = tf.reduceSum(tf.gather(w(Mrt2Params.MULAN_EMBEDDING), style, tf.constant(0)), tf.constant(1));
        Operand<TFloat32> a = tf.linalg.matMul(styleSum, w(Mrt2Params.MULAN_ADAPTER));
        Operand<TInt32> regular = tf.math.add(tf.slice(flat, tf.constant(new int[] {0, STYLE_SLOTS}), tf.constant(new int[] {-1, -1})),
                tf.constant(Mrt2Vocab.regularOffsets()));
        Operand<TFloat32> b = tf.math.mean(tf.gather(w(Mrt2Params.REGULAR_EMBEDDING), regular, tf.constant(0)), tf.constant(1));
        Operand<TFloat32> e = GraphMath.layerNorm(tf, tf.math.mul(tf.math.add(a, b), tf.constant(0.5f)),
                w(Mrt2Params.ENCODER_LN_SCALE), w(Mrt2Params.ENCODER_LN_BIAS), Mrt2Config.NORM_EPS);
        return e;
    }

    // ------------------------------------------------------------------ attention pieces

    /** x [rows, in] times an attention kernel [in, H, Dh] -> [rows, H * Dh]. */
    private Operand<TFloat32> project(Operand<TFloat32> x, String kernel, long in, long width) {
        return tf.linalg.matMul(x, tf.reshape(w(kernel), tf.constant(new long[] {in, width})));
    }

    /** ctx [rows, H * Dh] through the output kernel [d, H, Dh]: out_d = sum ctx[n,h] K[d,n,h]. */
    private Operand<TFloat32> outProject(Operand<TFloat32> ctx, String kernel, long d, long width) {
        return tf.linalg.matMul(ctx, tf.reshape(w(kernel), tf.constant(new long[] {d, width})), org.tensorflow.op.linalg.MatMul.transposeB(true));
    }

    /** [n, L, H * Dh] -> [n, H, L, Dh]. */
    private Operand<TFloat32> heads(Operand<TFloat32> x, long n, long l, long h, long dh) {
        return tf.linalg.transpose(tf.reshape(x, tf.constant(new long[] {n, l, h, dh})), tf.constant(new int[] {0, 2, 1, 3}));
    }

    /** [n, H, L, Dh] -> [n * L, H * Dh]. */
    private Operand<TFloat32> merge(Operand<TFloat32> x, long n, long l, long width) {
        return tf.reshape(tf.linalg.transpose(x, tf.constant(new int[] {0, 2, 1, 3})), tf.constant(new long[] {n * l, width}));
    }

    /**
     * softmax over [sink?, keys] of q' k with q' = q (1.442695041 / sqrt(Dh)) softplus(pds); the sink's logit uses the
     * unscaled q. q [n, H, L, Dh], k and v [n, H, S, Dh], bias broadcastable to [n, H, L, S] or null.
     */
    private Operand<TFloat32> attend(Operand<TFloat32> q, Operand<TFloat32> k, Operand<TFloat32> v, Operand<TFloat32> bias, String attn,
                                     long h, long dh, boolean sink) {
        Operand<TFloat32> scale = tf.math.mul(tf.constant((float) (1.442695041 / Math.sqrt(dh))), tf.math.softplus(w(attn + "per_dim_scale")));
        Operand<TFloat32> qs = tf.math.mul(q, scale);
        Operand<TFloat32> scores = tf.train.batchMatMul(qs, k, TFloat32.class, BatchMatMul.adjY(true));
        if (bias != null) scores = tf.math.add(scores, bias);
        if (!sink) return tf.train.batchMatMul(tf.nn.softmax(scores), v, TFloat32.class);
        Operand<TFloat32> sinkK = tf.reshape(w(attn + "sink_key_embeddings"), tf.constant(new long[] {1, h, 1, dh}));
        Operand<TFloat32> sinkV = tf.reshape(w(attn + "sink_value_embeddings"), tf.constant(new long[] {1, h, 1, dh}));
        Operand<TFloat32> sinkLogit = tf.reduceSum(tf.math.mul(q, sinkK), tf.constant(-1), ReduceSum.keepDims(true));
        Operand<TFloat32> p = tf.nn.softmax(tf.concat(List.of(sinkLogit, scores), tf.constant(-1)));
        Operand<TFloat32> pSink = tf.slice(p, tf.constant(new int[] {0, 0, 0, 0}), tf.constant(new int[] {-1, -1, -1, 1}));
        Operand<TFloat32> pKeys = tf.slice(p, tf.constant(new int[] {0, 0, 0, 1}), tf.constant(new int[] {-1, -1, -1, -1}));
        return tf.math.add(tf.math.mul(pSink, sinkV), tf.train.batchMatMul(pKeys, v, TFloat32.class));
    }

    private Operand<TFloat32> ffn(Operand<TFloat32> x, String p, float eps) {
        Operand<TFloat32> n = GraphMath.rmsNorm(tf, x, w(p + "pre_norm/scale"), eps);
        Operand<TFloat32> hid = GraphMath.geluTanh(tf, tf.math.add(tf.linalg.matMul(n, w(p + "ffn_layer1/kernel")), w(p + "ffn_layer1/bias")));
        Operand<TFloat32> y = tf.math.add(tf.linalg.matMul(hid, w(p + "ffn_layer2/kernel")), w(p + "ffn_layer2/bias"));
        return tf.math.add(x, GraphMath.rmsNorm(tf, y, w(p + "post_norm/scale"), eps));
    }

    // ------------------------------------------------------------------ temporal step

    private Operand<TFloat32> temporalInput(Operand<TInt32> prev) {
        Operand<TFloat32> e = tf.math.mul(tf.gather(w(Mrt2Params.EMBEDDING), prev, tf.constant(0)), tf.constant((float) Math.sqrt(c.dTemporal())));
        return tf.math.mean(e, tf.constant(-2)); // [..., 12, d] -> [..., d]
    }

    /** One temporal step at {@link #frameIndex} for the encoder frame {@code enc} [B, dEnc]: output [B, dT]. */
    private Operand<TFloat32> temporalStep(Operand<TFloat32> enc) {
        long h = c.tHeads(), dh = c.tHeadDim(), d = c.dTemporal(), width = c.tWidth();
        float eps = Mrt2Config.NORM_EPS;
        Operand<TFloat32> x = tf.tile(tf.reshape(temporalInput(prevIds), tf.constant(new long[] {1, d})), tf.constant(new int[] {batch, 1}));
        Operand<TInt32> slot = tf.math.floorMod(frameIndex, tf.constant(slots));
        // slots 0..t are filled (all once t >= W): the rest get -1e9 (exp underflows to exactly 0)
        Operand<TBool> valid = tf.math.lessEqual(tf.range(tf.constant(0), tf.constant(slots), tf.constant(1)), frameIndex);
        Operand<TFloat32> bias = tf.reshape(tf.select(valid, tf.zeros(tf.constant(new int[] {slots}), TFloat32.class),
                tf.fill(tf.constant(new int[] {slots}), tf.constant(-1e9f))), tf.constant(new long[] {1, 1, 1, slots}));
        int[][] bh = new int[batch * (int) h][];
        for (int i = 0; i < bh.length; i++) bh[i] = new int[] {i / (int) h, i % (int) h};
        Operand<TInt32> at = tf.concat(List.of(tf.constant(bh), tf.fill(tf.constant(new int[] {bh.length, 1}), slot)), tf.constant(1));
        for (int l = 0; l < c.tLayers(); l++) {
            String sa = Mrt2Params.temporal(l, "self_attention/");
            Operand<TFloat32> n = GraphMath.rmsNorm(tf, x, w(sa + "pre_norm/scale"), eps);
            Operand<TFloat32> q = heads(project(n, sa + "attention/query_projection/kernel", d, width), batch, 1, h, dh);
            Operand<TFloat32> k = tf.scatterNdUpdate(state.get(4 * l), at, tf.reshape(project(n, sa + "attention/key_projection/kernel", d, width), tf.constant(new long[] {batch * h, dh})));
            Operand<TFloat32> v = tf.scatterNdUpdate(state.get(4 * l + 1), at, tf.reshape(project(n, sa + "attention/value_projection/kernel", d, width), tf.constant(new long[] {batch * h, dh})));
            Operand<TFloat32> ctx = merge(attend(q, k, v, bias, sa + "attention/", h, dh, true), batch, 1, width);
            x = tf.math.add(x, GraphMath.rmsNorm(tf, outProject(ctx, sa + "output_projection/kernel", d, width), w(sa + "post_norm/scale"), eps));

            String ca = Mrt2Params.temporal(l, "cross_attention/");
            Operand<TFloat32> nc = GraphMath.rmsNorm(tf, x, w(ca + "pre_norm/scale"), eps);
            Operand<TFloat32> qc = heads(project(nc, ca + "attention/query_projection/kernel", d, width), batch, 1, h, dh);
            Operand<TFloat32> kc = tf.scatterNdUpdate(state.get(4 * l + 2), at, tf.reshape(project(enc, ca + "attention/key_projection/kernel", c.dEncoder(), width), tf.constant(new long[] {batch * h, dh})));
            Operand<TFloat32> vc = tf.scatterNdUpdate(state.get(4 * l + 3), at, tf.reshape(project(enc, ca + "attention/value_projection/kernel", c.dEncoder(), width), tf.constant(new long[] {batch * h, dh})));
            Operand<TFloat32> cctx = merge(attend(qc, kc, vc, bias, ca + "attention/", h, dh, true), batch, 1, width);
            x = tf.math.add(x, GraphMath.rmsNorm(tf, outProject(cctx, ca + "output_projection/kernel", d, width), w(ca + "post_norm/scale"), eps));

            x = ffn(x, Mrt2Params.temporal(l, "ffn/"), eps);
        }
        return x; // no final norm
    }

    // ------------------------------------------------------------------ depth steps

    private Operand<TFloat32> adapt(Operand<TFloat32> x) {
        return c.hasDepthAdapter() ? tf.linalg.matMul(x, w(Mrt2Params.DEPTH_ADAPTER)) : x;
    }

    private Operand<TFloat32> softCap(Operand<TFloat32> l) {
        return tf.math.mul(tf.constant(Mrt2Config.SOFT_CAP), tf.math.tanh(tf.math.div(l, tf.constant(Mrt2Config.SOFT_CAP))));
    }

    /** l0 + s_style (l0 - l_style_masked) + s_notes (l0 - l_notes_masked), or l0 alone for B = 1. logits [B, n] -> [n]. */
    private Operand<TFloat32> guide(Operand<TFloat32> logits) {
        Operand<TFloat32> l0 = tf.gather(logits, tf.constant(0), tf.constant(0));
        if (batch == 1) return l0;
        Operand<TFloat32> l1 = tf.gather(logits, tf.constant(1), tf.constant(0));
        Operand<TFloat32> l2 = tf.gather(logits, tf.constant(2), tf.constant(0));
        Operand<TFloat32> s1 = tf.gather(scales, tf.constant(0), tf.constant(0));
        Operand<TFloat32> s2 = tf.gather(scales, tf.constant(1), tf.constant(0));
        return tf.math.add(tf.math.add(l0, tf.math.mul(s1, tf.math.sub(l0, l1))), tf.math.mul(s2, tf.math.sub(l0, l2)));
    }

    private void depthSteps(Operand<TFloat32> temporal, List<Operand<TInt32>> idsOut, List<Operand<TFloat32>> logitsOut) {
        long h = c.depthHeads(), dh = c.depthHeadDim(), d = c.dDepth(), width = c.depthWidth();
        float eps = Mrt2Config.NORM_EPS;
        List<List<Operand<TFloat32>>> keys = new ArrayList<>();
        List<List<Operand<TFloat32>>> values = new ArrayList<>();
        for (int l = 0; l < c.depthLayers(); l++) {
            keys.add(new ArrayList<>());
            values.add(new ArrayList<>());
        }
        Operand<TFloat32> x = adapt(temporal);
        Operand<TInt32> zero = tf.constant(0);
        for (int q = 0; q < LEVELS; q++) {
            Operand<TFloat32> hcur = x;
            for (int l = 0; l < c.depthLayers(); l++) {
                String sa = Mrt2Params.depth(l, "self_attention/");
                Operand<TFloat32> n = GraphMath.rmsNorm(tf, hcur, w(sa + "pre_norm/scale"), eps);
                Operand<TFloat32> qh = heads(project(n, sa + "attention/query_projection/kernel", d, width), batch, 1, h, dh);
                keys.get(l).add(heads(project(n, sa + "attention/key_projection/kernel", d, width), batch, 1, h, dh));
                values.get(l).add(heads(project(n, sa + "attention/value_projection/kernel", d, width), batch, 1, h, dh));
                Operand<TFloat32> k = q == 0 ? keys.get(l).get(0) : tf.concat(keys.get(l), tf.constant(2));
                Operand<TFloat32> v = q == 0 ? values.get(l).get(0) : tf.concat(values.get(l), tf.constant(2));
                Operand<TFloat32> ctx = merge(attend(qh, k, v, null, sa + "attention/", h, dh, false), batch, 1, width);
                hcur = tf.math.add(hcur, GraphMath.rmsNorm(tf, outProject(ctx, sa + "output_projection/kernel", d, width), w(sa + "post_norm/scale"), eps));
                hcur = ffn(hcur, Mrt2Params.depth(l, "ffn/"), eps);
            }
            Operand<TFloat32> normed = GraphMath.layerNorm(tf, hcur, w(Mrt2Params.FINAL_LN_SCALE), w(Mrt2Params.FINAL_LN_BIAS), eps);
            logitsOut.add(guide(softCap(tf.math.add(tf.linalg.matMul(normed, w(Mrt2Params.LOGITS_KERNEL)), w(Mrt2Params.LOGITS_BIAS)))));
            // sampling needs only this level's 1024 ids: every step before the level mask is elementwise per id
            Operand<TFloat32> level = guide(softCap(tf.math.add(tf.linalg.matMul(normed, levelKernels.get(q)), levelBiases.get(q))));
            Operand<TInt32> code = Mrt2Sampler.sample(tf, level, temperature, topK, tf.math.add(seed, tf.constant(new long[] {0, q})));
            Operand<TInt32> token = tf.math.add(code, tf.constant(Mrt2Vocab.audioId(q, 0)));
            token = tf.select(force, tf.gather(forcedIds, tf.constant(q), zero), token);
            idsOut.add(token);
            if (q + 1 < LEVELS) {
                Operand<TFloat32> e = tf.math.mul(tf.reshape(tf.gather(w(Mrt2Params.EMBEDDING), token, zero), tf.constant(new long[] {1, c.dTemporal()})),
                        tf.constant((float) Math.sqrt(c.dTemporal())));
                x = adapt(tf.tile(e, tf.constant(new int[] {batch, 1})));
            }
        }
    }

    // ------------------------------------------------------------------ full masked forward pass (tests)

    /**
     * The temporal stack over T frames at once, the training way: each query sees keys t - W .. t through a banded
     * causal mask, plus the sink. Given the per-frame conditioning [B, T, 144] and previous ids [T, 12]; returns [B, T, dT].
     */
    private Operand<TFloat32> temporalForward(int t) {
        long h = c.tHeads(), dh = c.tHeadDim(), d = c.dTemporal(), width = c.tWidth(), n = batch;
        float eps = Mrt2Config.NORM_EPS;
        Operand<TFloat32> enc = encoder(fwdCond, n * t); // [B*T, dEnc]
        Operand<TFloat32> x = tf.reshape(tf.tile(tf.reshape(temporalInput(fwdPrev), tf.constant(new long[] {1, t, d})), tf.constant(new int[] {batch, 1, 1})),
                tf.constant(new long[] {n * t, d}));
        float[][] band = new float[t][t];
        for (int i = 0; i < t; i++) for (int j = 0; j < t; j++) band[i][j] = (j <= i && j >= i - c.window()) ? 0f : -1e9f;
        Operand<TFloat32> bias = tf.reshape(tf.constant(band), tf.constant(new long[] {1, 1, t, t}));
        for (int l = 0; l < c.tLayers(); l++) {
            String sa = Mrt2Params.temporal(l, "self_attention/");
            Operand<TFloat32> nx = GraphMath.rmsNorm(tf, x, w(sa + "pre_norm/scale"), eps);
            Operand<TFloat32> q = heads(project(nx, sa + "attention/query_projection/kernel", d, width), n, t, h, dh);
            Operand<TFloat32> k = heads(project(nx, sa + "attention/key_projection/kernel", d, width), n, t, h, dh);
            Operand<TFloat32> v = heads(project(nx, sa + "attention/value_projection/kernel", d, width), n, t, h, dh);
            Operand<TFloat32> ctx = merge(attend(q, k, v, bias, sa + "attention/", h, dh, true), n, t, width);
            x = tf.math.add(x, GraphMath.rmsNorm(tf, outProject(ctx, sa + "output_projection/kernel", d, width), w(sa + "post_norm/scale"), eps));
            String ca = Mrt2Params.temporal(l, "cross_attention/");
            Operand<TFloat32> nc = GraphMath.rmsNorm(tf, x, w(ca + "pre_norm/scale"), eps);
            Operand<TFloat32> qc = heads(project(nc, ca + "attention/query_projection/kernel", d, width), n, t, h, dh);
            Operand<TFloat32> kc = heads(project(enc, ca + "attention/key_projection/kernel", c.dEncoder(), width), n, t, h, dh);
            Operand<TFloat32> vc = heads(project(enc, ca + "attention/value_projection/kernel", c.dEncoder(), width), n, t, h, dh);
            Operand<TFloat32> cctx = merge(attend(qc, kc, vc, bias, ca + "attention/", h, dh, true), n, t, width);
            x = tf.math.add(x, GraphMath.rmsNorm(tf, outProject(cctx, ca + "output_projection/kernel", d, width), w(ca + "post_norm/scale"), eps));
            x = ffn(x, Mrt2Params.temporal(l, "ffn/"), eps);
        }
        return tf.reshape(x, tf.constant(new long[] {n, t, d}));
    }
}
