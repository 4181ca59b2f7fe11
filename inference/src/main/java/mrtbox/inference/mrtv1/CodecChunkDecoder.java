package mrtbox.inference.mrtv1;

import java.util.Arrays;
import mrtbox.inference.codec.AudioDecoder;

/**
 * Backs the MRT v1 chunk loop with the SpectroStream decoder: a stateless whole-sequence decode per chunk, as the
 * reference decoder keeps no memory across chunks.
 *
 * <p>Alignment: the chunk loop needs {@code T * 1920} sample frames for T codec frames (spec section 2, step 6),
 * while the whole-sequence decode returns {@code (T - L) * 1920} (its last L frames are lookahead only). So the
 * last frame is repeated L times as lookahead. What the released SavedModel feeds as the final lookahead is not
 * documented (mrt-v1 spec section 10); repeating the last frame keeps the final 40 ms, which only feeds the
 * crossfade tail, continuous with the frame it belongs to.
 */
public final class CodecChunkDecoder implements ChunkDecoder {
    private final AudioDecoder codec;
    private final String source;

    public CodecChunkDecoder(AudioDecoder codec) {
        this(codec, "the project's decoder graph");
    }

    /** @param source where the weights came from, for the log ({@link #toString()}) */
    public CodecChunkDecoder(AudioDecoder codec, String source) {
        this.codec = codec;
        this.source = source;
    }

    @Override
    public float[] decode(int[][] frames) {
        int lookahead = codec.info().lookaheadFrames();
        int[][] padded = Arrays.copyOf(frames, frames.length + lookahead);
        for (int i = frames.length; i < padded.length; i++) padded[i] = frames[frames.length - 1];
        return codec.decode(padded);
    }

    @Override
    public void close() {
        codec.close();
    }

    @Override
    public String toString() {
        return "SpectroStream decoder graph, " + source;
    }
}
