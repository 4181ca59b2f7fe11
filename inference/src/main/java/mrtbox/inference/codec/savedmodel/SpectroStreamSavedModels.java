package mrtbox.inference.codec.savedmodel;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The MRT v1 release's codec layout, {@code savedmodels/ssv2_48k_stereo/}: three TF2 SavedModels in
 * {@code encoder/}, {@code decoder/} and {@code quantizer/}, each {@code saved_model.pb} plus {@code variables/}.
 * Playing needs the decoder and the quantizer (its codebooks); only encoding audio needs the encoder.
 */
public final class SpectroStreamSavedModels {
    public static final String ENCODER = "encoder";
    public static final String DECODER = "decoder";
    public static final String QUANTIZER = "quantizer";

    private SpectroStreamSavedModels() {}

    /** True when {@code dir} is meant to be this layout (it has a decoder/ or quantizer/ SavedModel folder). */
    public static boolean isLayout(Path dir) {
        return Files.isDirectory(dir.resolve(DECODER)) || Files.isDirectory(dir.resolve(QUANTIZER));
    }

    /** The files playing needs that are not there, relative to {@code dir}; empty when it can play. */
    public static List<String> missingForDecoding(Path dir) {
        List<String> missing = new ArrayList<>();
        for (String part : List.of(DECODER, QUANTIZER)) missing.addAll(missing(dir, part));
        return missing;
    }

    /** The files of one SavedModel folder ({@code part}) that are not there. */
    public static List<String> missing(Path dir, String part) {
        List<String> missing = new ArrayList<>();
        for (String f : List.of("saved_model.pb", "variables/variables.index")) {
            if (!Files.isRegularFile(dir.resolve(part).resolve(f))) missing.add(part + "/" + f);
        }
        return missing;
    }
}
