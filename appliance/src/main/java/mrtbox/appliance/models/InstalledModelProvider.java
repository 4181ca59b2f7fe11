package mrtbox.appliance.models;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import mrtbox.appliance.engine.MixerStyleBlender;
import mrtbox.appliance.engine.StyleBlender;
import mrtbox.control.param.ParamSpec;
import mrtbox.inference.codec.SpectroStreamDecoder;
import mrtbox.inference.model.StreamingModel;
import mrtbox.inference.models.ModelManifest;
import mrtbox.inference.mrt2.Mrt2Models;
import mrtbox.inference.mrtv1.CodecChunkDecoder;
import mrtbox.inference.mrtv1.DepthformerLlm;
import mrtbox.inference.mrtv1.MrtV1Models;
import mrtbox.inference.mrtv1.SamplingSettings;
import mrtbox.inference.style.EmbeddingCache;
import mrtbox.inference.style.SavedModelCodebooks;
import mrtbox.inference.style.SavedModelStyleEmbedder;
import mrtbox.inference.style.StyleBlend;
import mrtbox.inference.style.StyleEmbedder;
import mrtbox.inference.style.StyleMixer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A model installed with {@code mrtbox models install} ({@code <models>/<name>/mrtbox-model.json}), by kind:
 * <ul>
 *   <li>{@code mrt2}: components {@code checkpoint} and {@code spectrostream} (safetensors, as released);</li>
 *   <li>{@code mrt-v1}: components {@code llm} (the T5X checkpoint) and {@code spectrostream} (a folder with the
 *       codec's {@code decoder.safetensors} and {@code quantizer.safetensors}); with {@code musiccoca} (the SavedModel),
 *       {@code spm} (the SentencePiece model) and {@code style_codebooks} (the RVQ SavedModel) the prompts steer it.</li>
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
        if (modelsDir == null || !Files.isDirectory(modelsDir)) return out;
        try (Stream<Path> dirs = Files.list(modelsDir)) {
            for (Path d : dirs.sorted().toList()) {
                Path file = d.resolve(ModelManifest.FILE_NAME);
                if (!Files.isRegularFile(file)) continue;
                try {
                    ModelManifest m = ModelManifest.read(file);
                    if (Mrt2Models.KIND.equals(m.kind()) || "mrt-v1".equals(m.kind())) out.add(new InstalledModelProvider(d, m));
                    else log.warn("{}: model kind '{}' is not one this build plays", file, m.kind());
                } catch (IOException e) {
                    log.warn("installed model skipped: {}", e.getMessage());
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
        CodecChunkDecoder decoder = new CodecChunkDecoder(SpectroStreamDecoder.load(codec));
        try {
            return MrtV1Models.load(llm, decoder, DepthformerLlm.Options.REFERENCE, SamplingSettings.EosPolicy.END_CHUNK);
        } catch (Exception e) {
            decoder.close();
            throw e;
        }
    }

    @Override
    public StyleBlender openStyle() throws Exception {
        String musiccoca = manifest.components().get("musiccoca");
        String spm = manifest.components().get("spm");
        String codebooks = manifest.components().get("style_codebooks");
        if (isMrt2() || musiccoca == null || spm == null || codebooks == null) {
            log.warn("{}: no usable style model in the install ({}); prompts do not steer the music",
                    name(), isMrt2() ? "MRT2's MusicCoCa ships as .tflite, which this build cannot run"
                            : "needs the components musiccoca, spm and style_codebooks");
            return StyleBlender.UNCONDITIONED;
        }
        SavedModelStyleEmbedder embedder = SavedModelStyleEmbedder.load(dir.resolve(musiccoca), dir.resolve(spm));
        return new MixerStyleBlender(new StyleMixer(embedder, SavedModelCodebooks.load(dir.resolve(codebooks)), 12,
                StyleBlend.ZeroWeights.ZERO_VECTOR, new EmbeddingCache(dir.resolve("style-cache")), null));
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
