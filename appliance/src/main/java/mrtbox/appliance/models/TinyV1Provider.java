package mrtbox.appliance.models;

import mrtbox.inference.codec.SpectroStreamDecoder;
import mrtbox.inference.model.StreamingModel;
import mrtbox.inference.mrtv1.MrtV1Models;

/**
 * tiny-v1, the built-in model: the MRT v1 chunk model at tiny widths with seeded random weights, decoded by the
 * tiny SpectroStream codec (also random). Every code path of the real model runs, no download is needed, and it
 * makes noise (the status says so). Each chunk is decoded on fresh codec state, as the reference decoder does.
 */
public final class TinyV1Provider implements ModelProvider {
    static final long SEED = 1;

    @Override
    public String name() {
        return MrtV1Models.TINY_NAME;
    }

    @Override
    public String description() {
        return "built in: MRT v1 at tiny size with random weights (makes noise; no download needed)";
    }

    @Override
    public StreamingModel open() throws Exception {
        SpectroStreamDecoder codec = SpectroStreamDecoder.tiny(SEED);
        return MrtV1Models.tiny(SEED, frames -> decodeChunk(codec, frames));
    }

    /**
     * The chunk loop wants {@code frames.length * 1920} stereo frames (spec step 6: 51 codec frames to 97,920
     * samples); the whole-sequence decode holds back its lookahead frames at the end, so the last frame is repeated
     * that many times to cover them. (Exact reference alignment of this seam is the codec's concern; tiny-v1 is
     * noise either way.)
     */
    static float[] decodeChunk(SpectroStreamDecoder codec, int[][] frames) {
        int lookahead = codec.info().lookaheadFrames();
        int[][] padded = java.util.Arrays.copyOf(frames, frames.length + lookahead);
        for (int i = frames.length; i < padded.length; i++) padded[i] = frames[frames.length - 1];
        return codec.decode(padded);
    }
}
