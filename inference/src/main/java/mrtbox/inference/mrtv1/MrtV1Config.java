package mrtbox.inference.mrtv1;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mrtbox.inference.weights.WeightException;
import mrtbox.inference.weights.WeightSource;

/**
 * The dimensions of one MRT v1 "Depthformer" LLM (spec mrt-v1.md section 1.3). The sequence geometry and the
 * vocabulary are the release's and the same for every size (see {@link MrtV1Vocab}); only the widths and layer
 * counts differ between base, large and the tiny test models. Immutable; build with {@link #builder()}.
 */
public final class MrtV1Config {
    private static final Pattern ENC_LAYER = Pattern.compile("target\\.encoder\\.layers_(\\d+)\\..*");
    private static final Pattern TEMP_LAYER = Pattern.compile("target\\.decoder\\.decoder\\.temporal_decoder\\.layers_(\\d+)\\..*");
    private static final Pattern DEPTH_LAYER = Pattern.compile("target\\.decoder\\.decoder\\.depth_decoder\\.depth_layers_(\\d+)\\..*");

    private final int dModel;
    private final int numHeads;
    private final int headDim;
    private final int mlpDim;
    private final int encoderLayers;
    private final int temporalLayers;
    private final int depthLayers;
    private final int vocabSize;
    private final int temporalBuckets;
    private final int temporalMaxDistance;
    private final int depthBuckets;
    private final int depthMaxDistance;
    private final float layerNormEps;

    private MrtV1Config(Builder b) {
        dModel = positive(b.dModel, "d_model");
        numHeads = positive(b.numHeads, "num_heads");
        headDim = positive(b.headDim, "head_dim");
        mlpDim = positive(b.mlpDim, "mlp_dim");
        encoderLayers = positive(b.encoderLayers, "num_encoder_layers");
        temporalLayers = positive(b.temporalLayers, "num_temporal_layers");
        depthLayers = positive(b.depthLayers, "num_depth_layers");
        vocabSize = b.vocabSize;
        if (vocabSize < MrtV1Vocab.PRETRAINED_VOCAB) {
            throw new IllegalArgumentException("vocab_size " + vocabSize + " is smaller than the release's " + MrtV1Vocab.PRETRAINED_VOCAB + " ids");
        }
        if (dModel % 2 != 0 || dModel < 4) throw new IllegalArgumentException("d_model " + dModel + " must be even and at least 4 (sin|cos halves)");
        temporalBuckets = positive(b.temporalBuckets, "temporal_num_buckets");
        temporalMaxDistance = positive(b.temporalMaxDistance, "temporal_max_distance");
        depthBuckets = positive(b.depthBuckets, "depth_num_buckets");
        depthMaxDistance = positive(b.depthMaxDistance, "depth_max_distance");
        layerNormEps = b.layerNormEps;
    }

