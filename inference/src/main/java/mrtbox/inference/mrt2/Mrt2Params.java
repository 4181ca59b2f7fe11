package mrtbox.inference.mrt2;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mrtbox.inference.codec.SpectroStreamConfig;
import mrtbox.inference.codec.SpectroStreamWeights;

/**
 * The Depthformer's tensors in the raw checkpoint's naming ({@code params/depthformer/...}, as the reference loader
 * {@code mlx/load_weights.py} reads them) with the shape each must have for a given {@link Mrt2Config}.
 */
public final class Mrt2Params {
    private Mrt2Params() {}

    public static final String P = "params/depthformer/";
    public static final String MULAN_EMBEDDING = P + "encoder/body/layers_1/branched_mulan_embedder/mulan_embedder/mulan_dequantizer/embedding";
    public static final String MULAN_ADAPTER = P + "encoder/body/layers_1/branched_mulan_embedder/mulan_embedder/depth_input_adapter/kernel";
    public static final String REGULAR_EMBEDDING = P + "encoder/body/layers_1/branched_regular_embedder/regular_embedder/embedding";
    public static final String ENCODER_LN_SCALE = P + "encoder/body/encoder_ln/scale";
    public static final String ENCODER_LN_BIAS = P + "encoder/body/encoder_ln/bias";
    public static final String EMBEDDING = P + "decoder/decoder_embedding/embedding/embedding";
    public static final String TEMPORAL_PREFIX = P + "decoder/temporal_body/transformer/x_layers_";
    public static final String DEPTH_PREFIX = P + "decoder/depth_body/transformer/x_layers_";
    public static final String DEPTH_ADAPTER = P + "decoder/depth_body/depth_input_adapter/kernel";
    public static final String FINAL_LN_SCALE = P + "decoder/depth_body/final_ln/scale";
    public static final String FINAL_LN_BIAS = P + "decoder/depth_body/final_ln/bias";
    public static final String LOGITS_KERNEL = P + "decoder/depth_body/to_logits/kernel";
    public static final String LOGITS_BIAS = P + "decoder/depth_body/to_logits/bias";

    public record Param(String name, long[] shape) {}

    public static String temporal(int layer, String rest) {
        return TEMPORAL_PREFIX + layer + "/" + rest;
    }

    public static String depth(int layer, String rest) {
        return DEPTH_PREFIX + layer + "/" + rest;
    }

    /** Every tensor the model reads, in a fixed order. */
    public static List<Param> all(Mrt2Config c) {
        List<Param> out = new ArrayList<>();
        out.add(new Param(MULAN_EMBEDDING, new long[] {Mrt2Vocab.STYLE_SLOTS * Mrt2Vocab.STYLE_LEVEL_VOCAB, c.styleDim()}));
        out.add(new Param(MULAN_ADAPTER, new long[] {c.styleDim(), c.dEncoder()}));
        out.add(new Param(REGULAR_EMBEDDING, new long[] {Mrt2Vocab.REGULAR_ROWS, c.dEncoder()}));
        out.add(new Param(ENCODER_LN_SCALE, new long[] {c.dEncoder()}));
        out.add(new Param(ENCODER_LN_BIAS, new long[] {c.dEncoder()}));
        out.add(new Param(EMBEDDING, new long[] {Mrt2Vocab.VOCAB, c.dTemporal()}));
        for (int l = 0; l < c.tLayers(); l++) {
            for (String a : new String[] {"self_attention", "cross_attention"}) {
                long kvIn = a.equals("self_attention") ? c.dTemporal() : c.dEncoder();
                attention(out, temporal(l, a + "/"), c.dTemporal(), kvIn, c.tHeads(), c.tHeadDim(), true);
            }
            ffn(out, temporal(l, "ffn/"), c.dTemporal(), c.tFfn());
        }
        if (c.hasDepthAdapter()) out.add(new Param(DEPTH_ADAPTER, new long[] {c.dTemporal(), c.dDepth()}));
        for (int l = 0; l < c.depthLayers(); l++) {
            attention(out, depth(l, "self_attention/"), c.dDepth(), c.dDepth(), c.depthHeads(), c.depthHeadDim(), false);
            ffn(out, depth(l, "ffn/"), c.dDepth(), c.depthFfn());
        }
        out.add(new Param(FINAL_LN_SCALE, new long[] {c.dDepth()}));
        out.add(new Param(FINAL_LN_BIAS, new long[] {c.dDepth()}));
        out.add(new Param(LOGITS_KERNEL, new long[] {c.dDepth(), Mrt2Vocab.VOCAB}));
        out.add(new Param(LOGITS_BIAS, new long[] {Mrt2Vocab.VOCAB}));
        return out;
    }

    /** {@link #all} as a name-to-shape map. */
    public static Map<String, long[]> shapes(Mrt2Config c) {
        Map<String, long[]> out = new LinkedHashMap<>();
        for (Param p : all(c)) out.put(p.name(), p.shape());
        return out;
    }

    /**
     * Every tensor of a raw checkpoint as the release ships it: the Depthformer plus the SpectroStream decoder and
     * quantizer under {@code params/soundstream/} (where the reference loader reads the codec).
     */
    public static Map<String, long[]> rawCheckpoint(Mrt2Config c, SpectroStreamConfig codec) {
        Map<String, long[]> out = shapes(c);
        out.putAll(SpectroStreamWeights.rawCheckpointShapes(codec));
        return out;
    }

    private static void attention(List<Param> out, String p, long d, long kvIn, long h, long dh, boolean sink) {
        out.add(new Param(p + "pre_norm/scale", new long[] {d}));
        out.add(new Param(p + "post_norm/scale", new long[] {d}));
        out.add(new Param(p + "attention/query_projection/kernel", new long[] {d, h, dh}));
        out.add(new Param(p + "attention/key_projection/kernel", new long[] {kvIn, h, dh}));
        out.add(new Param(p + "attention/value_projection/kernel", new long[] {kvIn, h, dh}));
        out.add(new Param(p + "attention/per_dim_scale", new long[] {dh}));
        if (sink) {
            out.add(new Param(p + "attention/sink_key_embeddings", new long[] {1, h, dh}));
            out.add(new Param(p + "attention/sink_value_embeddings", new long[] {1, h, dh}));
        }
        out.add(new Param(p + "output_projection/kernel", new long[] {d, h, dh}));
    }

    private static void ffn(List<Param> out, String p, long d, long f) {
        out.add(new Param(p + "pre_norm/scale", new long[] {d}));
        out.add(new Param(p + "post_norm/scale", new long[] {d}));
        out.add(new Param(p + "ffn_layer1/kernel", new long[] {d, f}));
        out.add(new Param(p + "ffn_layer1/bias", new long[] {f}));
        out.add(new Param(p + "ffn_layer2/kernel", new long[] {f, d}));
        out.add(new Param(p + "ffn_layer2/bias", new long[] {d}));
    }
}
