package mrtbox.inference.codec.savedmodel;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import mrtbox.inference.codec.AudioEncoder;
import mrtbox.inference.codec.CodecInfo;
import mrtbox.inference.codec.ResidualQuantizer;
import mrtbox.inference.tf.SavedModels;
import mrtbox.inference.tf.UnusableSignatureException;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.SessionFunction;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SpectroStream encoding on the released SavedModels, as MRT v1's {@code SpectroStreamSavedModel.encode}: audio
 * [1, T, 2] at 48 kHz through the encoder signature to embeddings [1, ceil(T / 1920), 256], then tokens from the
 * quantizer's {@code inference_encoding_with_tf_function} ([levels, 1, S], transposed here to [S][levels]), or, with
 * {@code quantizerSignature} null or a quantizer without a usable signature, greedy L2 RVQ in Java over the same
 * codebooks. No golden case exists for the encoder: it is proven by round trips and self-consistency only. Not
 * thread-safe.
 */
public final class SavedModelSpectroStreamEncoder implements AudioEncoder {
    private static final Logger log = LoggerFactory.getLogger(SavedModelSpectroStreamEncoder.class);
    /** An input of the quantizer signature fed with the level count when present (a traced Python int otherwise). */
    public static final String NUM_QUANTIZERS = "num_quantizers";

    private final Path where;
    private final SavedModelBundle encoderBundle;
    private final SessionFunction encoder;
    private final String inKey;
    private final String outKey;
    private final ResidualQuantizer codebooks;
    private final Quantizer quantizer; // null: greedy RVQ in Java
    private final SavedModelCodecOptions options;
    private final CodecInfo info;

    /** The quantizer signature: where embeddings go in, where tokens come out, and whether it takes a level count. */
    private record Quantizer(Path where, SavedModelBundle bundle, SessionFunction fn, String inKey, String outKey, boolean takesLevels) {}

    private SavedModelSpectroStreamEncoder(Path where, SavedModelBundle encoderBundle, SessionFunction encoder, String inKey, String outKey,
                                           ResidualQuantizer codebooks, Quantizer quantizer, SavedModelCodecOptions options) {
        this.where = where;
        this.encoderBundle = encoderBundle;
        this.encoder = encoder;
        this.inKey = inKey;
        this.outKey = outKey;
        this.codebooks = codebooks;
        this.quantizer = quantizer;
        this.options = options;
        this.info = new CodecInfo(options.sampleRate(), 2, options.samplesPerFrame(), codebooks.levels(), codebooks.codebookSize(), codebooks.dim(), 0);
    }

    public static SavedModelSpectroStreamEncoder load(Path codecDir) throws IOException {
        return load(codecDir, SavedModelCodecOptions.defaults());
    }

    public static SavedModelSpectroStreamEncoder load(Path codecDir, SavedModelCodecOptions o) throws IOException {
        List<String> missing = new java.util.ArrayList<>(SpectroStreamSavedModels.missing(codecDir, SpectroStreamSavedModels.ENCODER));
        missing.addAll(SpectroStreamSavedModels.missing(codecDir, SpectroStreamSavedModels.QUANTIZER));
        if (!missing.isEmpty()) {
            throw new IOException(codecDir + ": not a SpectroStream SavedModel folder for encoding (encoder/, quantizer/): missing " + String.join(", ", missing));
        }
        ResidualQuantizer codebooks = QuantizerCodebooks.load(codecDir.resolve(SpectroStreamSavedModels.QUANTIZER), o);
        Quantizer q = o.quantizerSignature() == null ? null : openQuantizer(codecDir.resolve(SpectroStreamSavedModels.QUANTIZER), o, codebooks);
        Path dir = codecDir.resolve(SpectroStreamSavedModels.ENCODER);
        SavedModelBundle bundle = null;
        try {
            bundle = SavedModels.load(dir);
            SessionFunction f = SavedModels.function(bundle, o.encoderSignature(), dir);
            SavedModels.Port in = SavedModels.input(f, o.encoderInput(), dir).check("encoder input", DataType.DT_FLOAT, new long[] {1, -1, 2}, dir);
            SavedModels.Port out = SavedModels.output(f, o.encoderOutput(), dir)
                    .check("encoder output", DataType.DT_FLOAT, new long[] {1, -1, codebooks.dim()}, dir);
            SavedModels.requireVariableLength(in, 1, "samples", dir);
            return new SavedModelSpectroStreamEncoder(dir, bundle, f, in.key(), out.key(), codebooks, q, o);
        } catch (IOException | RuntimeException e) {
            if (bundle != null) bundle.close();
            if (q != null) q.bundle().close();
            throw e;
        }
    }

