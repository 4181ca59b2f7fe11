package mrtbox.inference.mrtv1;

import static mrtbox.inference.mrtv1.MrtV1Vocab.CHUNK_FRAMES;
import static mrtbox.inference.mrtv1.MrtV1Vocab.CODEBOOK;
import static mrtbox.inference.mrtv1.MrtV1Vocab.CODEC_OFFSET;
import static mrtbox.inference.mrtv1.MrtV1Vocab.ENCODER_LENGTH;
import static mrtbox.inference.mrtv1.MrtV1Vocab.LEVELS;

import java.io.IOException;
import java.util.List;
import mrtbox.inference.kernel.CrossAttention;
import mrtbox.inference.kernel.KernelPool;
import mrtbox.inference.kernel.Layouts;
import mrtbox.inference.kernel.Precision;
import mrtbox.inference.kernel.VectorMatVec;
import mrtbox.inference.weights.TensorInventory;
import mrtbox.inference.weights.WeightSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MRT v1 LLM with its decoder steps on the Java Vector API kernels ({@link Precision#BF16}: the playback engine):
 * the encoder runs once per chunk in TensorFlow ({@link MrtV1GraphEncoder}, near the matmul peak) and hands over every
 * temporal layer's cross-attention keys and values; the temporal step and the 16 depth steps of each frame stream
 * their weight matrices through {@link VectorMatVec} (stored once, bf16 or f32; f32 activations and accumulation),
 * both guidance rows sharing each weight read, and the cross-attention reads its keys through {@link CrossAttention}.
 * Norms, the small self-attentions and sampling run in plain Java on the calling thread. Computes what
 * {@link DepthformerLlm} computes in the same order (spec mrt-v1.md section 1.3), so with f32 storage the two differ
 * only by f32 summation order (the golden cases pass at their strict tier), and in bf16 by the weights' rounding.
 *
 * <p>Fusions that change no arithmetic: each attention's query, key and value projections are one matrix, the
 * MLP's two input projections another; level-restricted sampling computes only the level's 1024 logit rows. Nothing
 * is allocated per frame: every activation buffer is sized at load. Not thread-safe: one generation thread.
 */
public final class DepthformerKernelLlm implements MrtV1Llm {
    private static final Logger log = LoggerFactory.getLogger(DepthformerKernelLlm.class);
    private static final int B = DepthformerGraph.BATCH;

    private final MrtV1Config c;
    private final boolean restrict;
    private final boolean bf16;
    private final KernelPool pool;
    private final MrtV1GraphEncoder encoder;
    private final float eps;

    // weights: tables (gathered rows) in f32, matrices in the kernels
    private final float[] embedding, temporalRel, depthRel, decoderNorm;
    private final VectorMatVec logits;
    private final Layer[] temporal, depth;
    private final CrossAttention[] cross;
    private final int[][] temporalBuckets = new int[CHUNK_FRAMES][CHUNK_FRAMES];
    private final int[][] depthBuckets = new int[LEVELS][LEVELS];

    // state: self-attention caches per temporal layer [B][H][50][Dh]; whether an encode has run
    private final float[][] selfK, selfV;
    private boolean encoded;

    // scratch, sized at load
    private final float[] x, n, qkv, q, ctx, out, hid, gate, h, normed, raw, combined;
    private final float[][] depthK, depthV;   // per depth layer [B][16][width]
    private final float[] scores;
    private final MrtV1JavaSampler sampler = new MrtV1JavaSampler();
    private long lastTemporalNanos;

    /** One decoder layer: self-attention (fused QKV), cross-attention (temporal only), gated MLP (fused wi_0|wi_1). */
    private record Layer(float[] preSelf, VectorMatVec qkv, VectorMatVec out, float[] preCross, VectorMatVec crossQ, VectorMatVec crossOut,
                         float[] preMlp, VectorMatVec wi, VectorMatVec wo) {}

    /** The thread count playback uses: every core ({@code -Dmrtbox.llm.threads} overrides). */
    public static int defaultThreads() {
        return Integer.getInteger("mrtbox.llm.threads", Runtime.getRuntime().availableProcessors());
    }

    /**
     * @param restrictToLevel sample level q only among its own 1024 codec ids (and compute only that logit slice)
     * @param bf16            bf16 storage of the decoder's matrices and cross keys/values; false keeps f32 in the same
     *                        kernels (the structural check against the TensorFlow engine)
     */
    public static DepthformerKernelLlm load(WeightSource weights, MrtV1Config config, boolean restrictToLevel, int threads, boolean bf16) throws IOException {
        long t0 = System.nanoTime();
        KernelPool pool = KernelPool.of(threads);
        MrtV1GraphEncoder encoder = null;
        try {
            encoder = MrtV1GraphEncoder.load(weights, config);
            DepthformerKernelLlm llm = new DepthformerKernelLlm(weights, config, restrictToLevel, bf16, pool, encoder);
            log.info("MRT v1 LLM (encoder TensorFlow, decoder {} Java kernels on {} threads) loaded from {}: {} ({} M parameters) in {} ms{}", bf16 ? "bf16" : "f32",
                    threads, weights.location(), config, config.parameterCount() / 1_000_000, (System.nanoTime() - t0) / 1_000_000,
                    restrictToLevel ? ", level-restricted sampling" : "");
            List<String> unused = TensorInventory.of(weights, DepthformerParams.shapes(config), nm -> nm.startsWith(MrtV1Models.TRAINING_STATE_PREFIX)).unexpected();
            if (!unused.isEmpty()) log.warn("{}: {} tensor(s) the MRT v1 LLM does not use: {}", weights.location(), unused.size(), unused);
            return llm;
        } catch (IOException | RuntimeException e) {
            if (encoder != null) encoder.close();
            pool.close();
            throw e;
        }
    }

    private DepthformerKernelLlm(WeightSource w, MrtV1Config c, boolean restrict, boolean bf16, KernelPool pool, MrtV1GraphEncoder encoder) throws IOException {
        this.c = c;
        this.restrict = restrict;
        this.bf16 = bf16;
        this.pool = pool;
        this.encoder = encoder;
        this.eps = c.layerNormEps();
        int d = c.dModel(), a = c.attentionWidth(), f = c.mlpDim(), v = c.vocabSize();
        embedding = read(w, DepthformerParams.EMBEDDING);
        temporalRel = read(w, DepthformerParams.TEMPORAL_REL);
        depthRel = read(w, DepthformerParams.DEPTH_REL);
        decoderNorm = read(w, DepthformerParams.DECODER_NORM);
        logits = matrix(Layouts.transpose(read(w, DepthformerParams.LOGITS), d, v), v, d);
        temporal = new Layer[c.temporalLayers()];
        cross = new CrossAttention[temporal.length];
        for (int l = 0; l < temporal.length; l++) {
            temporal[l] = layer(w, l, true);
            cross[l] = new CrossAttention(B * c.numHeads(), ENCODER_LENGTH, c.headDim(), bf16, pool);
        }
        depth = new Layer[c.depthLayers()];
        for (int l = 0; l < depth.length; l++) depth[l] = layer(w, l, false);
        for (int i = 0; i < CHUNK_FRAMES; i++) for (int j = 0; j < CHUNK_FRAMES; j++) temporalBuckets[i][j] = Blocks.bucket(i - j, c.temporalBuckets(), c.temporalMaxDistance());
        for (int i = 0; i < LEVELS; i++) for (int j = 0; j < LEVELS; j++) depthBuckets[i][j] = Blocks.bucket(i - j, c.depthBuckets(), c.depthMaxDistance());

        int cache = B * c.numHeads() * CHUNK_FRAMES * c.headDim();
        selfK = new float[temporal.length][cache];
        selfV = new float[temporal.length][cache];
        x = new float[B * d];
        n = new float[B * d];
        h = new float[B * d];
        normed = new float[B * d];
        out = new float[B * d];
        qkv = new float[B * 3 * a];
        q = new float[B * a];
        ctx = new float[B * a];
        hid = new float[B * 2 * f];
        gate = new float[B * f];
        depthK = new float[depth.length][B * LEVELS * a];
        depthV = new float[depth.length][B * LEVELS * a];
        scores = new float[CHUNK_FRAMES];
        raw = new float[B * logitWidth()];
        combined = new float[logitWidth()];
    }

    private Layer layer(WeightSource w, int l, boolean temporalLayer) throws IOException {
        int d = c.dModel(), a = c.attentionWidth(), f = c.mlpDim();
        java.util.function.Function<String, String> name = s -> temporalLayer ? DepthformerParams.temporal(l, s) : DepthformerParams.depth(l, s);
        String sa = "self_attention.", ca = "encoder_decoder_attention.";
        VectorMatVec qkvM = matrix(Layouts.concat(Layouts.transpose(read(w, name.apply(sa + "query.kernel")), d, a), Layouts.transpose(read(w, name.apply(sa + "key.kernel")), d, a),
                Layouts.transpose(read(w, name.apply(sa + "value.kernel")), d, a)), 3 * a, d);
        VectorMatVec outM = matrix(Layouts.transpose(read(w, name.apply(sa + "out.kernel")), a, d), d, a);
        float[] preCross = null;
        VectorMatVec crossQ = null, crossOut = null;
        if (temporalLayer) {
            preCross = read(w, name.apply("pre_cross_attention_layer_norm.scale"));
            crossQ = matrix(Layouts.transpose(read(w, name.apply(ca + "query.kernel")), d, a), a, d);
            crossOut = matrix(Layouts.transpose(read(w, name.apply(ca + "out.kernel")), a, d), d, a);
        }
        VectorMatVec wi = matrix(Layouts.concat(Layouts.transpose(read(w, name.apply("mlp.wi_0.kernel")), d, f), Layouts.transpose(read(w, name.apply("mlp.wi_1.kernel")), d, f)), 2 * f, d);
        VectorMatVec wo = matrix(Layouts.transpose(read(w, name.apply("mlp.wo.kernel")), f, d), d, f);
        return new Layer(read(w, name.apply("pre_self_attention_layer_norm.scale")), qkvM, outM, preCross, crossQ, crossOut,
                read(w, name.apply("pre_mlp_layer_norm.scale")), wi, wo);
    }

    /** A tensor checked against the shape the config implies. */
    private float[] read(WeightSource w, String name) throws IOException {
        long[] shape = DepthformerParams.shapes(c).get(name);
        if (shape == null) throw new IllegalStateException("no MRT v1 tensor " + name);
        return w.read(name, shape).toArray();
    }

    private VectorMatVec matrix(float[] rowMajor, int rows, int cols) {
        return VectorMatVec.of(precision(), rowMajor, rows, cols, pool);
    }



    @Override
    public MrtV1Config config() {
        return c;
    }

    @Override
    public boolean restrictToLevel() {
        return restrict;
    }

    @Override
    public Precision precision() {
        return bf16 ? Precision.BF16 : Precision.F32;
    }

    /** Nanoseconds the last frame spent in its temporal step (the rest was the 16 depth steps). */
    long lastTemporalNanos() {
        return lastTemporalNanos;
    }



    @Override
    public void encode(int[] encoderIds, float[] encoderOut) {
        encoder.encode(encoderIds, encoderOut, (l, keysT, valuesT) -> cross[l].set(keysT, valuesT));
        encoded = true;
    }

    @Override
    public void frame(int t, int[] prevIds, int[] forced, SamplingSettings s, long seed, int[] outIds, float[] outLogits) {
        if (!encoded) throw new IllegalStateException("frame before the chunk's encode");
        if (t < 0 || t >= CHUNK_FRAMES) throw new IllegalArgumentException("frame " + t + " outside [0, " + CHUNK_FRAMES + ")");
        if (prevIds.length != LEVELS || outIds.length < LEVELS || (forced != null && forced.length != LEVELS)) {
            throw new IllegalArgumentException("a frame has " + LEVELS + " ids");
        }
        long t0 = System.nanoTime();
        temporalStep(t, prevIds);
        lastTemporalNanos = System.nanoTime() - t0;
        depthSteps(t, forced, s, seed, outIds, outLogits);
    }

    // ------------------------------------------------------------------ temporal step

    private void temporalStep(int t, int[] prev) {
        int d = c.dModel(), a = c.attentionWidth();
        for (int i = 0; i < d; i++) {
            float sum = 0;
            for (int k = 0; k < LEVELS; k++) sum += embedding[checkedId(prev[k]) * d + i];
            x[i] = sum / LEVELS;
        }
        System.arraycopy(x, 0, x, d, d);
        for (int l = 0; l < temporal.length; l++) {
            Layer L = temporal[l];
            rmsNormRows(x, L.preSelf, n);
            L.qkv.multiply(n, B, qkv);
            for (int b = 0; b < B; b++) {
                writeCache(selfK[l], b, t, qkv, b * 3 * a + a);
                writeCache(selfV[l], b, t, qkv, b * 3 * a + 2 * a);
            }
            selfAttention(l, t);
            L.out.multiply(ctx, B, out);
            add(x, out);

            rmsNormRows(x, L.preCross, n);
            L.crossQ.multiply(n, B, q);
            cross[l].attend(q, ctx);
            L.crossOut.multiply(ctx, B, out);
            add(x, out);

            mlp(L, x);
        }
    }

    private int checkedId(int id) {
        if (id < 0 || id >= c.vocabSize()) throw new IllegalArgumentException("id " + id + " outside the vocabulary [0, " + c.vocabSize() + ")");
        return id;
    }

    /** Copies one row's [H * Dh] vector at src[o..] into slot t of [B][H][50][Dh]. */
    private void writeCache(float[] cache, int b, int t, float[] src, int o) {
        int hs = c.numHeads(), dh = c.headDim();
        for (int head = 0; head < hs; head++) System.arraycopy(src, o + head * dh, cache, ((b * hs + head) * CHUNK_FRAMES + t) * dh, dh);
    }

    /**
     * ctx = softmax over keys 0..t of (q k + rel[bucket(t - k)]) weighted values, per row and head. Keys past t are
     * masked with -1e9 in the graph, whose exp is exactly 0: leaving them out is the same sum.
     */
    private void selfAttention(int l, int t) {
        int hs = c.numHeads(), dh = c.headDim(), a = c.attentionWidth(), nb = c.temporalBuckets();
        float[] ks = selfK[l], vs = selfV[l];
        for (int b = 0; b < B; b++) {
            for (int head = 0; head < hs; head++) {
                int qo = b * 3 * a + head * dh, co = (b * hs + head) * CHUNK_FRAMES * dh;
                float max = Float.NEGATIVE_INFINITY;
                for (int k = 0; k <= t; k++) {
                    float sc = 0;
                    int ko = co + k * dh;
                    for (int j = 0; j < dh; j++) sc += qkv[qo + j] * ks[ko + j];
                    sc += temporalRel[head * nb + temporalBuckets[t][k]];
                    scores[k] = sc;
                    if (sc > max) max = sc;
                }
                weighted(t + 1, max, vs, co, dh, b * a + head * dh);
            }
        }
    }

    /** ctx[out..out + dh) = sum_k softmax(scores)[k] values[vo + k dh ..]: probabilities first, as the graph. */
    private void weighted(int count, float max, float[] values, int vo, int stride, int outAt) {
        float total = 0;
        for (int k = 0; k < count; k++) {
            scores[k] = (float) Math.exp(scores[k] - max);
            total += scores[k];
        }
        float inv = 1f / total;
        int dh = c.headDim();
        java.util.Arrays.fill(ctx, outAt, outAt + dh, 0f);
        for (int k = 0; k < count; k++) {
            float p = scores[k] * inv;
            int o = vo + k * stride;
            for (int j = 0; j < dh; j++) ctx[outAt + j] += p * values[o + j];
        }
    }

    // ------------------------------------------------------------------ depth steps

    private void depthSteps(int t, int[] forced, SamplingSettings s, long seed, int[] outIds, float[] outLogits) {
        int d = c.dModel(), width = logitWidth();
        float w = s.guidance();
        System.arraycopy(x, 0, h, 0, B * d);
        for (int level = 0; level < LEVELS; level++) {
            for (int l = 0; l < depth.length; l++) depthLayer(l, level);
            rmsNormRows(h, decoderNorm, normed);
            int first = restrict ? CODEC_OFFSET + CODEBOOK * level : 0;
            if (restrict) logits.multiplyRows(normed, B, raw, first, first + CODEBOOK);
            else logits.multiply(normed, B, raw);
            for (int i = 0; i < width; i++) combined[i] = (1f + w) * raw[i] - w * raw[width + i];
            if (outLogits != null) System.arraycopy(combined, 0, outLogits, level * width, width);
            boolean maskEos = !restrict && s.eos() == SamplingSettings.EosPolicy.NEVER;
            int token = sampler.sample(combined, width, maskEos, s.temperature(), s.topK(), seed, (long) t * LEVELS + level) + first;
            if (forced != null) token = forced[level];
            outIds[level] = token;
            if (level + 1 < LEVELS) {
                int row = checkedId(token) * d;
                for (int b = 0; b < B; b++) System.arraycopy(embedding, row, h, b * d, d);
            }
        }
    }

    /** One depth layer at level {@code level}: self-attention over this frame's levels 0..level, then the MLP. */
    private void depthLayer(int l, int level) {
        Layer L = depth[l];
        int hs = c.numHeads(), dh = c.headDim(), a = c.attentionWidth(), nb = c.depthBuckets();
        rmsNormRows(h, L.preSelf, n);
        L.qkv.multiply(n, B, qkv);
        float[] ks = depthK[l], vs = depthV[l];
        for (int b = 0; b < B; b++) {
            int o = b * 3 * a, co = (b * LEVELS + level) * a;
            System.arraycopy(qkv, o + a, ks, co, a);
            System.arraycopy(qkv, o + 2 * a, vs, co, a);
            for (int head = 0; head < hs; head++) {
                int qo = o + head * dh;
                float max = Float.NEGATIVE_INFINITY;
                for (int k = 0; k <= level; k++) {
                    int ko = (b * LEVELS + k) * a + head * dh;
                    float sc = 0;
                    for (int j = 0; j < dh; j++) sc += qkv[qo + j] * ks[ko + j];
                    sc += depthRel[head * nb + depthBuckets[level][k]];
                    scores[k] = sc;
                    if (sc > max) max = sc;
                }
                weighted(level + 1, max, vs, b * LEVELS * a + head * dh, a, b * a + head * dh);
            }
        }
        L.out.multiply(ctx, B, out);
        add(h, out);
        mlp(L, h);
    }

    // ------------------------------------------------------------------ shared pieces

    /** xs += wo(gelu_tanh(n wi_0) * (n wi_1)) with n = rmsNorm(xs) per row. */
    private void mlp(Layer L, float[] xs) {
        int f = c.mlpDim();
        rmsNormRows(xs, L.preMlp, n);
        L.wi.multiply(n, B, hid);
        for (int b = 0; b < B; b++) {
            int o = b * 2 * f;
            for (int i = 0; i < f; i++) gate[b * f + i] = geluTanh(hid[o + i]) * hid[o + f + i];
        }
        L.wo.multiply(gate, B, out);
        add(xs, out);
    }

    /** gelu_tanh in the graph's f32 order: 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))). */
    private static float geluTanh(float v) {
        float inner = (float) Math.sqrt(2.0 / Math.PI) * (v + 0.044715f * (v * v * v));
        return 0.5f * v * (1f + (float) Math.tanh(inner));
    }

    /** y = x rsqrt(mean(x^2) + eps) scale, per row. */
    private void rmsNormRows(float[] in, float[] scale, float[] into) {
        int d = c.dModel();
        for (int b = 0; b < B; b++) {
            int o = b * d;
            float ss = 0;
            for (int i = 0; i < d; i++) ss += in[o + i] * in[o + i];
            float r = (float) (1 / Math.sqrt(ss / d + eps));
            for (int i = 0; i < d; i++) into[o + i] = in[o + i] * r * scale[i];
        }
    }

    private void add(float[] acc, float[] y) {
        for (int i = 0; i < B * c.dModel(); i++) acc[i] += y[i];
    }

    @Override
    public void close() {
        encoder.close();
        pool.close();
    }
}
