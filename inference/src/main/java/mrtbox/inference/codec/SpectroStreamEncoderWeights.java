package mrtbox.inference.codec;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import mrtbox.inference.weights.FloatTensor;
import mrtbox.inference.weights.SafetensorsWriter;
import mrtbox.inference.weights.WeightException;
import mrtbox.inference.weights.WeightSource;

/**
 * The SpectroStream encoder's tensors ({@code encoder.safetensors}: {@code params/encoder/base_conv_first},
 * {@code encoder_0..6}, {@code bottleneck}, {@code output_convs}), keyed by their path inside the encoder subtree
 * ({@code encoder_2/conv2d_3x6_a/conv/kernel}), plus the RVQ codebooks ({@code quantizer/embedding}, from
 * {@code quantizer.safetensors}). Conv kernels are HWIO {@code [k_time, k_freq, in, out]}.
 *
 * <p>As in the reference MLX loader, the {@code conv/} level under a layer name is optional in the file; the subtree
 * is found by the anchor {@code base_conv_first}, and every shape is checked against the config.
 */
public final class SpectroStreamEncoderWeights {
    /** The first encoder layer, which locates the subtree ({@code base_conv_first/(conv/)kernel}). */
    public static final String ANCHOR = "base_conv_first";
    static final String WRITE_PREFIX = "params/encoder/";

    private final SpectroStreamConfig config;
    private final Map<String, FloatTensor> tensors;

    private SpectroStreamEncoderWeights(SpectroStreamConfig config, Map<String, FloatTensor> tensors) {
        this.config = config;
        this.tensors = Collections.unmodifiableMap(tensors);
    }

    public SpectroStreamConfig config() {
        return config;
    }

    public FloatTensor get(String relativeName) {
        FloatTensor t = tensors.get(relativeName);
        if (t == null) throw new IllegalStateException("no encoder tensor " + relativeName);
        return t;
    }

    public Map<String, FloatTensor> all() {
        return tensors;
    }

    /** Every encoder tensor this config needs with its shape, in graph order; the quantizer last. */
    public static Map<String, long[]> expectedShapes(SpectroStreamConfig c) {
        Map<String, long[]> s = new LinkedHashMap<>();
        int perGroup = c.numChannels / c.channelSplits;
        SpectroStreamWeights.conv(s, ANCHOR, c.baseConvSize, c.baseConvSize, perGroup, c.encoderBaseChannels);
        List<SpectroStreamConfig.EncoderBlock> blocks = c.encoderBlocks();
        for (SpectroStreamConfig.EncoderBlock b : blocks) {
            SpectroStreamWeights.conv(s, b.name() + "/conv2d_3x3", 3, 3, b.inChannels(), b.inChannels());
            SpectroStreamWeights.conv(s, b.name() + "/" + b.stridedConv(), b.kernelTime(), b.kernelFreq(), b.inChannels(), b.outChannels());
            if (b.inChannels() != b.outChannels()) SpectroStreamWeights.conv(s, b.name() + "/shortcut_layer/conv1x1", 1, 1, b.inChannels(), b.outChannels());
        }
        SpectroStreamConfig.EncoderBlock last = blocks.get(blocks.size() - 1);
        int flat = last.binsIn() * last.outChannels();
        SpectroStreamWeights.conv(s, "output_convs/conv1x1_last", 1, 1, flat, c.latentDim);
        SpectroStreamWeights.conv(s, "output_convs/shortcut_layer/conv1x1_b1", 1, 1, flat, flat);
        SpectroStreamWeights.conv(s, "output_convs/shortcut_layer/conv1x1_b2", 1, 1, flat, c.latentDim);
        s.put(SpectroStreamWeights.QUANTIZER, new long[] {c.numQuantizers, c.codebookSize, c.latentDim});
        return s;
    }

    /** Number of encoder parameters (without the codebooks) for {@code c}. */
    public static long parameterCount(SpectroStreamConfig c) {
        long n = 0;
        for (Map.Entry<String, long[]> e : expectedShapes(c).entrySet()) {
            if (!e.getKey().equals(SpectroStreamWeights.QUANTIZER)) n += FloatTensor.elementCount(e.getValue());
        }
        return n;
    }

    /** Reads the encoder subtree from {@code encoder} and the codebooks from {@code quantizer}, checking every shape. */
    public static SpectroStreamEncoderWeights load(SpectroStreamConfig config, WeightSource encoder, WeightSource quantizer) throws IOException {
        return load(config, encoder, () -> quantizer.read(SpectroStreamWeights.uniqueSuffix(quantizer, SpectroStreamWeights.QUANTIZER),
                expectedShapes(config).get(SpectroStreamWeights.QUANTIZER)));
    }

