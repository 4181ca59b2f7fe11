package mrtbox.inference.codec;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import mrtbox.inference.weights.SafetensorsFile;
import mrtbox.inference.weights.WeightException;

/**
 * The SpectroStream encoder (48 kHz stereo to codec tokens) on TensorFlow Java: {@link SpectroStreamEncoderGraph}
 * (STFT, strided residual stack, output convs) then greedy RVQ in Java. Whole-sequence, as the reference exports it
 * for prefill ({@code waveform_to_codes_layer.layer}).
 *
 * <p><b>Framing and alignment.</b> N samples give {@code ceil(N / 1920)} frames; the audio is zero-padded to whole
 * frames (as the reference zero-pads to its fixed 28 s). Frame j covers samples {@code [1920 j, 1920 j + 1920)} and
 * also sees the next 480 samples (the reverse-causal STFT's last window), so the last frame of a clip sees zeros there.
 * Relative to {@link SpectroStreamDecoder}: whole-sequence {@code decode(encode(x))} is aligned sample for sample with
 * x ({@code decode} returns {@code 1920 * (T - 1)} samples: the last frame's audio needs one frame of lookahead), and
 * the decoder's stream lags that by 1920 samples.
 *
 * <p>Long inputs run in pieces of {@link #pieceFrames} frames, each with {@link #contextFrames()} frames of left
 * context recomputed (at least the encoder's receptive field), so memory is bounded and the result is the same as one
 * pass.
 */
public final class SpectroStreamEncoder implements AudioEncoder {
    private final SpectroStreamConfig config;
    private final ResidualQuantizer quantizer;
    private final SpectroStreamEncoderGraph graph;
    private final int contextFrames;
    private int pieceFrames = 64;

    public SpectroStreamEncoder(SpectroStreamEncoderWeights weights) throws IOException {
        this.config = weights.config();
        this.quantizer = ResidualQuantizer.of(weights.get(SpectroStreamWeights.QUANTIZER));
        this.graph = new SpectroStreamEncoderGraph(weights);
        this.contextFrames = contextFrames(config);
    }

    /**
     * Loads {@code encoder.safetensors} and {@code quantizer.safetensors} from {@code dir} with the real config, or
     * with the config in the encoder file's {@code __metadata__["config"]} when it has one (tiny and test files).
     */
    public static SpectroStreamEncoder load(Path dir) throws IOException {
        Path enc = dir.resolve("encoder.safetensors");
        Path q = dir.resolve("quantizer.safetensors");
        for (Path p : new Path[] {enc, q}) {
            if (!Files.isRegularFile(p)) throw new WeightException(p + ": missing (the SpectroStream encoder needs encoder.safetensors and quantizer.safetensors)");
        }
        try (SafetensorsFile e = SafetensorsFile.open(enc); SafetensorsFile qf = SafetensorsFile.open(q)) {
            SpectroStreamConfig config = SpectroStreamConfig.real();
            String meta = e.metadata().get("config");
            if (meta != null) config = SpectroStreamConfig.fromJson(new ObjectMapper().readTree(meta));
            return new SpectroStreamEncoder(SpectroStreamEncoderWeights.load(config, e, qf));
        }
    }

