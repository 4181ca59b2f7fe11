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
 * The SpectroStream decoder's tensors, keyed by their path inside the decoder subtree
 * ({@code input_layer/conv1x1_first/conv/kernel}, {@code decoder_3/conv2dtranspose_3x4/conv/bias}, ...), plus the RVQ
 * codebooks ({@code quantizer/embedding}). Conv kernels are HWIO {@code [k_time, k_freq, in, out]}; transposed-conv
 * kernels are in the JAX convention (no flip).
 *
 * <p>Where the subtree sits differs between files (the raw checkpoint has {@code params/soundstream/decoder/...};
 * the layout of the separate {@code decoder.safetensors} is undocumented), so tensors are found by key suffix and
 * every shape is checked against the config.
 */
public final class SpectroStreamWeights {
    public static final String QUANTIZER = "quantizer/embedding";
    /** The decoder tensor that locates the subtree (found with or without its {@code conv/} level). */
    public static final String ANCHOR = "input_layer/conv1x1_first/conv/kernel";
    static final String WRITE_PREFIX = "params/soundstream/decoder/";
    static final String QUANTIZER_KEY = "params/soundstream/quantizer/embedding";

    private final SpectroStreamConfig config;
    private final Map<String, FloatTensor> tensors;

    private SpectroStreamWeights(SpectroStreamConfig config, Map<String, FloatTensor> tensors) {
        this.config = config;
        this.tensors = Collections.unmodifiableMap(tensors);
    }

    public SpectroStreamConfig config() {
        return config;
    }

    public FloatTensor get(String relativeName) {
        FloatTensor t = tensors.get(relativeName);
        if (t == null) throw new IllegalStateException("no decoder tensor " + relativeName);
        return t;
    }

    public Map<String, FloatTensor> all() {
        return tensors;
    }

    /** Every decoder tensor this config needs, with its shape, in a stable order; the quantizer last. */
    public static Map<String, long[]> expectedShapes(SpectroStreamConfig c) {
        Map<String, long[]> s = new LinkedHashMap<>();
        int wide = c.bottomBins() * c.coreChannels();
        conv(s, "input_layer/conv1x1_first", 1, 1, c.latentDim, wide);
        conv(s, "input_layer/shortcut_layer/conv1x1_b1", 1, 1, c.latentDim, wide);
        conv(s, "input_layer/shortcut_layer/conv1x1_b2", 1, 1, wide, wide);
        conv(s, "input_layers_residual_unit/conv2d_3x3_a", 3, 3, c.coreChannels(), c.coreChannels());
        conv(s, "input_layers_residual_unit/conv2d_3x3", 3, 3, c.coreChannels(), c.coreChannels());
        for (SpectroStreamConfig.DecoderBlock b : c.decoderBlocks()) {
            conv(s, transposedName(b), b.kernelTime(), b.kernelFreq(), b.inChannels(), b.outChannels());
            conv(s, b.name() + "/conv2d_3x3", 3, 3, b.outChannels(), b.outChannels());
            if (b.inChannels() != b.outChannels()) conv(s, b.name() + "/shortcut_layer/conv1x1", 1, 1, b.inChannels(), b.outChannels());
        }
        conv(s, "output_layer/base_conv_last", c.baseConvSize, c.baseConvSize, c.baseChannels, c.numChannels / c.channelSplits);
        s.put(QUANTIZER, new long[] {c.numQuantizers, c.codebookSize, c.latentDim});
        return s;
    }

    /** {@link #expectedShapes} under the raw MRT2 checkpoint's keys ({@code params/soundstream/decoder/...}, {@code params/soundstream/quantizer/embedding}). */
    public static Map<String, long[]> rawCheckpointShapes(SpectroStreamConfig c) {
        Map<String, long[]> out = new LinkedHashMap<>();
        expectedShapes(c).forEach((k, v) -> out.put(k.equals(QUANTIZER) ? QUANTIZER_KEY : WRITE_PREFIX + k, v));
        return out;
    }

    static String transposedName(SpectroStreamConfig.DecoderBlock b) {
        return b.name() + "/conv2dtranspose_" + b.kernelTime() + "x" + b.kernelFreq();
    }

    /** A conv layer's kernel ([k_time, k_freq, in, out], HWIO) and bias shapes under {@code path/conv/}. */
    static void conv(Map<String, long[]> s, String path, int kt, int kf, int in, int out) {
        s.put(path + "/conv/kernel", new long[] {kt, kf, in, out});
        s.put(path + "/conv/bias", new long[] {out});
    }

    /**
     * Reads the decoder subtree from {@code decoder} and the codebooks from {@code quantizer} (they may be the same
     * source, e.g. a raw MRT2 checkpoint), by key suffix, checking every shape.
     */
    public static SpectroStreamWeights load(SpectroStreamConfig config, WeightSource decoder, WeightSource quantizer) throws IOException {
        return load(config, decoder, () -> quantizer.read(uniqueSuffix(quantizer, QUANTIZER), expectedShapes(config).get(QUANTIZER)));
    }

    /** {@link #load(SpectroStreamConfig, WeightSource, WeightSource)} with codebooks already read ([levels, codes, dim]). */
    public static SpectroStreamWeights load(SpectroStreamConfig config, WeightSource decoder, FloatTensor codebooks) throws IOException {
        return load(config, decoder, () -> checkedCodebooks(config, codebooks));
    }

