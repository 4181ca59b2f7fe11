package mrtbox.appliance.catalog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import mrtbox.appliance.instrument.MixerStyleBlender;
import mrtbox.appliance.instrument.StyleBlender;
import mrtbox.control.param.ParamSpec;
import mrtbox.control.param.StandardParams;
import mrtbox.inference.codec.AudioEncoder;
import mrtbox.inference.codec.SpectroStreamEncoder;
import mrtbox.inference.model.StreamingModel;
import mrtbox.inference.install.ModelManifest;
import mrtbox.inference.mrt2.Mrt2Models;
import mrtbox.inference.mrtv1.ChunkDecoder;
import mrtbox.inference.mrtv1.DepthformerLlm;
import mrtbox.inference.mrtv1.MrtV1Models;
import mrtbox.inference.mrtv1.SamplingSettings;
import mrtbox.inference.style.EmbeddingCache;
import mrtbox.inference.style.SavedModelCodebooks;
import mrtbox.inference.style.SavedModelStyleEmbedder;
import mrtbox.inference.style.StyleBlend;
import mrtbox.inference.style.StyleEmbedder;
import mrtbox.inference.style.StyleMixer;
import mrtbox.inference.style.TfliteMusicCoca;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A model installed with {@code mrtbox models install} ({@code <models>/<name>/mrtbox-model.json}), by kind:
 * <ul>
 *   <li>{@code mrt2}: components {@code checkpoint} and {@code spectrostream} (safetensors, as released); prompts steer
 *       it through {@code musiccoca} (the release's .tflite MusicCoCa folder, see {@link #openStyle});</li>
 *   <li>{@code mrt-v1}: components {@code llm} (the T5X checkpoint) and {@code spectrostream}: the release's
 *       SavedModel folder {@code savedmodels/ssv2_48k_stereo} ({@code decoder/}, {@code quantizer/}, {@code encoder/})
 *       or a folder with the codec's {@code decoder.safetensors} and {@code quantizer.safetensors}
 *       ({@link MrtV1Models#chunkDecoder} picks by layout); with {@code musiccoca} (the SavedModel), {@code spm} (the
 *       SentencePiece model) and {@code style_codebooks} (the RVQ SavedModel) the prompts steer it.</li>
 * </ul>
 */
public final class InstalledModelProvider implements ModelProvider {
    private static final Logger log = LoggerFactory.getLogger(InstalledModelProvider.class);

    private final Path dir;
    private final ModelManifest manifest;

    InstalledModelProvider(Path dir, ModelManifest manifest) {
        this.dir = dir;
        this.manifest = manifest;
    }

    /** Every readable manifest under the models directory; unreadable ones are logged and left out. */
    public static List<ModelProvider> scan(Path modelsDir) {
        List<ModelProvider> out = new ArrayList<>();
        for (Install i : installs(modelsDir, problem -> log.warn("installed model skipped: {}", problem))) {
            if (Mrt2Models.KIND.equals(i.manifest().kind()) || "mrt-v1".equals(i.manifest().kind())) {
                out.add(new InstalledModelProvider(i.dir(), i.manifest()));
            } else {
                log.warn("{}: model kind '{}' is not one this build plays", i.dir().resolve(ModelManifest.FILE_NAME), i.manifest().kind());
            }
        }
        return out;
    }

    /** One installed model folder and its manifest. */
    private record Install(Path dir, ModelManifest manifest) {}

    /** The readable manifests under the models directory, by folder name; why each unreadable one was left out goes to {@code skipped}. */
    private static List<Install> installs(Path modelsDir, java.util.function.Consumer<String> skipped) {
        List<Install> out = new ArrayList<>();
        if (modelsDir == null || !Files.isDirectory(modelsDir)) return out;
        try (Stream<Path> dirs = Files.list(modelsDir)) {
            for (Path d : dirs.sorted().toList()) {
                Path file = d.resolve(ModelManifest.FILE_NAME);
                if (!Files.isRegularFile(file)) continue;
                try {
                    out.add(new Install(d, ModelManifest.read(file)));
                } catch (IOException e) {
                    skipped.accept(e.getMessage());
                }
            }
        } catch (IOException e) {
            log.warn("cannot list the models directory {}: {}", modelsDir, e.getMessage());
        }
        return out;
    }

    @Override
    public String name() {
        return manifest.name();
    }

    @Override
    public String description() {
        return "installed " + manifest.kind() + " model in " + dir;
    }

    @Override
    public StreamingModel open() throws Exception {
        if (isMrt2()) return Mrt2Models.loadInstalled(dir, manifest, true);
        Path llm = component("llm");
        Path codec = component("spectrostream");
        ChunkDecoder decoder = MrtV1Models.chunkDecoder(codec);
        log.info("{}: {}", name(), decoder);
        try {
            return MrtV1Models.load(llm, decoder, DepthformerLlm.Options.REFERENCE, SamplingSettings.EosPolicy.END_CHUNK);
        } catch (Exception e) {
            decoder.close();
            throw e;
        }
    }

    /**
     * The encoder next to the decoder ({@code encoder.safetensors} + {@code quantizer.safetensors}): MRT2's prefill
     * from audio and audio injection need it; a clear error when the install has none.
     */
    @Override
    public SpectroStreamEncoder openEncoder() throws Exception {
        Path codec = component("spectrostream");
        if (!Files.isRegularFile(codec.resolve("encoder.safetensors"))) {
            throw new java.io.FileNotFoundException(name() + ": no SpectroStream encoder in " + codec + " (encoder.safetensors)");
        }
        return SpectroStreamEncoder.load(codec);
    }

    /** MRT2: {@link #openEncoder}. MRT v1: the codec folder's encoder by layout (release SavedModels or safetensors). */
    @Override
    public AudioEncoder openInjectionEncoder() throws Exception {
        if (isMrt2()) return openEncoder();
        Path codec = component("spectrostream");
        AudioEncoder encoder = MrtV1Models.encoder(codec);
        log.info("{}: audio injection encodes through {}", name(), encoder);
        return encoder;
    }

    @Override
    public StyleBlender openStyle() throws Exception {
        if (isMrt2()) return openMrt2Style();
        V1Style v1 = V1Style.of(dir, manifest, "musiccoca");
        if (v1 == null) {
            log.warn("{}: no usable style model in the install (needs the components musiccoca, spm and style_codebooks); "
                    + "prompts do not steer the music", name());
            return StyleBlender.UNCONDITIONED;
        }
        return v1.open(StyleBlend.ZeroWeights.ZERO_VECTOR, null);
    }

    /**
     * MRT2's style, in the order a user is most likely to have it: the release's TFLite MusicCoCa
     * ({@code resources/musiccoca}, or the folder the {@code musiccoca} component names); else MRT v1's MusicCoCa
     * SavedModel, named by this manifest ({@code musiccoca_savedmodel}, {@code spm}, {@code style_codebooks}) or
     * installed with an MRT v1 model beside this one; else unconditioned, with a log line saying what is missing. A
     * MusicCoCa folder that is there but incomplete is an error (the engine then plays unconditioned, degraded).
     * Before the first prompt is embedded the model hears the reference's default "piano" tokens.
     */
    private StyleBlender openMrt2Style() throws Exception {
        Path tflite = dir.resolve(manifest.components().getOrDefault("musiccoca", "resources/musiccoca"));
        StyleMixer.MixedStyle piano = new StyleMixer.MixedStyle(null, TfliteMusicCoca.defaultTokens(), 0, List.of());
        List<String> missing = TfliteMusicCoca.missingRequired(tflite);
        if (missing.isEmpty()) {
            TfliteMusicCoca mc = TfliteMusicCoca.load(tflite);
            try {
                log.info("{}: prompts steer the music through MusicCoCa (TFLite) in {}", name(), tflite);
                return new MixerStyleBlender(new StyleMixer(mc, mc.quantizer(), 12, StyleBlend.ZeroWeights.FIRST_PROMPT,
                        new EmbeddingCache(dir.resolve("style-cache")), piano));
            } catch (RuntimeException e) {
                mc.close();
                throw e;
            }
        }
        V1Style v1 = V1Style.of(dir, manifest, "musiccoca_savedmodel");
        if (v1 == null) v1 = V1Style.besideIn(dir.getParent());
        if (v1 != null) {
            log.info("{}: {} lacks {}; prompts steer the music through MRT v1's MusicCoCa SavedModel {}", name(), tflite,
                    String.join(", ", missing), v1.savedModel);
            return v1.open(StyleBlend.ZeroWeights.FIRST_PROMPT, piano);
        }
        if (Files.isDirectory(tflite)) {
            // A MusicCoCa folder that lacks a file is a broken style model, not an install without one: say so loudly.
            throw new IOException(tflite + " lacks " + String.join(", ", missing)
                    + " (the MusicCoCa install is incomplete), and no MRT v1 MusicCoCa SavedModel is installed");
        }
        log.warn("{}: prompts do not steer the music: {} lacks {}, and no MRT v1 MusicCoCa SavedModel is installed",
                name(), tflite, String.join(", ", missing));
        return StyleBlender.UNCONDITIONED;
    }

    /** MRT v1's MusicCoCa SavedModel, its vocabulary and its RVQ codebooks (SavedModel) in one install. */
    private record V1Style(Path savedModel, Path spm, Path codebooks, Path cacheDir) {
        static V1Style of(Path dir, ModelManifest m, String savedModelKey) {
            String sm = m.components().get(savedModelKey);
            String spm = m.components().get("spm");
            String cb = m.components().get("style_codebooks");
            if (sm == null || spm == null || cb == null) return null;
            return new V1Style(dir.resolve(sm), dir.resolve(spm), dir.resolve(cb), dir.resolve("style-cache"));
        }

        /** The first MRT v1 install in {@code modelsDir} (by name) that carries its MusicCoCa. */
        static V1Style besideIn(Path modelsDir) {
            for (Install i : installs(modelsDir, problem -> log.debug("{}", problem))) {
                V1Style s = "mrt-v1".equals(i.manifest().kind()) ? of(i.dir(), i.manifest(), "musiccoca") : null;
                if (s != null) return s;
            }
            return null;
        }

        MixerStyleBlender open(StyleBlend.ZeroWeights fallback, StyleMixer.MixedStyle initial) throws IOException {
            SavedModelStyleEmbedder embedder = SavedModelStyleEmbedder.load(savedModel, spm);
            try {
                return new MixerStyleBlender(new StyleMixer(embedder, SavedModelCodebooks.load(codebooks), 12, fallback,
                        new EmbeddingCache(cacheDir), initial));
            } catch (IOException | RuntimeException e) {
                embedder.close();
                throw e;
            }
        }
    }

    @Override
    public Optional<StyleEmbedder> openStyleEmbedder() throws Exception {
        if (!hasStyleModel()) return Optional.empty();
        return Optional.of(SavedModelStyleEmbedder.load(dir.resolve(manifest.components().get("musiccoca")),
                dir.resolve(manifest.components().get("spm"))));
    }

    @Override
    public Optional<String> styleModelId() throws Exception {
        if (!hasStyleModel()) return Optional.empty();
        return Optional.of(SavedModelStyleEmbedder.modelIdOf(dir.resolve(manifest.components().get("musiccoca")),
                dir.resolve(manifest.components().get("spm"))));
    }

    private boolean hasStyleModel() {
        var c = manifest.components();
        return !isMrt2() && c.get("musiccoca") != null && c.get("spm") != null && c.get("style_codebooks") != null;
    }

    @Override
    public StandardParams.Guidance guidance() {
        return isMrt2() ? Mrt2Parameters.STYLE_GUIDANCE : StandardParams.Guidance.WIDE;
    }

    @Override
    public List<ParamSpec> parameters() {
        return isMrt2() ? Mrt2Parameters.all() : List.of();
    }

    @Override
    public boolean takesNotes() {
        return isMrt2();
    }

    private boolean isMrt2() {
        return Mrt2Models.KIND.equals(manifest.kind());
    }

    private Path component(String key) throws IOException {
        String rel = manifest.components().get(key);
        if (rel == null) throw new IOException(dir.resolve(ModelManifest.FILE_NAME) + ": the " + manifest.kind() + " model needs the component '" + key + "'");
        return dir.resolve(rel);
    }
}
