package mrtbox.inference.codec.savedmodel;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import mrtbox.inference.codec.CodecInfo;
import mrtbox.inference.codec.ResidualQuantizer;
import mrtbox.inference.tf.SavedModels;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.SessionFunction;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TFloat32;

/**
 * SpectroStream decoding as MRT v1 does it, on the released SavedModels ({@code ssv2_48k_stereo/decoder} and
 * {@code quantizer}): tokens {@code [S][K]} are dequantized in Java (sum over the first K of the 64 levels of
 * {@code codebook[k][token]}, codebooks from the quantizer's variables), then the decoder signature maps the
 * embeddings [1, S, 256] to audio [1, S * 1920, 2]. Stateless and whole-sequence: S codec frames give exactly
 * S * 1920 stereo sample frames, sample block s belonging to frame s, with nothing trimmed (the reference decodes a
 * whole 2 s chunk per call and keeps no memory between calls).
 *
 * <p>Checked at load: the layout's files, the signature key and tensor names, float32 dtypes, ranks, the embedding
 * width against the codebooks, and (by decoding two frames of code 0) the samples per frame. Not thread-safe.
 */
public final class SavedModelSpectroStreamDecoder implements AutoCloseable {
    private static final int PROBE_FRAMES = 2;

    private final Path where;
    private final SavedModelBundle bundle;
    private final SessionFunction decoder;
    private final String inputKey;
    private final String outputKey;
    private final ResidualQuantizer codebooks;
    private final CodecInfo info;

    private SavedModelSpectroStreamDecoder(Path where, SavedModelBundle bundle, SessionFunction decoder, String inputKey, String outputKey,
                                           ResidualQuantizer codebooks, SavedModelCodecOptions o) {
        this.where = where;
        this.bundle = bundle;
        this.decoder = decoder;
        this.inputKey = inputKey;
        this.outputKey = outputKey;
        this.codebooks = codebooks;
        this.info = new CodecInfo(o.sampleRate(), 2, o.samplesPerFrame(), codebooks.levels(), codebooks.codebookSize(), codebooks.dim(), 0);
    }

    /** The release's layout under {@code codecDir} with the reference's names ({@link SavedModelCodecOptions#defaults()}). */
    public static SavedModelSpectroStreamDecoder load(Path codecDir) throws IOException {
        return load(codecDir, SavedModelCodecOptions.defaults());
    }

    public static SavedModelSpectroStreamDecoder load(Path codecDir, SavedModelCodecOptions o) throws IOException {
        List<String> missing = SpectroStreamSavedModels.missingForDecoding(codecDir);
        if (!missing.isEmpty()) {
            throw new IOException(codecDir + ": not a SpectroStream SavedModel folder (decoder/, quantizer/): missing " + String.join(", ", missing));
        }
        ResidualQuantizer codebooks = QuantizerCodebooks.load(codecDir.resolve(SpectroStreamSavedModels.QUANTIZER), o);
        Path dir = codecDir.resolve(SpectroStreamSavedModels.DECODER);
        SavedModelBundle bundle = SavedModels.load(dir);
        try {
            SessionFunction f = SavedModels.function(bundle, o.decoderSignature(), dir);
            SavedModels.Port in = SavedModels.input(f, o.decoderInput(), dir)
                    .check("decoder input", DataType.DT_FLOAT, new long[] {1, -1, codebooks.dim()}, dir);
            SavedModels.Port out = SavedModels.output(f, o.decoderOutput(), dir)
                    .check("decoder output", DataType.DT_FLOAT, new long[] {1, -1, 2}, dir);
            SavedModels.requireVariableLength(in, 1, "frames", dir);
            SavedModelSpectroStreamDecoder d = new SavedModelSpectroStreamDecoder(dir, bundle, f, in.key(), out.key(), codebooks, o);
            d.probe();
            return d;
        } catch (IOException | RuntimeException e) {
            bundle.close();
            throw e;
        }
    }

    /** Decodes two frames of code 0 once: proves the call and the samples per frame before the first chunk needs it. */
    private void probe() throws IOException {
        try {
            decodeEmbeddings(new float[PROBE_FRAMES * codebooks.dim()], PROBE_FRAMES);
        } catch (IllegalStateException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    public CodecInfo info() {
        return info;
    }

    /** The RVQ codebooks read from the quantizer's variables ([levels][codes][dim]). */
    public ResidualQuantizer codebooks() {
        return codebooks;
    }

    /**
     * Tokens {@code [S][K]} (the same K for every frame, 1..64, codes 0..1023) to {@code S * 1920} stereo sample
     * frames, interleaved L, R.
     */
    public float[] decode(int[][] tokens) {
        if (tokens.length == 0) throw new IllegalArgumentException("no frames to decode");
        int k = tokens[0].length;
        for (int s = 0; s < tokens.length; s++) {
            if (tokens[s].length != k) throw new IllegalArgumentException("frame " + s + " has " + tokens[s].length + " levels, frame 0 has " + k);
        }
        return decodeEmbeddings(codebooks.decodeFrames(tokens), tokens.length);
    }

    /** Embeddings {@code [frames * dim]} (row-major [S, 256]) through the decoder signature. */
    public float[] decodeEmbeddings(float[] embeddings, int frames) {
        int dim = codebooks.dim();
        if (embeddings.length != frames * dim) {
            throw new IllegalArgumentException(embeddings.length + " floats for " + frames + " frames of " + dim);
        }
        long expect = (long) frames * info.samplesPerFrame();
        try (TFloat32 in = TFloat32.tensorOf(Shape.of(1, frames, dim), DataBuffers.of(embeddings, true, false));
             Result r = decoder.call(Map.of(inputKey, in))) {
            Tensor t = r.get(outputKey).orElseThrow(() -> new IllegalStateException(where + ": signature gave no output '" + outputKey + "'"));
            long[] shape = t.shape().asArray();
            if (!(t instanceof TFloat32 audio) || shape.length != 3 || shape[0] != 1 || shape[1] != expect || shape[2] != 2) {
                throw new IllegalStateException(where + ": decoder output '" + outputKey + "' for " + frames + " frames is " + t.dataType() + " "
                        + t.shape() + ", expected float32 [1, " + expect + ", 2] (" + info.samplesPerFrame() + " stereo samples per frame)");
            }
            float[] pcm = new float[(int) (expect * 2)];
            audio.asRawTensor().data().asFloats().read(pcm);
            return pcm;
        } catch (org.tensorflow.exceptions.TensorFlowException e) {
            throw new IllegalStateException(where + ": decoder signature failed on [1, " + frames + ", " + dim + "]: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        bundle.close();
    }
}
