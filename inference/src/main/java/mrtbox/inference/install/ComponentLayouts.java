package mrtbox.inference.install;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import mrtbox.inference.codec.savedmodel.SpectroStreamSavedModels;

/**
 * What a component folder must hold for its loader, by component key, so that {@code mrtbox models verify} (and
 * every install) names the missing file instead of the model failing later when it opens:
 * <ul>
 *   <li>{@code spectrostream}: the release's SavedModels ({@code decoder/} and {@code quantizer/}, each
 *       {@code saved_model.pb} + {@code variables/variables.index}; {@code encoder/} is only needed to encode), or
 *       {@code decoder.safetensors} + {@code quantizer.safetensors};</li>
 *   <li>{@code musiccoca}, {@code style_codebooks} (MRT v1): a SavedModel folder.</li>
 * </ul>
 * Other components only have to exist.
 */
final class ComponentLayouts {
    private static final List<String> SAFETENSORS = List.of("decoder.safetensors", "quantizer.safetensors");

    private ComponentLayouts() {}

    /** Problems of one component, one line each, paths relative to the model directory. */
    static List<String> problems(String component, String rel, Path path, String kind) {
        List<String> out = new ArrayList<>();
        switch (component) {
            case "spectrostream" -> {
                if (!Files.isDirectory(path)) {
                    out.add("component spectrostream: " + rel + " is not a folder");
                } else if (SpectroStreamSavedModels.isLayout(path)) {
                    for (String f : SpectroStreamSavedModels.missingForDecoding(path)) out.add("component spectrostream: " + rel + "/" + f + " missing (SavedModel layout)");
                } else {
                    List<String> missing = SAFETENSORS.stream().filter(f -> !Files.isRegularFile(path.resolve(f))).toList();
                    if (missing.size() == SAFETENSORS.size()) {
                        out.add("component spectrostream: " + rel + " holds neither the release's SavedModels (decoder/, quantizer/) nor "
                                + String.join(" + ", SAFETENSORS));
                    } else {
                        for (String f : missing) out.add("component spectrostream: " + rel + "/" + f + " missing (safetensors layout)");
                    }
                }
            }
            case "musiccoca", "style_codebooks" -> {
                if (!"mrt-v1".equals(kind)) break; // MRT2's MusicCoCa ships as .tflite
                String need = component.equals("musiccoca") ? "saved_model.pb" : "variables/variables.index";
                if (!Files.isRegularFile(path.resolve(need))) out.add("component " + component + ": " + rel + "/" + need + " missing (SavedModel)");
            }
            default -> { }
        }
        return out;
    }
}
