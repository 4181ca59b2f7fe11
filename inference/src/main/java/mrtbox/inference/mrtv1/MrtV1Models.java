package mrtbox.inference.mrtv1;

import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;
import mrtbox.inference.codec.AudioDecoder;
import mrtbox.inference.codec.AudioEncoder;
import mrtbox.inference.codec.SpectroStreamDecoder;
import mrtbox.inference.codec.SpectroStreamEncoder;
import mrtbox.inference.codec.savedmodel.SavedModelCodecOptions;
import mrtbox.inference.codec.savedmodel.SavedModelGraphCodec;
import mrtbox.inference.codec.savedmodel.SavedModelSpectroStreamDecoder;
import mrtbox.inference.codec.savedmodel.SavedModelSpectroStreamEncoder;
import mrtbox.inference.codec.savedmodel.SpectroStreamSavedModels;
import mrtbox.inference.tf.UnusableSignatureException;
import mrtbox.inference.kernel.Precision;
import mrtbox.inference.weights.T5xCheckpoint;
import mrtbox.inference.weights.WeightSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds MRT v1 chunk models: the released checkpoints, and the built-in {@code tiny-v1}. */
public final class MrtV1Models {
    private static final Logger log = LoggerFactory.getLogger(MrtV1Models.class);
    public static final String TINY_NAME = "tiny-v1";

    private MrtV1Models() {}

    /**
     * tiny-v1's dimensions: the real vocabulary and geometry (1006 encoder ids, 50 x 16 decoder steps, 29824
     * logits, 128/16 relative buckets) with tiny widths and layer counts.
     */
    public static MrtV1Config tinyConfig() {
        return MrtV1Config.builder().dModel(32).heads(2, 16).mlpDim(64).layers(2, 2, 2).build();
    }

    /**
     * The built-in noise model: {@link #tinyConfig()} with seeded random weights generated in process. It exercises
     * every code path of the real model and makes noise ({@code ModelInfo.builtInNoise}). Its codec is the tiny
     * SpectroStream with seeded random weights, behind the same whole-sequence decode as a real model's. Its LLM runs on
     * the playback engine ({@link Precision#DEFAULT}: bf16 Java kernels, level-restricted sampling).
     */
    public static MrtV1ChunkModel tiny(long seed) throws IOException {
        return tiny(seed, new CodecChunkDecoder(SpectroStreamDecoder.tiny(seed), "tiny SpectroStream (seeded random weights)"));
    }

    /** {@link #tiny(long)} with another decoder (tests hand in a decoder they can check). */
    public static MrtV1ChunkModel tiny(long seed, ChunkDecoder decoder) throws IOException {
        MrtV1Config c = tinyConfig();
        MrtV1Llm llm = MrtV1Llm.load(randomWeights(c, seed), c, new DepthformerLlm.Options(true, false), Precision.DEFAULT);
        return new MrtV1ChunkModel(TINY_NAME, llm, decoder, true, SamplingSettings.EosPolicy.NEVER);
    }

    /**
     * A released (or fine-tuned) LLM checkpoint: the T5X directory or .tar ({@code llm_base_x4286_c1860k.tar},
     * {@code llm_large_x3047_c1860k.tar}); dimensions are read from the checkpoint.
     */
    public static MrtV1ChunkModel load(Path checkpoint, ChunkDecoder decoder, DepthformerLlm.Options options, SamplingSettings.EosPolicy eos)
            throws IOException {
        return load(checkpoint, decoder, options, eos, Precision.DEFAULT);
    }

    /** {@link #load(Path, ChunkDecoder, DepthformerLlm.Options, SamplingSettings.EosPolicy)} on the engine of {@code precision}. */
    public static MrtV1ChunkModel load(Path checkpoint, ChunkDecoder decoder, DepthformerLlm.Options options, SamplingSettings.EosPolicy eos,
                                       Precision precision) throws IOException {
        try (T5xCheckpoint ckpt = T5xCheckpoint.open(checkpoint)) {
            MrtV1Config c = MrtV1Config.fromCheckpoint(ckpt);
            MrtV1Llm llm = MrtV1Llm.load(ckpt, c, options, precision);
            return new MrtV1ChunkModel(nameOf(c, checkpoint), llm, decoder, false, eos);
        }
    }

    /** Every tensor of an MRT v1 LLM checkpoint with these dimensions: name to shape. */
    public static java.util.Map<String, long[]> tensorShapes(MrtV1Config c) {
        return DepthformerParams.shapes(c);
    }

    /** T5X keeps the training state ({@code state.step}, optimizer slots) beside the model's {@code target.*} tensors. */
    public static final String TRAINING_STATE_PREFIX = "state.";

    /**
     * The checkpoint held against the tensor list its dimensions imply (the dimensions come from the checkpoint's
     * names and shapes, so a wrong derivation shows as missing or unexpected tensors); training state is listed apart.
     */
    public static mrtbox.inference.weights.TensorInventory inventory(WeightSource checkpoint) throws IOException {
        return mrtbox.inference.weights.TensorInventory.of(checkpoint, tensorShapes(MrtV1Config.fromCheckpoint(checkpoint)),
                n -> n.startsWith(TRAINING_STATE_PREFIX));
    }

