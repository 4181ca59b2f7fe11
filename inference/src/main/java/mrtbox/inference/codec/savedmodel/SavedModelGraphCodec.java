package mrtbox.inference.codec.savedmodel;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import mrtbox.inference.codec.ResidualQuantizer;
import mrtbox.inference.codec.SpectroStreamConfig;
import mrtbox.inference.codec.SpectroStreamDecoder;
import mrtbox.inference.codec.SpectroStreamEncoder;
import mrtbox.inference.codec.SpectroStreamEncoderWeights;
import mrtbox.inference.codec.SpectroStreamWeights;
import mrtbox.inference.weights.WeightException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The release's codec SavedModels run without their signatures, as the reference can (it calls the restored
 * objects, never a signature): the {@code decoder/} or {@code encoder/} SavedModel's {@code variables/} checkpoint is
 * read into the project's own SpectroStream graph ({@link SpectroStreamDecoder}, {@link SpectroStreamEncoder}) by
 * the same key suffixes as the safetensors files ({@link SavedModelVariables}: object paths or saved names), with the
 * codebooks of the {@code quantizer/} SavedModel. The encoder tokenizes with greedy L2 RVQ in Java.
 *
 * <p>The config is the released codec's ({@link SpectroStreamConfig#real()}) with the latent width, levels and
 * codebook size of the quantizer's codebooks and the base widths read from the first and last layers' kernels, so a
 * reduced codec exported the same way loads too; every other shape is checked against it. The variables the graph
 * does not read are logged.
 */
public final class SavedModelGraphCodec {
    private static final Logger log = LoggerFactory.getLogger(SavedModelGraphCodec.class);
    private static final String DECODER_LAST = "output_layer/base_conv_last/conv/kernel";
    private static final String ENCODER_FIRST = SpectroStreamEncoderWeights.ANCHOR + "/conv/kernel";

    private SavedModelGraphCodec() {}

    /** The decoder graph on {@code codecDir/decoder/variables} and {@code codecDir/quantizer}'s codebooks. */
    public static SpectroStreamDecoder decoder(Path codecDir, SavedModelCodecOptions o) throws IOException {
        ResidualQuantizer codebooks = QuantizerCodebooks.load(codecDir.resolve(SpectroStreamSavedModels.QUANTIZER), o);
        try (SavedModelVariables v = SavedModelVariables.open(codecDir.resolve(SpectroStreamSavedModels.DECODER),
                SpectroStreamWeights.ANCHOR, SpectroStreamWeights.withoutConvLevel(SpectroStreamWeights.ANCHOR))) {
            SpectroStreamConfig c = configOf(codebooks).baseChannels(dim(v, DECODER_LAST, 2)).build();
            SpectroStreamDecoder d = new SpectroStreamDecoder(SpectroStreamWeights.load(c, v, codebooks.toTensor(SpectroStreamWeights.QUANTIZER)));
            logUnread(v, "decoder");
            return d;
        }
    }

    /** The encoder graph on {@code codecDir/encoder/variables} and {@code codecDir/quantizer}'s codebooks. */
    public static SpectroStreamEncoder encoder(Path codecDir, SavedModelCodecOptions o) throws IOException {
        ResidualQuantizer codebooks = QuantizerCodebooks.load(codecDir.resolve(SpectroStreamSavedModels.QUANTIZER), o);
        try (SavedModelVariables v = SavedModelVariables.open(codecDir.resolve(SpectroStreamSavedModels.ENCODER),
                ENCODER_FIRST, SpectroStreamWeights.withoutConvLevel(ENCODER_FIRST))) {
            SpectroStreamConfig c = configOf(codebooks).encoderBaseChannels(dim(v, ENCODER_FIRST, 3)).build();
            SpectroStreamEncoder e = new SpectroStreamEncoder(SpectroStreamEncoderWeights.load(c, v, codebooks.toTensor(SpectroStreamWeights.QUANTIZER)));
            logUnread(v, "encoder");
            return e;
        }
    }

    private static SpectroStreamConfig.Builder configOf(ResidualQuantizer codebooks) {
        return SpectroStreamConfig.builder().latentDim(codebooks.dim()).numQuantizers(codebooks.levels()).codebookSize(codebooks.codebookSize());
    }

    /** Axis {@code axis} of the one kernel ending in {@code suffix} (with or without its conv/ level). */
    private static int dim(SavedModelVariables v, String suffix, int axis) throws IOException {
        String flat = SpectroStreamWeights.withoutConvLevel(suffix);
        for (String n : v.names()) {
            if (n.equals(suffix) || n.endsWith("/" + suffix) || n.equals(flat) || n.endsWith("/" + flat)) {
                long[] s = v.shape(n);
                if (s.length != 4) throw new WeightException(v.location() + ": '" + n + "' has shape " + java.util.Arrays.toString(s) + ", expected a conv kernel [kt, kf, in, out]");
                return (int) s[axis];
            }
        }
        throw new WeightException(v.location() + ": no variable ending in '" + suffix + "' (by " + v.naming() + ")");
    }

    private static void logUnread(SavedModelVariables v, String what) {
        List<String> unread = v.unread();
        if (!unread.isEmpty()) {
            log.warn("{}: {} variable(s) the {} graph does not read: {}", v.location(), unread.size(), what,
                    unread.size() <= 8 ? unread : unread.subList(0, 8) + " ...");
        }
    }
}