    /** The built-in tiny encoder: {@link SpectroStreamConfig#tiny()}, seeded random weights, the codebooks of {@code SpectroStreamDecoder.tiny(seed)}. */
    public static SpectroStreamEncoder tiny(long seed) {
        try {
            return new SpectroStreamEncoder(SpectroStreamEncoderWeights.random(SpectroStreamConfig.tiny(), seed));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public SpectroStreamConfig config() {
        return config;
    }

    @Override
    public CodecInfo info() {
        return config.info();
    }

    public ResidualQuantizer quantizer() {
        return quantizer;
    }

    /** Codec frames for {@code sampleFrames} stereo sample frames: {@code ceil(n / 1920)}. */
    public int frames(int sampleFrames) {
        return (sampleFrames + config.samplesPerFrame() - 1) / config.samplesPerFrame();
    }

    /**
     * Tokens {@code [frames][levels]} of interleaved audio ({@code L0 R0 L1 R1 ...} at {@code sampleRate}, which must
     * be the codec's 48000): greedy RVQ of each latent frame over the first {@code levels} codebooks.
     */
    @Override
    public int[][] encode(float[] interleaved, int sampleRate, int levels) {
        if (levels < 1 || levels > config.numQuantizers) {
            throw new IllegalArgumentException(levels + " levels requested, the codec has 1.." + config.numQuantizers);
        }
        float[] latent = encodeEmbeddings(interleaved, sampleRate);
        return quantize(latent, latent.length / config.latentDim, levels);
    }

    /** Greedy RVQ of latent frames {@code [frames * latentDim]} over the first {@code levels} codebooks. */
    public int[][] quantize(float[] latent, int frames, int levels) {
        if (latent.length != frames * config.latentDim) {
            throw new IllegalArgumentException(latent.length + " latent values for " + frames + " frames of " + config.latentDim);
        }
        int[][] codes = new int[frames][];
        float[] v = new float[config.latentDim];
        for (int t = 0; t < frames; t++) {
            System.arraycopy(latent, t * config.latentDim, v, 0, config.latentDim);
            codes[t] = quantizer.encode(v, levels);
        }
        return codes;
    }

    /** Latent frames {@code [frames * latentDim]} (before RVQ) of interleaved audio at {@code sampleRate}. */
    public float[] encodeEmbeddings(float[] interleaved, int sampleRate) {
        int n = checkAudio(interleaved, sampleRate);
        int frames = frames(n);
        int spf = config.samplesPerFrame();
        int ch = config.audioChannels;
        float[] out = new float[frames * config.latentDim];
        for (int a = 0; a < frames; a += pieceFrames) {
            int b = Math.min(frames, a + pieceFrames);
            int s = Math.max(0, a - contextFrames);
            // Samples [spf * s, spf * b + hop): the extra hop is the next frame's audio (or zeros past the end).
            float[] piece = new float[((b - s) * spf + config.frameStep) * ch];
            int from = s * spf * ch;
            System.arraycopy(interleaved, from, piece, 0, Math.min(piece.length, interleaved.length - from));
            float[] latent = graph.latent(piece);
            System.arraycopy(latent, (a - s) * config.latentDim, out, a * config.latentDim, (b - a) * config.latentDim);
        }
        return out;
    }

    /** STFT features {@code [4 * frames, bins, (L.re, L.im, R.re, R.im)]} as the encoder sees them (whole input, one pass). */
    float[] features(float[] interleaved, int sampleRate) {
        int n = checkAudio(interleaved, sampleRate);
        float[] padded = new float[(frames(n) * config.samplesPerFrame() + config.frameStep) * config.audioChannels];
        System.arraycopy(interleaved, 0, padded, 0, interleaved.length);
        return graph.features(padded);
    }

    private int checkAudio(float[] interleaved, int sampleRate) {
        if (sampleRate != config.sampleRate) {
            throw new IllegalArgumentException("audio is at " + sampleRate + " Hz; the SpectroStream encoder needs " + config.sampleRate + " Hz (resample first)");
        }
        if (interleaved.length == 0) throw new IllegalArgumentException("audio is empty: nothing to encode");
        if (interleaved.length % config.audioChannels != 0) {
            throw new IllegalArgumentException(interleaved.length + " samples is not a whole number of " + config.audioChannels + "-channel frames (interleaved L R L R ...)");
        }
        for (int i = 0; i < interleaved.length; i++) {
            if (!Float.isFinite(interleaved[i])) {
                throw new IllegalArgumentException("sample " + (i / config.audioChannels) + " channel " + (i % config.audioChannels) + " is " + interleaved[i]);
            }
        }
        return interleaved.length / config.audioChannels;
    }

    /**
     * Left context (codec frames) that covers the encoder's receptive field: the 7x7 base conv, per residual unit
     * its 3x3 and the semicausal left pad k-s of its strided conv, each in STFT frames at that unit's rate; plus one.
     */
    static int contextFrames(SpectroStreamConfig c) {
        int rf = c.baseConvSize - 1;
        int rate = 1;
        for (SpectroStreamConfig.EncoderBlock b : c.encoderBlocks()) {
            rf += 2 * rate + (b.kernelTime() - b.strideTime()) * rate;
            rate *= b.strideTime();
        }
        return (rf + c.timeStride() - 1) / c.timeStride() + 1;
    }

    public int contextFrames() {
        return contextFrames;
    }

    /** Codec frames per graph run (default 64): bounds memory, not the result. */
    public SpectroStreamEncoder pieceFrames(int frames) {
        if (frames < 1) throw new IllegalArgumentException("piece size must be positive");
        this.pieceFrames = frames;
        return this;
    }

    @Override
    public String toString() {
        return "SpectroStream encoder graph (" + contextFrames + " context frames)";
    }

    @Override
    public void close() {
        graph.close();
    }
}
