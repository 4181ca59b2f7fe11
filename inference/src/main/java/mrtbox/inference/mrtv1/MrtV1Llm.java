package mrtbox.inference.mrtv1;

import static mrtbox.inference.mrtv1.MrtV1Vocab.CHUNK_FRAMES;
import static mrtbox.inference.mrtv1.MrtV1Vocab.CODEBOOK;
import static mrtbox.inference.mrtv1.MrtV1Vocab.DECODER_LENGTH;
import static mrtbox.inference.mrtv1.MrtV1Vocab.ENCODER_LENGTH;
import static mrtbox.inference.mrtv1.MrtV1Vocab.LEVELS;

import java.io.IOException;
import java.util.Arrays;
import mrtbox.inference.kernel.Precision;
import mrtbox.inference.weights.WeightSource;
import org.slf4j.LoggerFactory;

/**
 * The MRT v1 LLM as the chunk model drives it: {@link #encode} once per chunk, {@link #frame} once per frame (the
 * temporal step, then 16 depth steps each sampling one level), {@link #generate} for a whole chunk. Two engines behind
 * this contract, chosen by {@link Precision}: {@link DepthformerLlm} (f32, one TensorFlow session: the reference and
 * the golden cases) and {@link DepthformerKernelLlm} (the encoder in TensorFlow, the decoder steps on the Java Vector
 * API kernels with bf16 weights: playback). Not thread-safe: one generation thread drives it.
 */
public interface MrtV1Llm extends AutoCloseable {

    /** The engine for {@code precision}: f32 = the TensorFlow graph, bf16 = the Java kernels on every core. */
    static MrtV1Llm load(WeightSource weights, MrtV1Config config, DepthformerLlm.Options options, Precision precision) throws IOException {
        return switch (precision) {
            case F32 -> DepthformerLlm.load(weights, config, options);
            case BF16 -> DepthformerKernelLlm.load(weights, config, options.restrictToLevel(), DepthformerKernelLlm.defaultThreads(), true);
        };
    }

    MrtV1Config config();

    /** Whether level q samples only among its own 1024 codec ids (and computes only that logit slice). */
    boolean restrictToLevel();

    Precision precision();

    /** Width of the logit vectors {@link #frame} returns: the vocabulary, or one level's 1024 ids when restricted. */
    default int logitWidth() {
        return restrictToLevel() ? CODEBOOK : config().vocabSize();
    }

    /**
     * Runs the encoder on [2, 1006] ids (row-major, see {@link MrtV1Vocab#encoderIds}) and keeps every temporal layer's
     * cross-attention keys and values for this chunk's frames.
     *
     * @param encoderOut null, or [2 * 1006 * d] to receive the encoder output (after encoder_norm)
     */
    void encode(int[] encoderIds, float[] encoderOut);

    /**
     * Generates one frame: the temporal step at frame {@code t} then 16 depth steps with sampling.
     *
     * @param prevIds   the 16 ids of frame t-1 (all 0 at frame 0: the BOS)
     * @param forced    null to sample, or 16 ids to feed instead (teacher forcing; logits are still computed)
     * @param seed      the chunk's seed; each step draws from (seed, 16 t + level)
     * @param outIds    receives the 16 ids
     * @param outLogits null, or [16 * {@link #logitWidth()}] for the CFG-combined logits of each level
     */
    void frame(int t, int[] prevIds, int[] forced, SamplingSettings s, long seed, int[] outIds, float[] outLogits);

    @Override
    void close();

    /** Receives every frame's logits during {@link #generate} (diagnosis and conformance). */
    interface FrameListener {
        void frame(int t, int[] ids, float[] logits);
    }

    /**
     * Runs one encoder call and one frame on dummy input so that the first chunk played does not pay for building
     * executors (TensorFlow) or compiling kernels (the JIT). Whatever it leaves is rewritten by the next chunk.
     */
    default void warmUp() {
        int[] ids = new int[2 * ENCODER_LENGTH];
        Arrays.fill(ids, MrtV1Vocab.MASK);
        encode(ids, null);
        frame(0, new int[LEVELS], null, SamplingSettings.DEFAULTS, 0L, new int[LEVELS], null);
    }

    /**
     * Generates one chunk: encode, then 50 frames. Returns the 800 ids, row-major (frame, level). With the reference
     * EOS policy a sampled EOS ends the chunk: every later id is 0.
     *
     * @param listener null, or receives each frame's ids and logits (costs a 16 x width copy per frame)
     */
    default int[] generate(int[] encoderIds, SamplingSettings s, long seed, FrameListener listener) {
        encode(encoderIds, null);
        int[] out = new int[DECODER_LENGTH];
        int[] prev = new int[LEVELS];
        int[] ids = new int[LEVELS];
        float[] logits = listener == null ? null : new float[LEVELS * logitWidth()];
        for (int t = 0; t < CHUNK_FRAMES; t++) {
            frame(t, prev, null, s, seed, ids, logits);
            if (listener != null) listener.frame(t, ids.clone(), logits);
            System.arraycopy(ids, 0, out, t * LEVELS, LEVELS);
            if (s.eos() == SamplingSettings.EosPolicy.END_CHUNK && !restrictToLevel()) {
                int eosAt = -1;
                for (int i = 0; i < LEVELS && eosAt < 0; i++) if (ids[i] == MrtV1Vocab.EOS) eosAt = i;
                if (eosAt >= 0) {
                    Arrays.fill(out, t * LEVELS + eosAt + 1, DECODER_LENGTH, MrtV1Vocab.PAD);
                    LoggerFactory.getLogger(MrtV1Llm.class).debug("EOS sampled at frame {} level {}: rest of the chunk is PAD (code 0), as the reference", t, eosAt);
                    break;
                }
            }
            System.arraycopy(ids, 0, prev, 0, LEVELS);
        }
        return out;
    }
}
