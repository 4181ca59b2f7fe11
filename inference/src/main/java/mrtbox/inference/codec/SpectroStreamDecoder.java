package mrtbox.inference.codec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import mrtbox.inference.tf.TfSessions;
import mrtbox.inference.weights.SafetensorsFile;
import mrtbox.inference.weights.WeightException;

/**
 * The SpectroStream decoder (codec tokens to 48 kHz stereo) on TensorFlow Java: RVQ dequantization in Java (sum of
 * the first K codebooks), the {@link InputLayer} on the Vector API kernel (f32 or bf16 weights), then
 * {@link SpectroStreamGraph}. See {@link AudioDecoder} for the whole-sequence and
 * streaming alignment. Built from the released {@code decoder.safetensors} + {@code quantizer.safetensors}
 * ({@link #load}), from any {@link SpectroStreamWeights}, or with seeded random weights for the tiny models
 * ({@link #tiny}).
 */
public final class SpectroStreamDecoder implements AudioDecoder {
    private final SpectroStreamConfig config;
    private final ResidualQuantizer quantizer;
    private final InputLayer input;
    private final SpectroStreamGraph graph;
    private final int intraOpThreads;
    private final WeightStorage storage;
    private int wholePieceFrames = 8;

    public SpectroStreamDecoder(SpectroStreamWeights weights) throws IOException {
        this(weights, TfSessions.intraOpThreads());
    }

    /**
     * @param intraOpThreads threads each graph op may use: the default is every core; 1 leaves the other cores to
     *                       a model that runs beside the codec (a pipelined frame)
     */
    public SpectroStreamDecoder(SpectroStreamWeights weights, int intraOpThreads) throws IOException {
        this(weights, intraOpThreads, WeightStorage.F32);
    }

    /**
     * @param storage f32 (conformance) or bf16: the Java input layer stores its weights in bf16 (half the bytes per
     *                frame) and the graph's convs compute in bf16 (about twice oneDNN's f32 speed on AVX-512 BF16), as
     *                the MRT2 reference does; the audio is within bf16 rounding of f32's
     */
    public SpectroStreamDecoder(SpectroStreamWeights weights, int intraOpThreads, WeightStorage storage) throws IOException {
        this.config = weights.config();
        this.quantizer = ResidualQuantizer.of(weights.get(SpectroStreamWeights.QUANTIZER));
        this.input = new InputLayer(weights, storage);
        try {
            this.graph = new SpectroStreamGraph(weights, intraOpThreads, storage == WeightStorage.BF16);
        } catch (RuntimeException e) {
            input.close();
            throw e;
        }
        this.intraOpThreads = intraOpThreads;
        this.storage = storage;
    }

    /**
     * Loads {@code decoder.safetensors} and {@code quantizer.safetensors} from {@code dir} with the real config, or
     * with the config in the decoder file's {@code __metadata__["config"]} when it has one (golden and tiny files).
     */
    public static SpectroStreamDecoder load(Path dir) throws IOException {
        return load(dir, TfSessions.intraOpThreads());
    }

    /** {@link #load(Path)} with {@code intraOpThreads} threads per graph op. */
    public static SpectroStreamDecoder load(Path dir, int intraOpThreads) throws IOException {
        return load(dir, intraOpThreads, WeightStorage.F32);
    }

    /** {@link #load(Path)} with {@code intraOpThreads} threads per graph op, in {@code storage}. */
    public static SpectroStreamDecoder load(Path dir, int intraOpThreads, WeightStorage storage) throws IOException {
        Path dec = dir.resolve("decoder.safetensors");
        Path q = dir.resolve("quantizer.safetensors");
        for (Path p : new Path[] {dec, q}) {
            if (!Files.isRegularFile(p)) throw new WeightException(p + ": missing (a SpectroStream directory holds decoder.safetensors and quantizer.safetensors)");
        }
        try (SafetensorsFile d = SafetensorsFile.open(dec); SafetensorsFile qf = SafetensorsFile.open(q)) {
            SpectroStreamConfig config = SpectroStreamConfig.real();
            String meta = d.metadata().get("config");
            if (meta != null) config = SpectroStreamConfig.fromJson(new com.fasterxml.jackson.databind.ObjectMapper().readTree(meta));
            return new SpectroStreamDecoder(SpectroStreamWeights.load(config, d, qf), intraOpThreads, storage);
        }
    }

    /** From one MRT2 raw checkpoint ({@code checkpoints/<name>.safetensors}) holding {@code params/soundstream/...}. */
    public static SpectroStreamDecoder loadCheckpoint(SpectroStreamConfig config, Path checkpoint) throws IOException {
        try (SafetensorsFile f = SafetensorsFile.open(checkpoint)) {
            return new SpectroStreamDecoder(SpectroStreamWeights.load(config, f, f));
        }
    }

    /**
     * {@link #loadCheckpoint} with the real config, or the one in the checkpoint's
     * {@code __metadata__["spectrostream_config"]} (written by mrtbox for its tiny installs; the release has none).
     */
    public static SpectroStreamDecoder loadCheckpoint(Path checkpoint) throws IOException {
        return loadCheckpoint(checkpoint, TfSessions.intraOpThreads(), WeightStorage.F32);
    }

    /** {@link #loadCheckpoint(Path)} with {@code intraOpThreads} threads per graph op, in {@code storage}. */
    public static SpectroStreamDecoder loadCheckpoint(Path checkpoint, int intraOpThreads, WeightStorage storage) throws IOException {
        SpectroStreamConfig config = SpectroStreamConfig.real();
        try (SafetensorsFile f = SafetensorsFile.open(checkpoint)) {
            String meta = f.metadata().get(CHECKPOINT_CONFIG_KEY);
            if (meta != null) config = SpectroStreamConfig.fromJson(new com.fasterxml.jackson.databind.ObjectMapper().readTree(meta));
            return new SpectroStreamDecoder(SpectroStreamWeights.load(config, f, f), intraOpThreads, storage);
        }
    }