    private static int positive(int v, String what) {
        if (v <= 0) throw new IllegalArgumentException(what + " must be positive, got " + v);
        return v;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The released "base" model (~348 M parameters): 768 wide, 12 heads, MLP 2048, 12/20/4 layers. */
    public static MrtV1Config base() {
        return builder().dModel(768).heads(12, 64).mlpDim(2048).layers(12, 20, 4).build();
    }

    /** The released "large" model (761.7 M parameters, 538 tensors): 1024 wide, 16 heads, MLP 2816, 24/20/4 layers. */
    public static MrtV1Config large() {
        return builder().dModel(1024).heads(16, 64).mlpDim(2816).layers(24, 20, 4).build();
    }

    /** Reads the hyperparameters of a golden case's config.json (kind mrt_v1_llm). */
    public static MrtV1Config fromCaseConfig(JsonNode c) {
        return builder()
                .dModel(c.path("d_model").asInt())
                .heads(c.path("num_heads").asInt(), c.path("head_dim").asInt())
                .mlpDim(c.path("mlp_dim").asInt())
                .layers(c.path("num_encoder_layers").asInt(), c.path("num_temporal_layers").asInt(), c.path("num_depth_layers").asInt())
                .vocabSize(c.path("vocab_size").asInt(MrtV1Vocab.LOGIT_WIDTH))
                .temporalBuckets(c.path("temporal_num_buckets").asInt(128), c.path("temporal_max_distance").asInt(128))
                .depthBuckets(c.path("depth_num_buckets").asInt(16), c.path("depth_max_distance").asInt(16))
                .layerNormEps((float) c.path("layer_norm_eps").asDouble(1e-6))
                .build();
    }

    /**
     * Infers the dimensions from a checkpoint's tensor names and shapes: widths from the embedding, attention
     * and MLP kernels, head count from the relative-position tables, layer counts from the layer names.
     */
    public static MrtV1Config fromCheckpoint(WeightSource w) throws IOException {
        long[] emb = w.shape(DepthformerParams.EMBEDDING);
        long[] rel = w.shape(DepthformerParams.TEMPORAL_REL);
        long[] relDepth = w.shape(DepthformerParams.DEPTH_REL);
        long[] q = w.shape(DepthformerParams.encoder(0, "attention.query.kernel"));
        long[] wi = w.shape(DepthformerParams.encoder(0, "mlp.wi_0.kernel"));
        if (emb.length != 2 || rel.length != 2 || relDepth.length != 2 || q.length != 2 || wi.length != 2) {
            throw new WeightException(w.location() + ": unexpected ranks for the embedding, attention or relative-position tensors");
        }
        int heads = (int) rel[0];
        if (q[1] % heads != 0) throw new WeightException(w.location() + ": attention width " + q[1] + " is not a multiple of " + heads + " heads");
        return builder()
                .dModel((int) emb[1])
                .heads(heads, (int) (q[1] / heads))
                .mlpDim((int) wi[1])
                .layers(count(w, ENC_LAYER), count(w, TEMP_LAYER), count(w, DEPTH_LAYER))
                .vocabSize((int) emb[0])
                // The release uses max_distance = num_buckets for both tables (gin: 128/128 and 16/16).
                .temporalBuckets((int) rel[1], (int) rel[1])
                .depthBuckets((int) relDepth[1], (int) relDepth[1])
                .build();
    }

    private static int count(WeightSource w, Pattern p) {
        int max = -1;
        for (String n : w.names()) {
            Matcher m = p.matcher(n);
            if (m.matches()) max = Math.max(max, Integer.parseInt(m.group(1)));
        }
        return max + 1;
    }

    public int dModel() { return dModel; }
    public int numHeads() { return numHeads; }
    public int headDim() { return headDim; }
    /** heads x head_dim: the width of the q/k/v projections. */
    public int attentionWidth() { return numHeads * headDim; }
    public int mlpDim() { return mlpDim; }
    public int encoderLayers() { return encoderLayers; }
    public int temporalLayers() { return temporalLayers; }
    public int depthLayers() { return depthLayers; }
    public int vocabSize() { return vocabSize; }
    public int temporalBuckets() { return temporalBuckets; }
    public int temporalMaxDistance() { return temporalMaxDistance; }
    public int depthBuckets() { return depthBuckets; }
    public int depthMaxDistance() { return depthMaxDistance; }
    public float layerNormEps() { return layerNormEps; }

    /** Parameter count (all tensors of the checkpoint). */
    public long parameterCount() {
        long d = dModel, a = attentionWidth(), f = mlpDim, v = vocabSize;
        long attn = 4 * d * a;
        long mlp = 3 * d * f;
        long enc = encoderLayers * (attn + mlp + 2 * d) + d;
        long temp = temporalLayers * (2 * attn + mlp + 3 * d) + (long) numHeads * temporalBuckets;
        long depth = depthLayers * (attn + mlp + 2 * d) + (long) numHeads * depthBuckets;
        return v * d + enc + temp + depth + d + d * v;
    }

    @Override
    public String toString() {
        return "MrtV1Config[d_model " + dModel + ", heads " + numHeads + "x" + headDim + ", mlp " + mlpDim + ", layers "
                + encoderLayers + "/" + temporalLayers + "/" + depthLayers + ", vocab " + vocabSize + "]";
    }

    public static final class Builder {
        private int dModel;
        private int numHeads;
        private int headDim;
        private int mlpDim;
        private int encoderLayers;
        private int temporalLayers;
        private int depthLayers;
        private int vocabSize = MrtV1Vocab.LOGIT_WIDTH;
        private int temporalBuckets = 128;
        private int temporalMaxDistance = 128;
        private int depthBuckets = 16;
        private int depthMaxDistance = 16;
        private float layerNormEps = 1e-6f;

        private Builder() {}

        public Builder dModel(int d) { dModel = d; return this; }
        public Builder heads(int heads, int headDim) { numHeads = heads; this.headDim = headDim; return this; }
        public Builder mlpDim(int f) { mlpDim = f; return this; }
        public Builder layers(int encoder, int temporal, int depth) {
            encoderLayers = encoder; temporalLayers = temporal; depthLayers = depth; return this;
        }
        public Builder vocabSize(int v) { vocabSize = v; return this; }
        public Builder temporalBuckets(int buckets, int maxDistance) { temporalBuckets = buckets; temporalMaxDistance = maxDistance; return this; }
        public Builder depthBuckets(int buckets, int maxDistance) { depthBuckets = buckets; depthMaxDistance = maxDistance; return this; }
        public Builder layerNormEps(float eps) { layerNormEps = eps; return this; }

        public MrtV1Config build() {
            return new MrtV1Config(this);
        }
    }
}
