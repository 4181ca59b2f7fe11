package mrtbox.inference.codec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mrtbox.inference.tf.TfSessions;
import mrtbox.inference.weights.FloatTensor;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The SpectroStream encoder as a TensorFlow graph, whole-sequence (SL {@code layer()} semantics, as the reference
 * exports it): audio {@code [N + 480, channels]} in (N a multiple of 1920; the extra 480 samples are the last STFT
 * frame's second half, the continuation of the signal or zeros), latent {@code [N / 1920, latent]} out.
 *
 * <ol>
 *   <li>STFT, {@code reverse_causal}: frame i is samples {@code [480 i, 480 i + 960)}, periodic Hann window, rfft 960,
 *       the Nyquist bin dropped (keep_dc), laid out {@code [T4, 480, (L.re, L.im, R.re, R.im)]}. Computed as a
 *       matmul with a windowed real DFT basis.</li>
 *   <li>Channel groups (L and R) as the batch with shared weights: {@code base_conv_first} 7x7 and
 *       {@code encoder_0..} up to the recombo block; then the groups concatenated (L's channels first).</li>
 *   <li>The remaining strided residual units and the stride-1 {@code bottleneck}.</li>
 *   <li>Flatten {@code [bins, ch]} row-major, {@code output_convs}: 1x1 main + [ELU, 1x1, ELU, 1x1] shortcut.</li>
 * </ol>
 * Every conv is "semicausal" in time (left pad k-s, right pad s-1, stride s) and pads the frequency axis by
 * max(k_f - s_f, 0) split floor/ceil; the AvgPool shortcut pads time (0, s-1) and is "valid" in frequency.
 */
final class SpectroStreamEncoderGraph implements AutoCloseable {
    private final SpectroStreamConfig c;
    private final Graph graph = new Graph();
    private final Ops tf = Ops.create(graph);
    private final Session session;
    private final GraphWeights weights;
    private final Placeholder<TFloat32> audio;
    private final Operand<TFloat32> features;
    private final Operand<TFloat32> latent;

    SpectroStreamEncoderGraph(SpectroStreamEncoderWeights w) {
        this.c = w.config();
        try {
            Map<String, float[]> values = new LinkedHashMap<>();
            Map<String, long[]> shapes = new LinkedHashMap<>();
            for (Map.Entry<String, FloatTensor> e : w.all().entrySet()) {
                if (e.getKey().equals(SpectroStreamWeights.QUANTIZER)) continue; // greedy RVQ runs in Java
                values.put(e.getKey(), e.getValue().toArray());
                shapes.put(e.getKey(), e.getValue().shape());
            }
            values.put("stft_basis", ForwardStft.basis(c.fftLength));
            shapes.put("stft_basis", new long[] {c.fftLength, c.fftLength});
            weights = new GraphWeights(tf, values, shapes);
            audio = tf.withName("audio").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, c.audioChannels)));
            features = stft(audio);
            latent = encoder(features);
            session = TfSessions.open(graph);
            weights.load(session);
        } catch (RuntimeException e) {
            graph.close();
            throw e;
        }
    }

    /** STFT features {@code [T4 * bins * numChannels]} of {@code audio} ({@code [N + hop, ch]} interleaved). */
    float[] features(float[] interleaved) {
        return run(features, interleaved);
    }

    /** Latent frames {@code [N / 1920 * latentDim]} of {@code audio} ({@code [N + hop, ch]} interleaved). */
    float[] latent(float[] interleaved) {
        return run(latent, interleaved);
    }

    private float[] run(Operand<TFloat32> fetch, float[] interleaved) {
        int n = interleaved.length / c.audioChannels;
        try (TFloat32 in = TFloat32.tensorOf(Shape.of(n, c.audioChannels), DataBuffers.of(interleaved, true, false));
                Result res = session.runner().feed(audio, in).fetch(fetch).run()) {
            TFloat32 out = (TFloat32) res.get(0);
            float[] v = new float[(int) out.size()];
            out.asRawTensor().data().asFloats().read(v);
            return v;
        }
    }

    // ---------------------------------------------------------------- graph

    /** [N + hop, ch] -> [1, T4, bins, 2 ch]: frame i = blocks i and i+1 of hop samples, times the windowed DFT. */
    private Operand<TFloat32> stft(Operand<TFloat32> x) {
        int hop = c.frameStep;
        int ch = c.audioChannels;
        int bins = c.numBins;
        Operand<TFloat32> blocks = tf.reshape(x, tf.constant(new int[] {-1, hop, ch}));
        Operand<TInt32> framesCount = tf.math.sub(tf.slice(tf.shape(blocks), tf.constant(new int[] {0}), tf.constant(new int[] {1})),
                tf.constant(new int[] {1}));
        Operand<TFloat32> first = tf.slice(blocks, tf.constant(new int[] {0, 0, 0}),
                tf.concat(List.of(framesCount, tf.constant(new int[] {-1, -1})), tf.constant(0)));
        Operand<TFloat32> second = tf.slice(blocks, tf.constant(new int[] {1, 0, 0}), tf.constant(new int[] {-1, -1, -1}));
        Operand<TFloat32> frames = tf.concat(List.of(first, second), tf.constant(1)); // [T4, 960, ch]
        Operand<TFloat32> rows = tf.reshape(tf.linalg.transpose(frames, tf.constant(new int[] {0, 2, 1})), tf.constant(new int[] {-1, c.fftLength}));
        Operand<TFloat32> spec = tf.linalg.matMul(rows, weights.get("stft_basis")); // [T4 * ch, (re 480 | im 480)]
        spec = tf.reshape(spec, tf.constant(new int[] {-1, ch, 2, bins}));
        spec = tf.linalg.transpose(spec, tf.constant(new int[] {0, 3, 1, 2})); // [T4, bins, ch, (re, im)]
        return tf.reshape(spec, tf.constant(new int[] {1, -1, bins, 2 * ch}));
    }

    private Operand<TFloat32> encoder(Operand<TFloat32> spec) {
        Ops t = tf;
        int groups = c.channelSplits;
        int f = c.numBins;
        Operand<TFloat32> h = GraphWeights.toGroups(t, spec, f, groups);
        h = conv(h, SpectroStreamEncoderWeights.ANCHOR, 1, 1);
        boolean grouped = true;
        for (SpectroStreamConfig.EncoderBlock b : c.encoderBlocks()) {
            if (grouped && !b.grouped()) {
                h = t.expandDims(GraphWeights.fromGroups(t, h, f, groups), t.constant(0));
                grouped = false;
            }
            h = residualUnit(h, b);
            f /= b.strideFreq();
        }
        int width = (int) h.shape().get(3);
        // Flatten [bins, ch] per frame, then output_convs: 1x1 main + [ELU, 1x1, ELU, 1x1] shortcut.
        h = t.reshape(h, t.constant(new int[] {1, -1, 1, f * width}));
        Operand<TFloat32> main = conv1x1(h, "output_convs/conv1x1_last");
        Operand<TFloat32> sc = conv1x1(t.nn.elu(h), "output_convs/shortcut_layer/conv1x1_b1");
        sc = conv1x1(t.nn.elu(sc), "output_convs/shortcut_layer/conv1x1_b2");
        return t.withName("latent").reshape(t.math.add(main, sc), t.constant(new int[] {-1, c.latentDim}));
    }

    /** Body ELU, 3x3, ELU, strided {@code _a} conv; shortcut AvgPool(stride) if strided, 1x1 if the widths differ. */
    private Operand<TFloat32> residualUnit(Operand<TFloat32> x, SpectroStreamConfig.EncoderBlock b) {
        Operand<TFloat32> body = conv(tf.nn.elu(x), b.name() + "/conv2d_3x3", 1, 1);
        body = conv(tf.nn.elu(body), b.name() + "/" + b.stridedConv(), b.strideTime(), b.strideFreq());
        Operand<TFloat32> sc = x;
        if (b.strided()) sc = avgPool(sc, b.strideTime(), b.strideFreq());
        if (b.inChannels() != b.outChannels()) sc = conv1x1(sc, b.name() + "/shortcut_layer/conv1x1");
        return tf.math.add(body, sc);
    }

    /** Semicausal strided conv: time padded (k_t - s_t, s_t - 1), freq (p/2, p - p/2) with p = max(k_f - s_f, 0). */
    private Operand<TFloat32> conv(Operand<TFloat32> x, String path, int st, int sf) {
        Operand<TFloat32> k = weights.kernel(path);
        long[] ks = k.shape().asArray();
        int kt = (int) ks[0], kf = (int) ks[1];
        int[] time = semicausal(kt, st);
        int pf = Math.max(kf - sf, 0);
        Operand<TFloat32> xx = tf.pad(x, tf.constant(new int[][] {{0, 0}, time, {pf / 2, pf - pf / 2}, {0, 0}}), tf.constant(0f));
        Operand<TFloat32> y = tf.nn.conv2d(xx, k, List.of(1L, (long) st, (long) sf, 1L), "VALID");
        return tf.nn.biasAdd(y, weights.bias(path));
    }

    /** Mean over (s_t, s_f) windows, padding time (0, s_t - 1) with zeros that count in the mean, freq "valid". */
    private Operand<TFloat32> avgPool(Operand<TFloat32> x, int st, int sf) {
        Operand<TFloat32> xx = tf.pad(x, tf.constant(new int[][] {{0, 0}, semicausal(st, st), {0, 0}, {0, 0}}), tf.constant(0f));
        return tf.nn.avgPool(xx, List.of(1L, (long) st, (long) sf, 1L), List.of(1L, (long) st, (long) sf, 1L), "VALID");
    }

    private Operand<TFloat32> conv1x1(Operand<TFloat32> x, String path) {
        return GraphWeights.conv1x1(tf, x, weights.kernel(path), weights.bias(path));
    }

    /** SL's semicausal time padding for kernel k and stride s: (k - s, s - 1). */
    static int[] semicausal(int k, int s) {
        int left = Math.max(k - s, 0);
        return new int[] {left, k - 1 - left};
    }

    @Override
    public void close() {
        if (session != null) session.close();
        graph.close();
    }
}
