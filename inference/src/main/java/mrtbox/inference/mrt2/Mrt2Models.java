package mrtbox.inference.mrt2;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import mrtbox.inference.codec.AudioDecoder;
import mrtbox.inference.codec.SpectroStreamConfig;
import mrtbox.inference.codec.SpectroStreamDecoder;
import mrtbox.inference.codec.WeightStorage;
import mrtbox.inference.codec.SpectroStreamEncoder;
import mrtbox.inference.codec.SpectroStreamEncoderWeights;
import mrtbox.inference.kernel.Precision;
import mrtbox.inference.weights.FloatTensor;
import mrtbox.inference.weights.SafetensorsFile;
import mrtbox.inference.weights.TensorInventory;
import mrtbox.inference.weights.WeightException;
import mrtbox.inference.weights.WeightSource;

/** Builds MRT2 frame models: an installed release (raw checkpoint + SpectroStream), and the built-in {@code tiny-mrt2}. */
public final class Mrt2Models {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Mrt2Models.class);

    public static final String TINY_NAME = "tiny-mrt2";

    private Mrt2Models() {}

    /**
     * The built-in noise model: {@link Mrt2Config#tiny()} with seeded random weights and the tiny random codec. Real
     * token layout, every code path of the real model; it makes noise ({@code ModelInfo.builtInNoise}).
     */
    public static Mrt2FrameModel tiny(long seed, boolean trueCfg) throws IOException {
        return tiny(seed, trueCfg, Precision.DEFAULT);
    }

    /** {@link #tiny} on the engine of {@code precision}. */
    public static Mrt2FrameModel tiny(long seed, boolean trueCfg, Precision precision) throws IOException {
        Mrt2Config c = Mrt2Config.tiny();
        Mrt2Llm llm = Mrt2Llm.load(randomWeights(c, seed), c, trueCfg, precision);
        return new Mrt2FrameModel(TINY_NAME, llm, SpectroStreamDecoder.tiny(seed, WeightStorage.of(precision)), true);
    }

    /**
     * An installed MRT2 model directory (spec mrt2.md section 5.1): {@code checkpoints/<name>.safetensors} (the raw
     * checkpoint; exactly one, or the one named {@code name}) and {@code resources/spectrostream/} (decoder and
     * quantizer safetensors). Dimensions are read from the checkpoint.
     */
    public static Mrt2FrameModel load(Path modelDir, String name, boolean trueCfg) throws IOException {
        return load(modelDir, name, trueCfg, Precision.DEFAULT);
    }

    /** {@link #load(Path, String, boolean)} on the engine of {@code precision}. */
    public static Mrt2FrameModel load(Path modelDir, String name, boolean trueCfg, Precision precision) throws IOException {
        Path ckpt = checkpoint(modelDir, name);
        AudioDecoder codec = codec(modelDir.resolve("resources/spectrostream"), ckpt, WeightStorage.of(precision));
        try (SafetensorsFile w = SafetensorsFile.open(ckpt)) {
            Mrt2Config c = Mrt2Config.fromWeights(w);
            String file = ckpt.getFileName().toString();
            Mrt2Llm llm = Mrt2Llm.load(w, c, trueCfg, precision);
            return new Mrt2FrameModel(file.substring(0, file.length() - ".safetensors".length()), llm, codec, false);
        } catch (IOException | RuntimeException e) {
            codec.close();
            throw e;
        }
    }

    /** Where the raw checkpoint keeps the SpectroStream codec (read by the codec, not the Depthformer). */
    public static final String CODEC_PREFIX = "params/soundstream/";

    /**
     * The raw checkpoint held against the tensor list its dimensions imply: the Depthformer, plus the real
     * SpectroStream decoder and quantizer when the checkpoint carries a {@code params/soundstream/} subtree (the
     * release does; the built-in tiny install keeps its codec in resources/spectrostream only).
     */
    public static TensorInventory inventory(WeightSource checkpoint) throws IOException {
        Mrt2Config c = Mrt2Config.fromWeights(checkpoint);
        boolean withCodec = checkpoint.names().stream().anyMatch(n -> n.startsWith(CODEC_PREFIX));
        return TensorInventory.of(checkpoint,
                withCodec ? Mrt2Params.rawCheckpoint(c, SpectroStreamConfig.real()) : Mrt2Params.shapes(c));
    }

    /**
     * The codec's intra-op threads in playback: half the cores (at least one), the LLM's kernels use all of them and
     * yield while they wait. The codec decodes frame n while the LLM computes frame n + 1; on the 2-core box the
     * pipelined period was 41.6 ms with LLM 2 + codec 1 against 51.0 ms with 2 + 2 (docs/performance.md).
     * {@code -Dmrtbox.codec.threads} overrides.
     */
    public static int codecThreads() {
        return Integer.getInteger("mrtbox.codec.threads", Math.max(1, Runtime.getRuntime().availableProcessors() / 2));
    }

    /**
     * The codec from {@code resources/spectrostream/} (decoder and quantizer safetensors); when those are absent or
     * laid out differently, from the raw checkpoint's {@code params/soundstream/} subtree, where the reference loader
     * reads it. The log says which path was taken; when neither loads, both reasons are in the error.
     */
    static AudioDecoder codec(Path codecDir, Path checkpoint, WeightStorage storage) throws IOException {
        try {
            AudioDecoder d = SpectroStreamDecoder.load(codecDir, codecThreads(), storage);
            log.info("MRT2 codec ({}) from {}", storage, codecDir);
            return d;
        } catch (WeightException fromFiles) {
            try {
                AudioDecoder d = SpectroStreamDecoder.loadCheckpoint(checkpoint, codecThreads(), storage);
                log.warn("MRT2 codec from the raw checkpoint {} (params/soundstream/): {}", checkpoint, fromFiles.getMessage());
                return d;
            } catch (WeightException fromCheckpoint) {
                throw new WeightException("no SpectroStream codec: " + fromFiles.getMessage() + "; and in the checkpoint: " + fromCheckpoint.getMessage());
            }
        }
    }

    /** The manifest kind of MRT2 installs ({@code mrtbox-model.json}). */
    public static final String KIND = "mrt2";

    /**
     * The manifest of an MRT2 install laid out as the release ships it (spec section 5.1): components
     * {@code checkpoint} = {@code checkpoints/<name>.safetensors}, {@code spectrostream} = {@code resources/spectrostream}
     * and, when present, {@code musiccoca} = {@code resources/musiccoca}; every file hashed.
     */
    public static mrtbox.inference.install.ModelManifest describeInstall(Path dir, String name) throws IOException {
        Map<String, String> comps = new LinkedHashMap<>();
        comps.put("checkpoint", dir.relativize(checkpoint(dir, name)).toString().replace('\\', '/'));
        comps.put("spectrostream", "resources/spectrostream");
        if (Files.isDirectory(dir.resolve("resources/musiccoca"))) comps.put("musiccoca", "resources/musiccoca");
        return mrtbox.inference.install.ModelManifest.describe(dir, KIND, name, comps);
    }

    /** An install described by its manifest (kind {@value #KIND}): the checkpoint and codec components it names. */
    public static Mrt2FrameModel loadInstalled(Path dir, mrtbox.inference.install.ModelManifest m, boolean trueCfg) throws IOException {
        return loadInstalled(dir, m, trueCfg, Precision.DEFAULT);
    }

    /** {@link #loadInstalled(Path, mrtbox.inference.install.ModelManifest, boolean)} on the engine of {@code precision}. */
    public static Mrt2FrameModel loadInstalled(Path dir, mrtbox.inference.install.ModelManifest m, boolean trueCfg, Precision precision) throws IOException {
        if (!KIND.equals(m.kind())) throw new WeightException(dir + ": manifest kind '" + m.kind() + "' is not " + KIND);
        String ckpt = m.components().get("checkpoint");
        String codec = m.components().get("spectrostream");
        if (ckpt == null || codec == null) throw new WeightException(dir + ": an " + KIND + " manifest needs the components checkpoint and spectrostream");
        AudioDecoder decoder = codec(dir.resolve(codec), dir.resolve(ckpt), WeightStorage.of(precision));
        try (SafetensorsFile w = SafetensorsFile.open(dir.resolve(ckpt))) {
            Mrt2Config c = Mrt2Config.fromWeights(w);
            return new Mrt2FrameModel(m.name(), Mrt2Llm.load(w, c, trueCfg, precision), decoder, m.name().equals(TINY_NAME));
        } catch (IOException | RuntimeException e) {
            decoder.close();
            throw e;
        }
    }

    /**
     * Writes tiny-mrt2 (the weights of {@link #tiny} with the same seed) in the release layout: the checkpoint with
     * its window in the metadata, and the tiny codec under resources/spectrostream. For tests and demos of installing.
     */
    public static void writeTiny(Path dir, long seed) throws IOException {
        Mrt2Config c = Mrt2Config.tiny();
        Files.createDirectories(dir.resolve("checkpoints"));
        Files.createDirectories(dir.resolve("resources/spectrostream"));
        mrtbox.inference.weights.SafetensorsWriter w = new mrtbox.inference.weights.SafetensorsWriter().metadata("window", Integer.toString(c.window()));
        try (WeightSource rnd = randomWeights(c, seed)) {
            for (Mrt2Params.Param p : Mrt2Params.all(c)) w.put(rnd.read(p.name()));
        }
        w.write(dir.resolve("checkpoints/" + TINY_NAME + ".safetensors"));
        mrtbox.inference.codec.SpectroStreamWeights.random(mrtbox.inference.codec.SpectroStreamConfig.tiny(), seed).write(dir.resolve("resources/spectrostream"));
        SpectroStreamEncoderWeights.random(SpectroStreamConfig.tiny(), seed).write(dir.resolve("resources/spectrostream"));
    }

    /** The encoder that pairs with {@link #tiny}'s codec (same seed, same codebooks): for prefill from audio. */
    public static SpectroStreamEncoder tinyEncoder(long seed) {
        return SpectroStreamEncoder.tiny(seed);
    }

    /**
     * The SpectroStream encoder of an install ({@code resources/spectrostream/encoder.safetensors} and the quantizer),
     * which prefill from audio needs; a clear error when the install has none.
     */
    public static SpectroStreamEncoder loadEncoder(Path modelDir) throws IOException {
        return SpectroStreamEncoder.load(modelDir.resolve("resources/spectrostream"));
    }

    static Path checkpoint(Path modelDir, String name) throws IOException {
        Path dir = modelDir.resolve("checkpoints");
        if (name != null) {
            Path p = dir.resolve(name + ".safetensors");
            if (!Files.isRegularFile(p)) throw new WeightException(p + ": missing (an MRT2 install holds checkpoints/<name>.safetensors)");
            return p;
        }
        if (!Files.isDirectory(dir)) throw new WeightException(dir + ": missing (an MRT2 install holds checkpoints/<name>.safetensors)");
        try (var s = Files.list(dir)) {
            var found = s.filter(p -> p.getFileName().toString().endsWith(".safetensors")).sorted().toList();
            if (found.size() != 1) throw new WeightException(dir + ": expected exactly one .safetensors checkpoint, found " + found.size() + ": name one");
            return found.get(0);
        }
    }

    /**
     * Seeded random weights for {@code c} under the raw-checkpoint names: kernels uniform with variance 1/fan_in,
     * embeddings of scale 1, norm scales 1, LayerNorm biases 0. Each tensor is generated when read (from the seed
     * and its name), so even small-size random models never sit in the Java heap twice.
     */
    public static WeightSource randomWeights(Mrt2Config c, long seed) {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        for (Mrt2Params.Param p : Mrt2Params.all(c)) shapes.put(p.name(), p.shape());
        return new WeightSource() {
            @Override
            public String location() {
                return "random MRT2 weights (seed " + seed + ")";
            }

            @Override
            public Set<String> names() {
                return Collections.unmodifiableSet(shapes.keySet());
            }

            @Override
            public long[] shape(String name) throws IOException {
                long[] s = shapes.get(name);
                if (s == null) throw new WeightException(location() + ": no tensor '" + name + "'");
                return s.clone();
            }

            @Override
            public FloatTensor read(String name) throws IOException {
                long[] shape = shape(name);
                float[] v = new float[(int) FloatTensor.elementCount(shape)];
                if (name.endsWith("/scale")) {
                    java.util.Arrays.fill(v, 1f);
                } else if (!name.endsWith("_ln/bias")) {
                    SplittableRandom rnd = new SplittableRandom(seed * 31 + name.hashCode());
                    boolean table = name.endsWith("/embedding") || name.endsWith("_embeddings") || name.endsWith("per_dim_scale") || shape.length == 1;
                    double half = (table ? 1.0 : 1.0 / Math.sqrt(shape[0])) * Math.sqrt(3);
                    for (int i = 0; i < v.length; i++) v[i] = (float) ((rnd.nextDouble() * 2 - 1) * half);
                }
                return new FloatTensor(name, shape, FloatBuffer.wrap(v));
            }

            @Override
            public void close() {}
        };
    }
}