    /** Where a raw checkpoint written by mrtbox keeps a non-real codec's config. */
    public static final String CHECKPOINT_CONFIG_KEY = "spectrostream_config";

    public static SpectroStreamDecoder load(SpectroStreamConfig config, Path decoderFile, Path quantizerFile) throws IOException {
        try (SafetensorsFile d = SafetensorsFile.open(decoderFile); SafetensorsFile qf = SafetensorsFile.open(quantizerFile)) {
            return new SpectroStreamDecoder(SpectroStreamWeights.load(config, d, qf));
        }
    }

    /** The built-in tiny codec: {@link SpectroStreamConfig#tiny()} with seeded random weights. It makes noise. */
    public static SpectroStreamDecoder tiny(long seed) {
        return tiny(seed, WeightStorage.F32);
    }

    /** {@link #tiny(long)} in {@code storage}. */
    public static SpectroStreamDecoder tiny(long seed, WeightStorage storage) {
        try {
            return new SpectroStreamDecoder(SpectroStreamWeights.random(SpectroStreamConfig.tiny(), seed), TfSessions.intraOpThreads(), storage);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public SpectroStreamConfig config() {
        return config;
    }

    public int intraOpThreads() {
        return intraOpThreads;
    }

    public WeightStorage storage() {
        return storage;
    }

    public ResidualQuantizer quantizer() {
        return quantizer;
    }

    @Override
    public CodecInfo info() {
        return config.info();
    }

    /** Sum of codebook vectors per frame: {@code [T * latentDim]}. */
    public float[] dequantize(int[][] tokens) {
        for (int t = 0; t < tokens.length; t++) {
            if (tokens[t].length != tokens[0].length) {
                throw new IllegalArgumentException("frame " + t + " has " + tokens[t].length + " levels, frame 0 has " + tokens[0].length);
            }
        }
        return quantizer.decodeFrames(tokens);
    }

    @Override
    public float[] decode(int[][] tokens) {
        return decodeEmbeddings(dequantize(tokens), tokens.length);
    }

    @Override
    public float[] step(int[][] tokens) {
        return stepEmbeddings(dequantize(tokens), tokens.length);
    }

    /** Whole-sequence decode of latent frames ({@code [frames * latentDim]}). */
    public float[] decodeEmbeddings(float[] latent, int frames) {
        checkLatent(latent, frames);
        if (frames <= config.lookahead) {
            throw new IllegalArgumentException("whole-sequence decode needs more than " + config.lookahead + " frame(s) (lookahead), got " + frames);
        }
        // Same time grid as streaming (any split of the frames gives the same audio), in bounded pieces so the
        // activations of a 51-frame chunk never need to be in memory at once.
        graph.reset(graph.whole());
        int per = config.samplesPerFrame() * config.audioChannels;
        int drop = config.lookahead * per;
        float[] out = new float[(frames - config.lookahead) * per];
        for (int t = 0; t < frames; t += wholePieceFrames) {
            int n = Math.min(wholePieceFrames, frames - t);
            float[] piece = graph.run(graph.whole(), input.apply(Arrays.copyOfRange(latent, t * config.latentDim, (t + n) * config.latentDim), n), n);
            int at = t * per - drop;
            int from = Math.max(0, -at);
            System.arraycopy(piece, from, out, at + from, piece.length - from);
        }
        return out;
    }

    /**
     * One streaming step of latent frames with a full trace: op microseconds per layer scope (benchmarks), the Java
     * input layer as scope {@code input_layer}.
     */
    Map<String, Long> stepEmbeddingsTraced(float[] latent, int frames) {
        checkLatent(latent, frames);
        long t0 = System.nanoTime();
        float[] h = input.apply(latent, frames);
        long inputUs = (System.nanoTime() - t0) / 1000;
        Map<String, Long> out = new java.util.LinkedHashMap<>();
        out.put("input_layer", inputUs);
        out.putAll(graph.runTraced(graph.stream(), h, frames));
        return out;
    }

    /** Streaming decode of latent frames, continuing the stream state. */
    public float[] stepEmbeddings(float[] latent, int frames) {
        checkLatent(latent, frames);
        if (frames == 0) return new float[0];
        return graph.run(graph.stream(), input.apply(latent, frames), frames);
    }

    private void checkLatent(float[] latent, int frames) {
        if (latent.length != frames * config.latentDim) {
            throw new IllegalArgumentException(latent.length + " latent values for " + frames + " frames of " + config.latentDim);
        }
    }

    @Override
    public void reset() {
        graph.reset(graph.stream());
    }

    @Override
    public Map<String, long[]> streamStateShapes() {
        return graph.stateShapes(graph.stream());
    }

    @Override
    public Map<String, float[]> saveStreamState() {
        return graph.saveState(graph.stream());
    }

    @Override
    public void loadStreamState(Map<String, float[]> state) {
        checkStreamState(state);
        graph.loadState(graph.stream(), state);
    }

    /** Codec frames per graph call in whole-sequence decoding (default 8): bounds memory, not the result. */
    public SpectroStreamDecoder wholePieceFrames(int frames) {
        if (frames < 1) throw new IllegalArgumentException("piece size must be positive");
        this.wholePieceFrames = frames;
        return this;
    }

    @Override
    public void close() {
        graph.close();
        input.close();
    }
}
