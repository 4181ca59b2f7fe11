package mrtbox.inference.mrt2;

import static mrtbox.inference.mrt2.Mrt2Vocab.CODEBOOK;
import static mrtbox.inference.mrt2.Mrt2Vocab.COND_SLOTS;
import static mrtbox.inference.mrt2.Mrt2Vocab.INPUT_SLOTS;
import static mrtbox.inference.mrt2.Mrt2Vocab.LEVELS;
import static mrtbox.inference.mrt2.Mrt2Vocab.STYLE_SLOTS;
import static mrtbox.inference.mrt2.Mrt2Vocab.VOCAB;

import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import mrtbox.inference.kernel.KernelPool;
import mrtbox.inference.kernel.Layouts;
import mrtbox.inference.kernel.Precision;
import mrtbox.inference.kernel.VectorMatVec;
import mrtbox.inference.kernel.VectorMath;
import mrtbox.inference.weights.WeightSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MRT2 Depthformer on the Java Vector API kernels ({@link Precision#BF16}, the playback engine): every
 * weight matrix stored once in bf16 and streamed by {@link VectorMatVec} (f32 activations and accumulation), the
 * batch rows of guidance sharing each weight read; norms, attention over the KV rings and sampling in plain Java on
 * the calling thread. Computes what {@link Mrt2GraphLlm} computes, in the same order (spec mrt2.md section 1.3),
 * with the same state layout, so the two differ only by the weights' rounding and f32 summation order. Per step
 * nothing is allocated: every activation buffer is sized at load.
 *
 * <p>Fusions that change no arithmetic: the self-attention query, key and value projections are one matrix (one
 * read of x, one pass of the pool), the cross-attention key and value one more; only the current level's 1024 logit
 * rows are computed (the full 12,294 only when a probe asks). A prefill step (forced ids) skips the depth steps: their
 * cache is fresh each frame, so with the ids given they change nothing.
 */
public final class Mrt2KernelLlm implements Mrt2Llm {
    private static final Logger log = LoggerFactory.getLogger(Mrt2KernelLlm.class);
    private static final float EPS = Mrt2Config.NORM_EPS;

    private final Mrt2Config c;
    private final int batch;
    private final boolean bf16;
    private final int slots;
    private final KernelPool pool;

    // weights: tables (gathered rows, never streamed) in f32, matrices in the kernels
    private final float[] mulanEmbedding, regularEmbedding, encLnScale, encLnBias, embedding;
    private final VectorMatVec mulanAdapter, depthAdapter, logits;
    private final float[] logitsBias, finalLnScale, finalLnBias;
    private final Layer[] temporal;
    private final Layer[] depth;
    private final int[] regularOffsets = Mrt2Vocab.regularOffsets();
    private final Map<String, long[]> shapes;

    // state
    private final float[][] selfK, selfV, crossK, crossV;   // per temporal layer [B][H][slots][Dh]
    private final int[] prev = new int[LEVELS];
    private int frame;

    // scratch, sized at load
    private final float[] enc, x, n, qkv, kvc, q, ctx, out, hid, styleSum, encPre;
    private final float[] dx, dn, dqkv, dctx, dout, dhid, dnormed, emb;
    private final float[][] depthK, depthV;                  // per depth layer [B][12][width]
    private final float[] scores, level, guided, qScaled, cappedStyle, cappedNotes;
    private final Mrt2JavaSampler sampler = new Mrt2JavaSampler();
    private long lastEncoderNanos, lastTemporalNanos;

    /** One transformer layer's matrices and vectors. */
    private record Layer(float[] preNorm, float[] postNorm, VectorMatVec qkv, float[] perDimScale, float[] sinkK, float[] sinkV, VectorMatVec out,
                         float[] crossPre, float[] crossPost, VectorMatVec crossQ, VectorMatVec crossKv, float[] crossScale, float[] crossSinkK,
                         float[] crossSinkV, VectorMatVec crossOut,
                         float[] ffnPre, float[] ffnPost, VectorMatVec ffn1, float[] ffn1Bias, VectorMatVec ffn2, float[] ffn2Bias) {}

    /** The thread count playback uses: every core ({@code -Dmrtbox.llm.threads} overrides). */
    public static int defaultThreads() {
        return Integer.getInteger("mrtbox.llm.threads", Runtime.getRuntime().availableProcessors());
    }

    /** bf16 weights on {@code threads} kernel threads. */
    public static Mrt2KernelLlm load(WeightSource weights, Mrt2Config config, boolean trueCfg, int threads) throws IOException {
        return load(weights, config, trueCfg, threads, true);
    }

    /** {@code bf16} false keeps f32 weights in the same kernels: the structural check against the TF graph. */
    static Mrt2KernelLlm load(WeightSource weights, Mrt2Config config, boolean trueCfg, int threads, boolean bf16) throws IOException {
        long t0 = System.nanoTime();
        KernelPool pool = KernelPool.of(threads);
        try {
            Mrt2KernelLlm llm = new Mrt2KernelLlm(weights, config, trueCfg ? 3 : 1, bf16, pool);
            log.info("MRT2 Depthformer ({}, Java kernels, {} threads) loaded from {}: {} ({} M parameters, batch {}) in {} ms", bf16 ? "bf16" : "f32",
                    threads, weights.location(), config.describe(), config.parameterCount() / 1_000_000, llm.batch, (System.nanoTime() - t0) / 1_000_000);
            Mrt2Llm.warnUnused(weights, config);
            return llm;
        } catch (IOException | RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    private Mrt2KernelLlm(WeightSource w, Mrt2Config c, int batch, boolean bf16, KernelPool pool) throws IOException {
        this.c = c;
        this.batch = batch;
        this.bf16 = bf16;
        this.slots = c.window() + 1;
        this.pool = pool;
        this.shapes = Mrt2Params.shapes(c);
        int dT = c.dTemporal(), dD = c.dDepth(), dE = c.dEncoder(), tw = c.tWidth(), dw = c.depthWidth();
        mulanEmbedding = read(w, Mrt2Params.MULAN_EMBEDDING);
        regularEmbedding = read(w, Mrt2Params.REGULAR_EMBEDDING);
        encLnScale = read(w, Mrt2Params.ENCODER_LN_SCALE);
        encLnBias = read(w, Mrt2Params.ENCODER_LN_BIAS);
        embedding = read(w, Mrt2Params.EMBEDDING);
        mulanAdapter = matrix(Layouts.transpose(read(w, Mrt2Params.MULAN_ADAPTER), c.styleDim(), dE), dE, c.styleDim());
        depthAdapter = c.hasDepthAdapter() ? matrix(Layouts.transpose(read(w, Mrt2Params.DEPTH_ADAPTER), dT, dD), dD, dT) : null;
        logits = matrix(Layouts.transpose(read(w, Mrt2Params.LOGITS_KERNEL), dD, VOCAB), VOCAB, dD);
        logitsBias = read(w, Mrt2Params.LOGITS_BIAS);
        finalLnScale = read(w, Mrt2Params.FINAL_LN_SCALE);
        finalLnBias = read(w, Mrt2Params.FINAL_LN_BIAS);
        temporal = new Layer[c.tLayers()];
        for (int l = 0; l < temporal.length; l++) {
            temporal[l] = layer(w, Mrt2Params.temporal(l, ""), dT, tw, c.tFfn(), dE, true);
        }
        depth = new Layer[c.depthLayers()];
        for (int l = 0; l < depth.length; l++) depth[l] = layer(w, Mrt2Params.depth(l, ""), dD, dw, c.depthFfn(), 0, false);

        int ring = c.tHeads() * slots * c.tHeadDim() * batch;
        selfK = new float[temporal.length][ring];
        selfV = new float[temporal.length][ring];
        crossK = new float[temporal.length][ring];
        crossV = new float[temporal.length][ring];

        enc = new float[batch * dE];
        encPre = new float[batch * dE];
        styleSum = new float[batch * c.styleDim()];
        x = new float[batch * dT];
        n = new float[batch * dT];
        qkv = new float[batch * 3 * tw];
        kvc = new float[batch * 2 * tw];
        q = new float[batch * tw];
        ctx = new float[batch * tw];
        out = new float[batch * dT];
        hid = new float[batch * Math.max(c.tFfn(), c.depthFfn())];
        dx = new float[batch * dD];
        dn = new float[batch * dD];
        dqkv = new float[batch * 3 * dw];
        dctx = new float[batch * dw];
        dout = new float[batch * dD];
        dhid = new float[batch * c.depthFfn()];
        dnormed = new float[batch * dD];
        emb = new float[batch * dT];
        depthK = new float[depth.length][batch * LEVELS * dw];
        depthV = new float[depth.length][batch * LEVELS * dw];
        scores = new float[Math.max(slots, LEVELS) + 1];
        level = new float[batch * VOCAB];
        guided = new float[VOCAB];
        qScaled = new float[Math.max(c.tHeadDim(), c.depthHeadDim())];
        cappedStyle = new float[batch == 3 ? VOCAB : 0];
        cappedNotes = new float[batch == 3 ? VOCAB : 0];
        reset();
    }

    private Layer layer(WeightSource w, String p, int d, int width, int ffn, int dEnc, boolean temporalLayer) throws IOException {
        String sa = p + "self_attention/", ca = p + "cross_attention/", ff = p + "ffn/";
        float[] wq = Layouts.transpose(read(w, sa + "attention/query_projection/kernel"), d, width);
        float[] wk = Layouts.transpose(read(w, sa + "attention/key_projection/kernel"), d, width);
        float[] wv = Layouts.transpose(read(w, sa + "attention/value_projection/kernel"), d, width);
        VectorMatVec qkvM = matrix(Layouts.concat(wq, wk, wv), 3 * width, d);
        VectorMatVec outM = matrix(read(w, sa + "output_projection/kernel"), d, width); // [d, H, Dh] is already [d][width]
        float[] sinkK = temporalLayer ? read(w, sa + "attention/sink_key_embeddings") : null;
        float[] sinkV = temporalLayer ? read(w, sa + "attention/sink_value_embeddings") : null;
        float[] crossPre = null, crossPost = null, crossScale = null, crossSinkK = null, crossSinkV = null;
        VectorMatVec crossQ = null, crossKv = null, crossOut = null;
        if (temporalLayer) {
            crossPre = read(w, ca + "pre_norm/scale");
            crossPost = read(w, ca + "post_norm/scale");
            crossQ = matrix(Layouts.transpose(read(w, ca + "attention/query_projection/kernel"), d, width), width, d);
            crossKv = matrix(Layouts.concat(Layouts.transpose(read(w, ca + "attention/key_projection/kernel"), dEnc, width),
                    Layouts.transpose(read(w, ca + "attention/value_projection/kernel"), dEnc, width)), 2 * width, dEnc);
            crossScale = queryScale(read(w, ca + "attention/per_dim_scale"));
            crossSinkK = read(w, ca + "attention/sink_key_embeddings");
            crossSinkV = read(w, ca + "attention/sink_value_embeddings");
            crossOut = matrix(read(w, ca + "output_projection/kernel"), d, width);
        }
        return new Layer(read(w, sa + "pre_norm/scale"), read(w, sa + "post_norm/scale"), qkvM, queryScale(read(w, sa + "attention/per_dim_scale")),
                sinkK, sinkV, outM, crossPre, crossPost, crossQ, crossKv, crossScale, crossSinkK, crossSinkV, crossOut,
                read(w, ff + "pre_norm/scale"), read(w, ff + "post_norm/scale"), matrix(Layouts.transpose(read(w, ff + "ffn_layer1/kernel"), d, ffn), ffn, d),
                read(w, ff + "ffn_layer1/bias"), matrix(Layouts.transpose(read(w, ff + "ffn_layer2/kernel"), ffn, d), d, ffn), read(w, ff + "ffn_layer2/bias"));
    }

    /** A tensor checked against the shape the config implies (the error names the file, tensor, expected and found). */
    private float[] read(WeightSource w, String name) throws IOException {
        long[] shape = shapes.get(name);
        if (shape == null) throw new IllegalStateException("no MRT2 tensor " + name);
        return w.read(name, shape).toArray();
    }

    private VectorMatVec matrix(float[] rowMajor, int rows, int cols) {
        return VectorMatVec.of(precision(), rowMajor, rows, cols, pool);
    }



    /** q' = q (1.442695041 / sqrt(Dh)) softplus(per_dim_scale), per unit of a head. */
    private static float[] queryScale(float[] perDim) {
        float[] s = new float[perDim.length];
        double base = 1.442695041 / Math.sqrt(perDim.length);
        for (int i = 0; i < s.length; i++) s[i] = (float) (base * softplus(perDim[i]));
        return s;
    }

    private static double softplus(double v) {
        return v > 20 ? v : Math.log1p(Math.exp(v));
    }

    @Override
    public Mrt2Config config() {
        return c;
    }

    @Override
    public int batch() {
        return batch;
    }

    @Override
    public Precision precision() {
        return bf16 ? Precision.BF16 : Precision.F32;
    }

    @Override
    public int frame() {
        return frame;
    }

    @Override
    public int[] previousIds() {
        return prev.clone();
    }

    /** Nanoseconds the last step spent in the conditioning encoder. */
    long lastEncoderNanos() {
        return lastEncoderNanos;
    }

    /** Nanoseconds the last step spent in the encoder and the temporal step (the rest was the depth steps). */
    long lastTemporalNanos() {
        return lastTemporalNanos;
    }

    @Override
    public void reset() {
        for (float[][] rings : new float[][][] {selfK, selfV, crossK, crossV}) for (float[] r : rings) Arrays.fill(r, 0f);
        Arrays.fill(prev, Mrt2Vocab.SOS);
        frame = 0;
    }

    @Override
    public void seedPrevious(int[] ids) {
        Mrt2Llm.checkIds(ids);
        System.arraycopy(ids, 0, prev, 0, LEVELS);
    }

    @Override
    public void step(int[][] cond, Mrt2Sampling s, long seed, int[] forced, int[] outIds, Probe probe) {
        if (cond.length != batch) throw new IllegalArgumentException("conditioning has " + cond.length + " rows, this model runs batch " + batch);
        for (int b = 0; b < batch; b++) Mrt2Llm.checkConditioning(cond[b], b);
        if (forced != null) Mrt2Llm.checkIds(forced);
        long t0 = System.nanoTime();
        encoder(cond, s.cfgTokens());
        lastEncoderNanos = System.nanoTime() - t0;
        if (probe != null && probe.encoder != null) System.arraycopy(enc, 0, probe.encoder, 0, enc.length);
        temporalStep();
        if (probe != null && probe.temporal != null) System.arraycopy(x, 0, probe.temporal, 0, x.length);
        lastTemporalNanos = System.nanoTime() - t0;
        boolean wantLogits = probe != null && probe.logits != null;
        if (forced != null && !wantLogits) {
            System.arraycopy(forced, 0, outIds, 0, LEVELS);
        } else {
            depthSteps(s, seed, forced, outIds, wantLogits ? probe.logits : null);
        }
        System.arraycopy(outIds, 0, prev, 0, LEVELS);
        frame++;
    }

    // ------------------------------------------------------------------ encoder

    private void encoder(int[][] cond, int[] cfg) {
        int sd = c.styleDim(), dE = c.dEncoder(), regular = COND_SLOTS - STYLE_SLOTS;
        Arrays.fill(styleSum, 0f);
        Arrays.fill(encPre, 0f);
        for (int b = 0; b < batch; b++) {
            for (int k = 0; k < STYLE_SLOTS; k++) {
                int row = (Mrt2Vocab.STYLE_LEVEL_VOCAB * k + cond[b][k]) * sd;
                for (int i = 0; i < sd; i++) styleSum[b * sd + i] += mulanEmbedding[row + i];
            }
            for (int k = 0; k < regular; k++) {
                int token = STYLE_SLOTS + k < INPUT_SLOTS ? cond[b][STYLE_SLOTS + k] : cfg[STYLE_SLOTS + k - INPUT_SLOTS];
                int row = (regularOffsets[k] + token) * dE;
                for (int i = 0; i < dE; i++) encPre[b * dE + i] += regularEmbedding[row + i];
            }
        }
        mulanAdapter.multiply(styleSum, batch, enc);
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < dE; i++) enc[b * dE + i] = (enc[b * dE + i] + encPre[b * dE + i] / regular) * 0.5f;
            layerNorm(enc, b * dE, dE, encLnScale, encLnBias, enc);
        }
    }

    // ------------------------------------------------------------------ temporal step

    private void temporalStep() {
        int d = c.dTemporal(), width = c.tWidth();
        float scale = (float) Math.sqrt(d);
        for (int i = 0; i < d; i++) {
            float sum = 0;
            for (int k = 0; k < LEVELS; k++) sum += embedding[prev[k] * d + i] * scale;
            x[i] = sum / LEVELS;
        }
        for (int b = 1; b < batch; b++) System.arraycopy(x, 0, x, b * d, d);
        int slot = frame % slots;
        int filled = Math.min(frame, slots - 1) + 1;  // slots 0..frame hold keys until the ring is full
        for (int l = 0; l < temporal.length; l++) {
            Layer L = temporal[l];
            rmsNormRows(x, d, L.preNorm, n);
            L.qkv.multiply(n, batch, qkv);
            for (int b = 0; b < batch; b++) {
                int o = b * 3 * width;
                writeRing(selfK[l], b, slot, qkv, o + width);
                writeRing(selfV[l], b, slot, qkv, o + 2 * width);
                System.arraycopy(qkv, o, q, b * width, width);
            }
            attendRing(q, selfK[l], selfV[l], filled, L.perDimScale, L.sinkK, L.sinkV);
            L.out.multiply(ctx, batch, out);
            addRmsNormed(x, out, d, L.postNorm);

            rmsNormRows(x, d, L.crossPre, n);
            L.crossQ.multiply(n, batch, q);
            L.crossKv.multiply(enc, batch, kvc);
            for (int b = 0; b < batch; b++) {
                writeRing(crossK[l], b, slot, kvc, b * 2 * width);
                writeRing(crossV[l], b, slot, kvc, b * 2 * width + width);
            }
            attendRing(q, crossK[l], crossV[l], filled, L.crossScale, L.crossSinkK, L.crossSinkV);
            L.crossOut.multiply(ctx, batch, out);
            addRmsNormed(x, out, d, L.crossPost);

            ffn(L, x, n, out, d, c.tFfn(), hid);
        }
    }

    /** Copies one row's [H * Dh] vector at {@code src[o..]} into ring slot {@code slot} of [B][H][slots][Dh]. */
    private void writeRing(float[] ring, int b, int slot, float[] src, int o) {
        int h = c.tHeads(), dh = c.tHeadDim();
        for (int head = 0; head < h; head++) System.arraycopy(src, o + head * dh, ring, ((b * h + head) * slots + slot) * dh, dh);
    }

    /**
     * ctx = softmax over [sink, the {@code filled} ring slots] of (q scale) k, the sink's logit with the unscaled q,
     * then the probability-weighted values plus the sink value. The slots past {@code filled} are empty: the graph
     * gives them -1e9, whose exp is exactly 0, so leaving them out is the same sum.
     */
    private void attendRing(float[] qAll, float[] ringK, float[] ringV, int filled, float[] qScale, float[] sinkK, float[] sinkV) {
        int h = c.tHeads(), dh = c.tHeadDim(), width = c.tWidth();
        for (int b = 0; b < batch; b++) {
            for (int head = 0; head < h; head++) {
                int qo = b * width + head * dh, ro = (b * h + head) * slots * dh, so = head * dh;
                float sink = VectorMath.dot(qAll, qo, sinkK, so, dh);
                for (int j = 0; j < dh; j++) qScaled[j] = qAll[qo + j] * qScale[j];
                float max = sink;
                for (int t = 0; t < filled; t++) {
                    float sc = VectorMath.dot(qScaled, 0, ringK, ro + t * dh, dh);
                    scores[t] = sc;
                    if (sc > max) max = sc;
                }
                float pSink = (float) Math.exp(sink - max), total = pSink;
                for (int t = 0; t < filled; t++) {
                    scores[t] = (float) Math.exp(scores[t] - max);
                    total += scores[t];
                }
                float inv = 1f / total;
                for (int j = 0; j < dh; j++) ctx[qo + j] = pSink * inv * sinkV[so + j];
                for (int t = 0; t < filled; t++) VectorMath.addScaled(ctx, qo, scores[t] * inv, ringV, ro + t * dh, dh);
            }
        }
    }

    // ------------------------------------------------------------------ depth steps

    private void depthSteps(Mrt2Sampling s, long seed, int[] forced, int[] outIds, float[] probeLogits) {
        int dD = c.dDepth(), dT = c.dTemporal();
        adapt(x, dx);
        for (int qLevel = 0; qLevel < LEVELS; qLevel++) {
            for (int l = 0; l < depth.length; l++) depthLayer(l, qLevel);
            for (int b = 0; b < batch; b++) layerNorm(dx, b * dD, dD, finalLnScale, finalLnBias, dnormed);
            int first = Mrt2Vocab.audioId(qLevel, 0);
            if (probeLogits != null) {
                logits.multiply(dnormed, batch, level);
                guide(level, VOCAB, 0, logitsBias, 0, probeLogits, qLevel * VOCAB, VOCAB, s);
                System.arraycopy(probeLogits, qLevel * VOCAB + first, guided, 0, CODEBOOK);
            } else {
                logits.multiplyRows(dnormed, batch, level, first, first + CODEBOOK);
                guide(level, CODEBOOK, 0, logitsBias, first, guided, 0, CODEBOOK, s);
            }
            int code = sampler.sample(guided, s.temperature(), s.topK(), seed, (long) frame * LEVELS + qLevel);
            int token = forced != null ? forced[qLevel] : code + first;
            outIds[qLevel] = token;
            if (qLevel + 1 < LEVELS) {
                float scale = (float) Math.sqrt(dT);
                for (int i = 0; i < dT; i++) emb[i] = embedding[token * dT + i] * scale;
                for (int b = 1; b < batch; b++) System.arraycopy(emb, 0, emb, b * dT, dT);
                adapt(emb, dx);
            }
        }
    }

    /** One depth layer at level {@code qLevel}: self-attention over this frame's levels 0..qLevel, then the FFN. */
    private void depthLayer(int l, int qLevel) {
        Layer L = depth[l];
        int d = c.dDepth(), h = c.depthHeads(), dh = c.depthHeadDim(), width = c.depthWidth();
        rmsNormRows(dx, d, L.preNorm, dn);
        L.qkv.multiply(dn, batch, dqkv);
        float[] ks = depthK[l], vs = depthV[l];
        for (int b = 0; b < batch; b++) {
            int o = b * 3 * width, co = (b * LEVELS + qLevel) * width;
            System.arraycopy(dqkv, o + width, ks, co, width);
            System.arraycopy(dqkv, o + 2 * width, vs, co, width);
            for (int head = 0; head < h; head++) {
                int qo = o + head * dh;
                for (int j = 0; j < dh; j++) qScaled[j] = dqkv[qo + j] * L.perDimScale[j];
                float max = Float.NEGATIVE_INFINITY;
                for (int t = 0; t <= qLevel; t++) {
                    float sc = VectorMath.dot(qScaled, 0, ks, (b * LEVELS + t) * width + head * dh, dh);
                    scores[t] = sc;
                    if (sc > max) max = sc;
                }
                float total = 0;
                for (int t = 0; t <= qLevel; t++) {
                    scores[t] = (float) Math.exp(scores[t] - max);
                    total += scores[t];
                }
                float inv = 1f / total;
                int cOut = b * width + head * dh;
                Arrays.fill(dctx, cOut, cOut + dh, 0f);
                for (int t = 0; t <= qLevel; t++) VectorMath.addScaled(dctx, cOut, scores[t] * inv, vs, (b * LEVELS + t) * width + head * dh, dh);
            }
        }
        L.out.multiply(dctx, batch, dout);
        addRmsNormed(dx, dout, d, L.postNorm);
        ffn(L, dx, dn, dout, d, c.depthFfn(), dhid);
    }

    private void adapt(float[] in, float[] into) {
        if (depthAdapter == null) System.arraycopy(in, 0, into, 0, batch * c.dDepth());
        else depthAdapter.multiply(in, batch, into);
    }

    /**
     * Per row: bias, soft cap 30 tanh(l / 30); then l0 + s_style (l0 - l1) + s_notes (l0 - l2) for batch 3, or l0.
     * {@code raw} is [B][width] (row stride {@code width}); the result goes to {@code dst[dstOff..dstOff + n)}.
     */
    private void guide(float[] raw, int width, int rawOff, float[] bias, int biasOff, float[] dst, int dstOff, int n, Mrt2Sampling s) {
        VectorMath.biasSoftCap(raw, rawOff, bias, biasOff, Mrt2Config.SOFT_CAP, dst, dstOff, n);
        if (batch == 3) {
            VectorMath.biasSoftCap(raw, width + rawOff, bias, biasOff, Mrt2Config.SOFT_CAP, cappedStyle, 0, n);
            VectorMath.biasSoftCap(raw, 2 * width + rawOff, bias, biasOff, Mrt2Config.SOFT_CAP, cappedNotes, 0, n);
            float style = s.cfgStyle(), notes = s.cfgNotes();
            for (int i = 0; i < n; i++) {
                float l0 = dst[dstOff + i];
                dst[dstOff + i] = l0 + style * (l0 - cappedStyle[i]) + notes * (l0 - cappedNotes[i]);
            }
        }
    }

    // ------------------------------------------------------------------ shared pieces

    /** The FFN block per row: x += rmsNorm(W2 gelu(W1 rmsNorm(x) + b1) + b2). */
    private void ffn(Layer L, float[] xs, float[] normed, float[] tmp, int d, int f, float[] hidden) {
        rmsNormRows(xs, d, L.ffnPre, normed);
        L.ffn1.multiply(normed, batch, hidden);
        for (int b = 0; b < batch; b++) VectorMath.biasGelu(hidden, b * f, L.ffn1Bias, f);
        L.ffn2.multiply(hidden, batch, tmp);
        for (int b = 0; b < batch; b++) for (int i = 0; i < d; i++) tmp[b * d + i] += L.ffn2Bias[i];
        addRmsNormed(xs, tmp, d, L.ffnPost);
    }

    private void rmsNormRows(float[] in, int d, float[] scale, float[] into) {
        for (int b = 0; b < batch; b++) {
            int o = b * d;
            float r = rmsFactor(in, o, d);
            for (int i = 0; i < d; i++) into[o + i] = in[o + i] * r * scale[i];
        }
    }

    /** rsqrt(mean(v^2) + eps) over v[o .. o + d). */
    private static float rmsFactor(float[] v, int o, int d) {
        double ss = 0;
        for (int i = 0; i < d; i++) ss += v[o + i] * v[o + i];
        return (float) (1 / Math.sqrt(ss / d + EPS));
    }

    private void addRmsNormed(float[] acc, float[] y, int d, float[] scale) {
        for (int b = 0; b < batch; b++) {
            int o = b * d;
            float r = rmsFactor(y, o, d);
            for (int i = 0; i < d; i++) acc[o + i] += y[o + i] * r * scale[i];
        }
    }

    /** LayerNorm of in[o .. o + d) into into[o ..]. */
    private static void layerNorm(float[] in, int o, int d, float[] scale, float[] bias, float[] into) {
        double mean = 0;
        for (int i = 0; i < d; i++) mean += in[o + i];
        mean /= d;
        double var = 0;
        for (int i = 0; i < d; i++) var += (in[o + i] - mean) * (in[o + i] - mean);
        float r = (float) (1 / Math.sqrt(var / d + EPS));
        for (int i = 0; i < d; i++) into[o + i] = (float) (in[o + i] - mean) * r * scale[i] + bias[i];
    }

    // ------------------------------------------------------------------ state

    @Override
    public Map<String, float[]> saveState() {
        Map<String, float[]> st = new LinkedHashMap<>();
        for (int i = 0; i < 4 * temporal.length; i++) st.put(Mrt2Llm.stateName(i), ring(i).clone());
        Mrt2Llm.putStreamPosition(st, prev, frame);
        return st;
    }

    @Override
    public void loadState(Map<String, float[]> st) {
        checkState(st);
        for (int i = 0; i < 4 * temporal.length; i++) System.arraycopy(st.get(Mrt2Llm.stateName(i)), 0, ring(i), 0, ring(i).length);
        System.arraycopy(Mrt2Llm.storedPreviousIds(st), 0, prev, 0, LEVELS);
        frame = Mrt2Llm.storedFrame(st);
    }

    private float[] ring(int i) {
        float[][] kind = switch (i % 4) {
            case 0 -> selfK;
            case 1 -> selfV;
            case 2 -> crossK;
            default -> crossV;
        };
        return kind[i / 4];
    }

    @Override
    public void close() {
        pool.close();
    }
}
