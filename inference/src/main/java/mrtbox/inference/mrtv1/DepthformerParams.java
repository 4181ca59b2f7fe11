package mrtbox.inference.mrtv1;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The checkpoint names of the Depthformer's tensors (T5X_FORMAT.md section 5) and their shapes for a config.
 * Kernels are [in, out]; q/k/v columns are head-major (h * head_dim + j).
 */
final class DepthformerParams {
    private DepthformerParams() {}

    static final String EMBEDDING = "target.token_embedder.embedding";
    static final String ENCODER_NORM = "target.encoder.encoder_norm.scale";
    static final String DECODER_NORM = "target.decoder.decoder_norm.scale";
    static final String LOGITS = "target.decoder.logits_dense.kernel";
    static final String TEMPORAL_REL = "target.decoder.decoder.temporal_decoder.relpos_bias.rel_embedding";
    static final String DEPTH_REL = "target.decoder.decoder.depth_decoder.relpos_bias_depth.rel_embedding";

    static String encoder(int layer, String suffix) {
        return "target.encoder.layers_" + layer + "." + suffix;
    }

    static String temporal(int layer, String suffix) {
        return "target.decoder.decoder.temporal_decoder.layers_" + layer + "." + suffix;
    }

    static String depth(int layer, String suffix) {
        return "target.decoder.decoder.depth_decoder.depth_layers_" + layer + "." + suffix;
    }

    /**
     * Whether the encoder side reads this tensor: the embedding, the encoder layers and norm, and the temporal layers'
     * cross-attention key/value kernels (applied once per chunk to the encoder output).
     */
    static boolean isEncoderSide(String name) {
        return name.equals(EMBEDDING) || name.startsWith("target.encoder.")
                || name.contains(".encoder_decoder_attention.key.") || name.contains(".encoder_decoder_attention.value.");
    }

    /** One tensor the model needs: its name and the shape it must have. */
    record Param(String name, long[] shape) {}

    /** Every tensor of the model, in a stable order. */
    static List<Param> all(MrtV1Config c) {
        long d = c.dModel(), a = c.attentionWidth(), f = c.mlpDim(), v = c.vocabSize(), h = c.numHeads();
        List<Param> out = new ArrayList<>();
        out.add(new Param(EMBEDDING, new long[] {v, d}));
        for (int l = 0; l < c.encoderLayers(); l++) {
            out.add(new Param(encoder(l, "pre_attention_layer_norm.scale"), new long[] {d}));
            attention(out, encoder(l, "attention."), d, a);
            out.add(new Param(encoder(l, "pre_mlp_layer_norm.scale"), new long[] {d}));
            mlp(out, encoder(l, "mlp."), d, f);
        }
        out.add(new Param(ENCODER_NORM, new long[] {d}));
        out.add(new Param(TEMPORAL_REL, new long[] {h, c.temporalBuckets()}));
        for (int l = 0; l < c.temporalLayers(); l++) {
            out.add(new Param(temporal(l, "pre_self_attention_layer_norm.scale"), new long[] {d}));
            attention(out, temporal(l, "self_attention."), d, a);
            out.add(new Param(temporal(l, "pre_cross_attention_layer_norm.scale"), new long[] {d}));
            attention(out, temporal(l, "encoder_decoder_attention."), d, a);
            out.add(new Param(temporal(l, "pre_mlp_layer_norm.scale"), new long[] {d}));
            mlp(out, temporal(l, "mlp."), d, f);
        }
        out.add(new Param(DEPTH_REL, new long[] {h, c.depthBuckets()}));
        for (int l = 0; l < c.depthLayers(); l++) {
            out.add(new Param(depth(l, "pre_self_attention_layer_norm.scale"), new long[] {d}));
            attention(out, depth(l, "self_attention."), d, a);
            out.add(new Param(depth(l, "pre_mlp_layer_norm.scale"), new long[] {d}));
            mlp(out, depth(l, "mlp."), d, f);
        }
        out.add(new Param(DECODER_NORM, new long[] {d}));
        out.add(new Param(LOGITS, new long[] {d, v}));
        return out;
    }

    /** {@link #all} as a name-to-shape map, for a {@link mrtbox.inference.weights.TensorInventory}. */
    static Map<String, long[]> shapes(MrtV1Config c) {
        Map<String, long[]> out = new LinkedHashMap<>();
        for (Param p : all(c)) out.put(p.name(), p.shape());
        return out;
    }

    private static void attention(List<Param> out, String prefix, long d, long a) {
        out.add(new Param(prefix + "query.kernel", new long[] {d, a}));
        out.add(new Param(prefix + "key.kernel", new long[] {d, a}));
        out.add(new Param(prefix + "value.kernel", new long[] {d, a}));
        out.add(new Param(prefix + "out.kernel", new long[] {a, d}));
    }

    private static void mlp(List<Param> out, String prefix, long d, long f) {
        out.add(new Param(prefix + "wi_0.kernel", new long[] {d, f}));
        out.add(new Param(prefix + "wi_1.kernel", new long[] {d, f}));
        out.add(new Param(prefix + "wo.kernel", new long[] {f, d}));
    }
}