    /** {@link #load(SpectroStreamConfig, WeightSource, WeightSource)} with codebooks already read ([levels, codes, dim]). */
    public static SpectroStreamEncoderWeights load(SpectroStreamConfig config, WeightSource encoder, FloatTensor codebooks) throws IOException {
        return load(config, encoder, () -> SpectroStreamWeights.checkedCodebooks(config, codebooks));
    }

    private static SpectroStreamEncoderWeights load(SpectroStreamConfig config, WeightSource encoder, SpectroStreamWeights.Codebooks codebooks) throws IOException {
        String prefix = prefixOf(encoder);
        Map<String, FloatTensor> t = new LinkedHashMap<>();
        for (Map.Entry<String, long[]> e : expectedShapes(config).entrySet()) {
            String key = e.getKey();
            if (key.equals(SpectroStreamWeights.QUANTIZER)) {
                t.put(key, codebooks.read());
                continue;
            }
            String nested = prefix + key;
            String flat = prefix + key.replace("/conv/", "/");
            String full = encoder.names().contains(nested) ? nested : encoder.names().contains(flat) ? flat : null;
            if (full == null) {
                throw new WeightException(encoder.location() + ": encoder tensor '" + nested + "' is missing (config " + config + ")");
            }
            FloatTensor read = encoder.read(full, e.getValue());
            t.put(key, new FloatTensor(key, read.shape(), read.data()));
        }
        return new SpectroStreamEncoderWeights(config, t);
    }

    /** The path up to {@code base_conv_first/}: {@code params/encoder/} in the released file. */
    private static String prefixOf(WeightSource src) throws WeightException {
        List<String> hits = new ArrayList<>();
        for (String n : src.names()) {
            for (String suffix : new String[] {ANCHOR + "/conv/kernel", ANCHOR + "/kernel"}) {
                if (n.equals(suffix) || n.endsWith("/" + suffix)) hits.add(n.substring(0, n.length() - suffix.length()));
            }
        }
        if (hits.isEmpty()) throw new WeightException(src.location() + ": no tensor ending in '" + ANCHOR + "/(conv/)kernel': not a SpectroStream encoder file");
        if (hits.size() > 1) throw new WeightException(src.location() + ": several encoder subtrees " + hits);
        return hits.get(0);
    }

    /**
     * Seeded random weights for tests and benchmarks: kernels with variance 1/fan-in, small biases. The codebooks are
     * those of {@code SpectroStreamWeights.random(config, seed)}, so a random encoder and decoder of one seed pair up.
     */
    public static SpectroStreamEncoderWeights random(SpectroStreamConfig config, long seed) {
        SplittableRandom r = new SplittableRandom(seed ^ 0x5DEECE66DL);
        Map<String, FloatTensor> t = new LinkedHashMap<>();
        for (Map.Entry<String, long[]> e : expectedShapes(config).entrySet()) {
            long[] shape = e.getValue();
            if (e.getKey().equals(SpectroStreamWeights.QUANTIZER)) {
                t.put(e.getKey(), SpectroStreamWeights.random(config, seed).get(SpectroStreamWeights.QUANTIZER));
                continue;
            }
            float[] v = new float[(int) FloatTensor.elementCount(shape)];
            double std = shape.length == 4 ? 1 / Math.sqrt((double) shape[0] * shape[1] * shape[2]) : 0.01;
            for (int i = 0; i < v.length; i++) v[i] = (float) (r.nextGaussian() * std);
            t.put(e.getKey(), new FloatTensor(e.getKey(), shape, FloatBuffer.wrap(v)));
        }
        return new SpectroStreamEncoderWeights(config, t);
    }

    /** Writes {@code encoder.safetensors} ({@code params/encoder/...}, config in the metadata) and {@code quantizer.safetensors}. */
    public void write(Path dir) throws IOException {
        SafetensorsWriter enc = new SafetensorsWriter().metadata("config", config.toJson());
        SafetensorsWriter q = new SafetensorsWriter();
        for (Map.Entry<String, FloatTensor> e : tensors.entrySet()) {
            FloatTensor t = e.getValue();
            if (e.getKey().equals(SpectroStreamWeights.QUANTIZER)) q.put(new FloatTensor(SpectroStreamWeights.QUANTIZER_KEY, t.shape(), t.data()));
            else enc.put(new FloatTensor(WRITE_PREFIX + e.getKey(), t.shape(), t.data()));
        }
        enc.write(dir.resolve("encoder.safetensors"));
        q.write(dir.resolve("quantizer.safetensors"));
    }
}