    /**
     * The quantizer's encoding signature, or null (greedy L2 RVQ in Java over the same codebooks, logged) when the
     * SavedModel has no such signature or traced it at a fixed number of frames: the reference calls the method on
     * the restored object, which needs no signature.
     */
    private static Quantizer openQuantizer(Path dir, SavedModelCodecOptions o, ResidualQuantizer codebooks) throws IOException {
        SavedModelBundle b = SavedModels.load(dir);
        try {
            return openQuantizer(dir, b, o, codebooks);
        } catch (UnusableSignatureException e) {
            b.close();
            log.warn("{}; tokenizing with greedy L2 RVQ in Java over the quantizer's codebooks instead", e.getMessage());
            return null;
        } catch (IOException | RuntimeException e) {
            b.close();
            throw e;
        }
    }

    private static Quantizer openQuantizer(Path dir, SavedModelBundle b, SavedModelCodecOptions o, ResidualQuantizer codebooks) throws IOException {
        SessionFunction f = SavedModels.function(b, o.quantizerSignature(), dir);
        Map<String, org.tensorflow.Signature.TensorDescription> inputs = f.signature().getInputs();
        boolean takesLevels = inputs.containsKey(NUM_QUANTIZERS);
        String inName = o.quantizerInput();
        if (inName == null && takesLevels && inputs.size() == 2) {
            inName = inputs.keySet().stream().filter(k -> !k.equals(NUM_QUANTIZERS)).findFirst().orElseThrow();
        }
        SavedModels.Port in = SavedModels.input(f, inName, dir).check("quantizer input", DataType.DT_FLOAT, new long[] {1, -1, codebooks.dim()}, dir);
        SavedModels.Port out = SavedModels.output(f, o.quantizerOutput(), dir);
        DataType t = out.desc().dataType;
        if (t != DataType.DT_INT32 && t != DataType.DT_INT64) throw new IOException(dir + ": quantizer output '" + out.key() + "' is " + t + ", expected int32 or int64");
        out.check("quantizer output", t, new long[] {-1, 1, -1}, dir);
        SavedModels.requireVariableLength(in, 1, "frames", dir);
        return new Quantizer(dir, b, f, in.key(), out.key(), takesLevels);
    }

    /** The release codec as the tokens see it: no lookahead (whole-sequence, as the v1 reference encodes). */
    @Override
    public CodecInfo info() {
        return info;
    }

    public ResidualQuantizer codebooks() {
        return codebooks;
    }

    /** Codec frames for {@code sampleFrames} stereo samples: ceil(T / 1920). */
    public int frames(int sampleFrames) {
        return (sampleFrames + options.samplesPerFrame() - 1) / options.samplesPerFrame();
    }

    /** Tokens {@code [frames][levels]} of interleaved 48 kHz stereo audio. */
    @Override
    public int[][] encode(float[] interleaved, int sampleRate, int levels) {
        float[] latent = encodeEmbeddings(interleaved, sampleRate);
        return quantize(latent, latent.length / codebooks.dim(), levels);
    }