    /** Codebooks read after the decoder's tensors, so a file that is not a decoder is named first. */
    interface Codebooks {
        FloatTensor read() throws IOException;
    }

    static FloatTensor checkedCodebooks(SpectroStreamConfig config, FloatTensor codebooks) throws WeightException {
        long[] expected = expectedShapes(config).get(QUANTIZER);
        if (!java.util.Arrays.equals(codebooks.shape(), expected)) {
            throw new WeightException(codebooks.name() + ": codebooks have shape " + java.util.Arrays.toString(codebooks.shape())
                    + ", expected " + java.util.Arrays.toString(expected));
        }
        return codebooks;
    }

    private static SpectroStreamWeights load(SpectroStreamConfig config, WeightSource decoder, Codebooks codebooks) throws IOException {
        // With or without the "conv/" level under each layer (the reference matches key substrings, so both occur).
        boolean convLevel = decoder.names().stream().anyMatch(n -> n.equals(ANCHOR) || n.endsWith("/" + ANCHOR));
        String anchor = convLevel ? ANCHOR : withoutConvLevel(ANCHOR);
        String prefix = prefixOf(decoder, anchor, "decoder");
        Map<String, FloatTensor> t = new LinkedHashMap<>();
        for (Map.Entry<String, long[]> e : expectedShapes(config).entrySet()) {
            if (e.getKey().equals(QUANTIZER)) {
                t.put(QUANTIZER, codebooks.read());
            } else {
                String full = prefix + (convLevel ? e.getKey() : withoutConvLevel(e.getKey()));
                if (!decoder.names().contains(full)) {
                    throw new WeightException(decoder.location() + ": decoder tensor '" + full + "' is missing (config " + config + ")");
                }
                t.put(e.getKey(), decoder.read(full, e.getValue()));
            }
        }
        return new SpectroStreamWeights(config, t);
    }

    public static String withoutConvLevel(String key) {
        return key.replace("/conv/", "/");
    }

    private static String prefixOf(WeightSource src, String anchor, String what) throws WeightException {
        String name = uniqueSuffix(src, anchor);
        return name.substring(0, name.length() - anchor.length());
    }

    /** The one tensor whose name ends in {@code suffix} (a decoder subtree wins in a whole checkpoint). */
    static String uniqueSuffix(WeightSource src, String suffix) throws WeightException {
        List<String> hits = new ArrayList<>();
        for (String n : src.names()) if (n.equals(suffix) || n.endsWith("/" + suffix)) hits.add(n);
        if (hits.isEmpty()) throw new WeightException(src.location() + ": no tensor ending in '" + suffix + "': not a SpectroStream file");
        if (hits.size() > 1) {
            // A whole checkpoint may hold encoder and decoder subtrees: prefer the one under ".../decoder/".
            List<String> decoderHits = hits.stream().filter(n -> n.contains("decoder/")).toList();
            if (decoderHits.size() == 1 && !suffix.equals(QUANTIZER)) return decoderHits.get(0);
            throw new WeightException(src.location() + ": several tensors end in '" + suffix + "': " + hits);
        }
        return hits.get(0);
    }

    /**
     * Seeded random weights for the built-in tiny models and benchmarks: kernels with variance 1/fan-in (so
     * activations stay in range), small biases, unit-scale codebooks shrinking per level like a trained RVQ's.
     */
    public static SpectroStreamWeights random(SpectroStreamConfig config, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Map<String, FloatTensor> t = new LinkedHashMap<>();
        for (Map.Entry<String, long[]> e : expectedShapes(config).entrySet()) {
            long[] shape = e.getValue();
            float[] v = new float[(int) FloatTensor.elementCount(shape)];
            if (e.getKey().equals(QUANTIZER)) {
                int per = (int) (shape[1] * shape[2]);
                for (int i = 0; i < v.length; i++) v[i] = (float) (r.nextGaussian() / Math.sqrt(1 + i / per));
            } else if (shape.length == 4) {
                double std = 1 / Math.sqrt((double) shape[0] * shape[1] * shape[2]);
                for (int i = 0; i < v.length; i++) v[i] = (float) (r.nextGaussian() * std);
            } else {
                for (int i = 0; i < v.length; i++) v[i] = (float) (r.nextGaussian() * 0.01);
            }
            t.put(e.getKey(), new FloatTensor(e.getKey(), shape, FloatBuffer.wrap(v)));
        }
        return new SpectroStreamWeights(config, t);
    }

    /** Writes {@code decoder.safetensors} and {@code quantizer.safetensors} in the raw-checkpoint naming. */
    public void write(Path dir) throws IOException {
        SafetensorsWriter dec = new SafetensorsWriter().metadata("config", config.toJson());
        SafetensorsWriter q = new SafetensorsWriter();
        for (Map.Entry<String, FloatTensor> e : tensors.entrySet()) {
            FloatTensor t = e.getValue();
            if (e.getKey().equals(QUANTIZER)) q.put(new FloatTensor(QUANTIZER_KEY, t.shape(), t.data()));
            else dec.put(new FloatTensor(WRITE_PREFIX + e.getKey(), t.shape(), t.data()));
        }
        dec.write(dir.resolve("decoder.safetensors"));
        q.write(dir.resolve("quantizer.safetensors"));
    }
}