    /**
     * The chunk decoder for an installed codec folder, by its layout: the release's SavedModels
     * ({@code ssv2_48k_stereo/} with {@code decoder/} and {@code quantizer/}) decode whole chunks through the decoder
     * signature as the reference does; when that signature is missing or traced at a fixed length, the decoder's
     * {@code variables/} run in the project's decoder graph instead (the log says which path was taken; when both
     * fail, the error gives both reasons). A folder with {@code decoder.safetensors} and {@code quantizer.safetensors}
     * runs the project's decoder graph.
     */
    public static ChunkDecoder chunkDecoder(Path codecDir) throws IOException {
        if (!SpectroStreamSavedModels.isLayout(codecDir)) return new CodecChunkDecoder(SpectroStreamDecoder.load(codecDir), codecDir + " (safetensors)");
        try {
            return new SavedModelChunkDecoder(SavedModelSpectroStreamDecoder.load(codecDir));
        } catch (UnusableSignatureException noSignature) {
            AudioDecoder graph;
            try {
                graph = SavedModelGraphCodec.decoder(codecDir, SavedModelCodecOptions.defaults());
            } catch (IOException | RuntimeException e) {
                throw new IOException(noSignature.getMessage() + "; and its variables/ in the project's decoder graph: " + e.getMessage(), e);
            }
            log.warn("{}; decoding with the project's decoder graph on the SavedModel's variables/", noSignature.getMessage());
            return new CodecChunkDecoder(graph, codecDir + " (decoder/variables in the project's graph)");
        }
    }

    /**
     * The audio encoder for injection, by the same layout rule as {@link #chunkDecoder}: the release's
     * {@code encoder/} + {@code quantizer/} SavedModels through their signatures, or when the encoder signature is
     * missing or traced at a fixed length its {@code variables/} in the project's encoder graph (greedy RVQ in Java);
     * or {@code encoder.safetensors} + {@code quantizer.safetensors}.
     */
    public static AudioEncoder encoder(Path codecDir) throws IOException {
        if (!SpectroStreamSavedModels.isLayout(codecDir)) return SpectroStreamEncoder.load(codecDir);
        try {
            return SavedModelSpectroStreamEncoder.load(codecDir);
        } catch (UnusableSignatureException noSignature) {
            AudioEncoder graph;
            try {
                graph = SavedModelGraphCodec.encoder(codecDir, SavedModelCodecOptions.defaults());
            } catch (IOException | RuntimeException e) {
                throw new IOException(noSignature.getMessage() + "; and its variables/ in the project's encoder graph: " + e.getMessage(), e);
            }
            log.warn("{}; encoding with the project's encoder graph on the SavedModel's variables/", noSignature.getMessage());
            return graph;
        }
    }

    /** The LLM checkpoint of an installed MRT v1 model: its manifest's {@code llm} component. */
    public static Path llmCheckpoint(Path modelDir) throws IOException {
        mrtbox.inference.install.ModelManifest m = mrtbox.inference.install.ModelManifest.read(modelDir.resolve(mrtbox.inference.install.ModelManifest.FILE_NAME));
        String llm = m.components().get("llm");
        if (!"mrt-v1".equals(m.kind()) || llm == null) {
            throw new IOException(modelDir + ": not an MRT v1 model (kind '" + m.kind() + "', components " + m.components().keySet() + ")");
        }
        return modelDir.resolve(llm);
    }

    static String nameOf(MrtV1Config c, Path checkpoint) {
        if (c.dModel() == 768 && c.encoderLayers() == 12) return "mrt-v1-base";
        if (c.dModel() == 1024 && c.encoderLayers() == 24) return "mrt-v1-large";
        String file = checkpoint.getFileName().toString();
        return "mrt-v1-" + (file.endsWith(".tar") ? file.substring(0, file.length() - 4) : file);
    }

    /**
     * Seeded random weights for {@code c} under the release's tensor names: kernels uniform with variance 1/fan_in,
     * embeddings and relative biases of scale 1 and 0.1, norm scales 1. Each tensor is generated when read (from
     * the seed and its name), so even base-size random models never sit in the Java heap whole.
     */
    public static WeightSource randomWeights(MrtV1Config c, long seed) {
        return new RandomWeights(c, seed);
    }

    private static final class RandomWeights implements WeightSource {
        private final long seed;
        private final java.util.Map<String, long[]> shapes = new java.util.LinkedHashMap<>();

        RandomWeights(MrtV1Config c, long seed) {
            this.seed = seed;
            for (DepthformerParams.Param p : DepthformerParams.all(c)) shapes.put(p.name(), p.shape());
        }

        @Override
        public String location() {
            return "random weights (seed " + seed + ")";
        }

        @Override
        public java.util.Set<String> names() {
            return java.util.Collections.unmodifiableSet(shapes.keySet());
        }

        @Override
        public long[] shape(String name) throws IOException {
            long[] s = shapes.get(name);
            if (s == null) throw new mrtbox.inference.weights.WeightException(location() + ": no tensor '" + name + "'");
            return s.clone();
        }

        @Override
        public mrtbox.inference.weights.FloatTensor read(String name) throws IOException {
            long[] shape = shape(name);
            int n = (int) mrtbox.inference.weights.FloatTensor.elementCount(shape);
            float[] v = new float[n];
            if (name.endsWith(".scale")) {
                java.util.Arrays.fill(v, 1f);
            } else {
                SplittableRandom rnd = new SplittableRandom(seed * 31 + name.hashCode());
                double scale = name.endsWith("rel_embedding") ? 0.1 : name.equals(DepthformerParams.EMBEDDING) ? 1.0 : 1.0 / Math.sqrt(shape[0]);
                double half = scale * Math.sqrt(3); // uniform(-a, a) has variance a^2 / 3
                for (int i = 0; i < n; i++) v[i] = (float) ((rnd.nextDouble() * 2 - 1) * half);
            }
            return new mrtbox.inference.weights.FloatTensor(name, shape, java.nio.FloatBuffer.wrap(v));
        }

        @Override
        public void close() {}
    }
}