    /** Embeddings {@code [frames * 256]} (row-major [S, 256]) of interleaved stereo audio at 48 kHz. */
    public float[] encodeEmbeddings(float[] interleaved, int sampleRate) {
        if (sampleRate != options.sampleRate()) {
            throw new IllegalArgumentException("audio is at " + sampleRate + " Hz; the SpectroStream encoder needs " + options.sampleRate() + " Hz (resample first)");
        }
        if (interleaved.length == 0 || interleaved.length % 2 != 0) {
            throw new IllegalArgumentException("need interleaved stereo samples (an even, non-zero count), got " + interleaved.length);
        }
        int t = interleaved.length / 2;
        int frames = frames(t);
        int dim = codebooks.dim();
        try (TFloat32 in = TFloat32.tensorOf(Shape.of(1, t, 2), DataBuffers.of(interleaved, true, false));
             Result r = encoder.call(Map.of(inKey, in))) {
            Tensor out = r.get(outKey).orElseThrow(() -> new IllegalStateException(where + ": signature gave no output '" + outKey + "'"));
            long[] s = out.shape().asArray();
            if (!(out instanceof TFloat32 f) || s.length != 3 || s[0] != 1 || s[1] != frames || s[2] != dim) {
                throw new IllegalStateException(where + ": encoder output '" + outKey + "' for " + t + " samples is " + out.dataType() + " " + out.shape()
                        + ", expected float32 [1, " + frames + ", " + dim + "] (ceil(T / " + options.samplesPerFrame() + ") frames)");
            }
            float[] latent = new float[frames * dim];
            f.asRawTensor().data().asFloats().read(latent);
            return latent;
        } catch (org.tensorflow.exceptions.TensorFlowException e) {
            throw new IllegalStateException(where + ": encoder signature failed on [1, " + t + ", 2]: " + e.getMessage(), e);
        }
    }

    /** Tokens {@code [frames][levels]} of embeddings {@code [frames * 256]}: the quantizer signature, or greedy RVQ in Java. */
    public int[][] quantize(float[] latent, int frames, int levels) {
        int dim = codebooks.dim();
        if (latent.length != frames * dim) throw new IllegalArgumentException(latent.length + " floats for " + frames + " frames of " + dim);
        if (levels < 1 || levels > codebooks.levels()) throw new IllegalArgumentException(levels + " levels requested, the quantizer has " + codebooks.levels());
        int[][] tokens = new int[frames][];
        if (quantizer == null) {
            float[] v = new float[dim];
            for (int s = 0; s < frames; s++) {
                System.arraycopy(latent, s * dim, v, 0, dim);
                tokens[s] = codebooks.encode(v, levels);
            }
            return tokens;
        }
        Map<String, Tensor> feed = new HashMap<>();
        try (TFloat32 in = TFloat32.tensorOf(Shape.of(1, frames, dim), DataBuffers.of(latent, true, false));
             TInt32 n = TInt32.scalarOf(codebooks.levels())) {
            feed.put(quantizer.inKey(), in);
            if (quantizer.takesLevels()) feed.put(NUM_QUANTIZERS, n);
            try (Result r = quantizer.fn().call(feed)) {
                Tensor out = r.get(quantizer.outKey()).orElseThrow(() -> new IllegalStateException(quantizer.where() + ": no output '" + quantizer.outKey() + "'"));
                long[] s = out.shape().asArray();
                if (s.length != 3 || s[0] < levels || s[1] != 1 || s[2] != frames) {
                    throw new IllegalStateException(quantizer.where() + ": quantizer output '" + quantizer.outKey() + "' is " + out.shape()
                            + ", expected [levels >= " + levels + ", 1, " + frames + "]");
                }
                long[] flat = new long[(int) (s[0] * frames)];
                if (out instanceof TInt32 i32) {
                    int[] v = new int[flat.length];
                    i32.asRawTensor().data().asInts().read(v);
                    for (int i = 0; i < v.length; i++) flat[i] = v[i];
                } else {
                    ((TInt64) out).asRawTensor().data().asLongs().read(flat);
                }
                for (int f = 0; f < frames; f++) {
                    tokens[f] = new int[levels];
                    for (int k = 0; k < levels; k++) tokens[f][k] = Math.toIntExact(flat[k * frames + f]); // [level][batch 0][frame]
                }
                return tokens;
            }
        } catch (org.tensorflow.exceptions.TensorFlowException e) {
            throw new IllegalStateException(quantizer.where() + ": quantizer signature failed on [1, " + frames + ", " + dim + "]: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "SpectroStream SavedModel encoder " + where + (quantizer == null ? " (RVQ in Java)" : " (quantizer signature)");
    }

    @Override
    public void close() {
        encoderBundle.close();
        if (quantizer != null) quantizer.bundle().close();
    }
}
