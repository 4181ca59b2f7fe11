package mrtbox.inference.mrt2;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import mrtbox.inference.weights.WeightException;
import mrtbox.inference.weights.WeightSource;

/**
 * The hyper-parameters of an MRT2 Depthformer (spec mrt2.md section 1.3). The token layout is fixed by the release
 * (see {@link Mrt2Vocab}); only widths, layer counts and the attention window vary.
 *
 * @param dTemporal     temporal width, also the shared audio-token embedding width
 * @param tHeads        temporal attention heads (self and cross)
 * @param tHeadDim      temporal units per head
 * @param tFfn          temporal FFN hidden width
 * @param tLayers       temporal layers
 * @param window        W: past frames each temporal attention sees besides the current one
 * @param dEncoder      conditioning-encoder output width (cross-attention source)
 * @param dDepth        depth transformer width
 * @param depthHeads    depth attention heads
 * @param depthHeadDim  depth units per head
 * @param depthFfn      depth FFN hidden width
 * @param depthLayers   depth layers
 * @param styleDim      MusicCoCa dequantizer width (768 in the release)
 */
public record Mrt2Config(int dTemporal, int tHeads, int tHeadDim, int tFfn, int tLayers, int window, int dEncoder, int dDepth,
                         int depthHeads, int depthHeadDim, int depthFfn, int depthLayers, int styleDim) {
    public static final float NORM_EPS = 1e-6f;
    public static final float SOFT_CAP = 30f;

    public Mrt2Config {
        int[] all = {dTemporal, tHeads, tHeadDim, tFfn, tLayers, window, dEncoder, dDepth, depthHeads, depthHeadDim, depthFfn, depthLayers, styleDim};
        for (int v : all) if (v <= 0) throw new IllegalArgumentException("MRT2 config values must be positive: " + java.util.Arrays.toString(all));
    }

    /** mrt2_small (230M): temporal 12 x 1024, W 41, encoder 256, depth 2 x 768. */
    public static Mrt2Config small() {
        return new Mrt2Config(1024, 8, 128, 4096, 12, 500 / 12, 256, 768, 6, 128, 3072, 2, 768);
    }

    /** mrt2_base (2.4B): temporal 20 x 3072, W 25, encoder 1024, depth 6 x 1024. */
    public static Mrt2Config base() {
        return new Mrt2Config(3072, 24, 128, 8192, 20, 500 / 20, 1024, 1024, 8, 128, 4096, 6, 768);
    }

    /** tiny-mrt2: the golden case's widths (real token layout, tiny layers). */
    public static Mrt2Config tiny() {
        return new Mrt2Config(32, 2, 16, 64, 2, 3, 16, 16, 2, 8, 32, 1, 8);
    }

    /** From a golden case's config.json (kind mrt2_step). */
    public static Mrt2Config fromCaseConfig(JsonNode c) {
        return new Mrt2Config(c.path("d_t").asInt(), c.path("t_heads").asInt(), c.path("t_head_dim").asInt(), c.path("t_ffn").asInt(),
                c.path("t_layers").asInt(), c.path("window").asInt(), c.path("d_enc").asInt(), c.path("d_depth").asInt(),
                c.path("depth_heads").asInt(), c.path("depth_head_dim").asInt(), c.path("depth_ffn").asInt(), c.path("depth_layers").asInt(),
                c.path("style_dim").asInt());
    }

    /**
     * Reads the dimensions from a raw checkpoint's tensor shapes. The window is not stored: the reference's export
     * bakes in {@code 500 / temporal layers} (25 for base, 41 for small), which is what this returns unless a
     * safetensors file says otherwise in its {@code __metadata__["window"]} (files this program writes for tiny models).
     */
    public static Mrt2Config fromWeights(WeightSource w) throws IOException {
        int tLayers = countLayers(w, Mrt2Params.TEMPORAL_PREFIX);
        int dLayers = countLayers(w, Mrt2Params.DEPTH_PREFIX);
        if (tLayers == 0) throw new WeightException(w.location() + ": no temporal layers ('" + Mrt2Params.TEMPORAL_PREFIX + "0/...'): not an MRT2 checkpoint");
        if (dLayers == 0) throw new WeightException(w.location() + ": no depth layers ('" + Mrt2Params.DEPTH_PREFIX + "0/...')");
        long[] q = w.shape(Mrt2Params.temporal(0, "self_attention/attention/query_projection/kernel"));
        long[] ff = w.shape(Mrt2Params.temporal(0, "ffn/ffn_layer1/kernel"));
        long[] ck = w.shape(Mrt2Params.temporal(0, "cross_attention/attention/key_projection/kernel"));
        long[] dq = w.shape(Mrt2Params.depth(0, "self_attention/attention/query_projection/kernel"));
        long[] dff = w.shape(Mrt2Params.depth(0, "ffn/ffn_layer1/kernel"));
        long[] mulan = w.shape(Mrt2Params.MULAN_EMBEDDING);
        for (long[] s : new long[][] {q, ck, dq}) {
            if (s.length != 3) throw new WeightException(w.location() + ": attention kernels must be [in, heads, head_dim], found " + java.util.Arrays.toString(s));
        }
        int window = 500 / tLayers;
        if (w instanceof mrtbox.inference.weights.SafetensorsFile f && f.metadata().containsKey("window")) {
            try {
                window = Integer.parseInt(f.metadata().get("window"));
            } catch (NumberFormatException e) {
                throw new WeightException(w.location() + ": __metadata__ window '" + f.metadata().get("window") + "' is not a number");
            }
        }
        return new Mrt2Config((int) q[0], (int) q[1], (int) q[2], (int) ff[1], tLayers, window, (int) ck[0], (int) dq[0],
                (int) dq[1], (int) dq[2], (int) dff[1], dLayers, (int) mulan[1]);
    }

    private static int countLayers(WeightSource w, String prefix) {
        int n = 0;
        while (true) {
            String p = prefix + n + "/";
            if (w.names().stream().noneMatch(s -> s.startsWith(p))) return n;
            n++;
        }
    }

    /** The same model with another attention window (the window is not stored in a raw checkpoint). */
    public Mrt2Config withWindow(int w) {
        return new Mrt2Config(dTemporal, tHeads, tHeadDim, tFfn, tLayers, w, dEncoder, dDepth, depthHeads, depthHeadDim, depthFfn, depthLayers, styleDim);
    }

    public int tWidth() {
        return tHeads * tHeadDim;
    }

    public int depthWidth() {
        return depthHeads * depthHeadDim;
    }

    /** Whether the checkpoint has a depth input adapter (only when the temporal and depth widths differ). */
    public boolean hasDepthAdapter() {
        return dTemporal != dDepth;
    }

    public long parameterCount() {
        long n = 0;
        for (Mrt2Params.Param p : Mrt2Params.all(this)) n += mrtbox.inference.weights.FloatTensor.elementCount(p.shape());
        return n;
    }

    /** A name for people: "mrt2-small", "mrt2-base", or the dimensions. */
    public String describe() {
        if (equals(small())) return "mrt2-small";
        if (equals(base())) return "mrt2-base";
        return "mrt2 d" + dTemporal + "x" + tLayers + " W" + window + " depth " + dDepth + "x" + depthLayers;
    }
}
