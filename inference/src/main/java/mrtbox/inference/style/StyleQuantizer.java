package mrtbox.inference.style;

import java.io.IOException;
import mrtbox.inference.codec.ResidualQuantizer;

/**
 * Turns a blended style embedding into the style tokens the model is conditioned on: greedy RVQ over codebooks read
 * from weights ({@link #of}), or MRT2's {@code pretrained_vector_quantizer.tflite}. Called on the style mixer's thread.
 */
public interface StyleQuantizer {
    int dim();

    /** The first {@code levels} tokens of {@code embedding}. */
    int[] encode(float[] embedding, int levels) throws IOException;

    /** Greedy RVQ over codebooks held in memory. */
    static StyleQuantizer of(ResidualQuantizer rvq) {
        return new StyleQuantizer() {
            @Override
            public int dim() {
                return rvq.dim();
            }

            @Override
            public int[] encode(float[] embedding, int levels) {
                return rvq.encode(embedding, levels);
            }
        };
    }
}
