package mrtbox.inference.codec.savedmodel;

/**
 * What the SavedModel codec assumes about the released {@code ssv2_48k_stereo} SavedModels, each assumption a
 * setting with the reference's value as default (docs/codec-and-style.md, "SpectroStream SavedModels"). Input and
 * output names left null mean "the signature's only input / output", whatever it is called: TF names them after
 * the traced function's arguments ({@code args_0}, {@code x}, ...) and {@code output_0}. Immutable; see
 * {@link #builder()}.
 *
 * @param decoderSignature   signature key of the decoder: float32 [1, S, 256] in, float32 [1, S * 1920, 2] out
 * @param encoderSignature   signature key of the encoder: float32 [1, T, 2] in, float32 [1, ceil(T / 1920), 256] out
 * @param quantizerSignature signature key of the quantizer's {@code inference_encoding_with_tf_function}: float32
 *                           [1, S, 256] in, int32 or int64 [levels, 1, S] out; null = greedy L2 RVQ in Java over the
 *                           codebooks instead (the assumed semantics, mrt-v1 spec section 10), which is also what
 *                           the encoder does when the SavedModel lacks this signature or traced it at a fixed length
 * @param codebookPath       attribute path of level i's codebook variable in the quantizer's object graph, with
 *                           {@code {i}} for the level: {@code _quantizers/{i}/embeddings} (Python
 *                           {@code _quantizers[i].embeddings}), stored [dim, codes] and transposed
 * @param samplesPerFrame    stereo sample frames the decoder returns per codec frame (1920 = 40 ms at 48 kHz)
 */
public record SavedModelCodecOptions(String decoderSignature, String decoderInput, String decoderOutput,
                                     String encoderSignature, String encoderInput, String encoderOutput,
                                     String quantizerSignature, String quantizerInput, String quantizerOutput,
                                     String codebookPath, int sampleRate, int samplesPerFrame) {
    public static final String SERVING_DEFAULT = "serving_default";
    public static final String QUANTIZER_METHOD = "inference_encoding_with_tf_function";
    public static final String CODEBOOK_PATH = "_quantizers/{i}/embeddings";

    public SavedModelCodecOptions {
        if (decoderSignature == null || encoderSignature == null) throw new IllegalArgumentException("decoder and encoder signature keys are required");
        if (codebookPath == null || !codebookPath.contains("{i}")) throw new IllegalArgumentException("codebook path '" + codebookPath + "' needs {i} for the level");
        if (sampleRate <= 0 || samplesPerFrame <= 0) throw new IllegalArgumentException("sample rate and samples per frame must be positive");
    }

    /** The reference's names and sizes. */
    public static SavedModelCodecOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.decoderSignature = decoderSignature;
        b.decoderInput = decoderInput;
        b.decoderOutput = decoderOutput;
        b.encoderSignature = encoderSignature;
        b.encoderInput = encoderInput;
        b.encoderOutput = encoderOutput;
        b.quantizerSignature = quantizerSignature;
        b.quantizerInput = quantizerInput;
        b.quantizerOutput = quantizerOutput;
        b.codebookPath = codebookPath;
        b.sampleRate = sampleRate;
        b.samplesPerFrame = samplesPerFrame;
        return b;
    }

    /** The checkpoint path of level {@code i}'s codebook. */
    public String codebookPath(int level) {
        return codebookPath.replace("{i}", Integer.toString(level));
    }

    public static final class Builder {
        private String decoderSignature = SERVING_DEFAULT;
        private String decoderInput;
        private String decoderOutput;
        private String encoderSignature = SERVING_DEFAULT;
        private String encoderInput;
        private String encoderOutput;
        private String quantizerSignature = QUANTIZER_METHOD;
        private String quantizerInput;
        private String quantizerOutput;
        private String codebookPath = CODEBOOK_PATH;
        private int sampleRate = 48_000;
        private int samplesPerFrame = 1920;

        private Builder() {}

        /** Signature key and tensor names (null = the only one) of the decoder. */
        public Builder decoder(String signature, String input, String output) {
            decoderSignature = signature;
            decoderInput = input;
            decoderOutput = output;
            return this;
        }

        public Builder encoder(String signature, String input, String output) {
            encoderSignature = signature;
            encoderInput = input;
            encoderOutput = output;
            return this;
        }

        /** {@code signature} null: tokenize with greedy L2 RVQ in Java instead of calling the quantizer. */
        public Builder quantizer(String signature, String input, String output) {
            quantizerSignature = signature;
            quantizerInput = input;
            quantizerOutput = output;
            return this;
        }

        public Builder codebookPath(String path) {
            codebookPath = path;
            return this;
        }

        public Builder frames(int sampleRate, int samplesPerFrame) {
            this.sampleRate = sampleRate;
            this.samplesPerFrame = samplesPerFrame;
            return this;
        }

        public SavedModelCodecOptions build() {
            return new SavedModelCodecOptions(decoderSignature, decoderInput, decoderOutput, encoderSignature, encoderInput, encoderOutput,
                    quantizerSignature, quantizerInput, quantizerOutput, codebookPath, sampleRate, samplesPerFrame);
        }
    }
}
