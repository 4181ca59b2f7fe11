package mrtbox.inference.mrtv1;

import mrtbox.inference.codec.savedmodel.SavedModelSpectroStreamDecoder;

/**
 * Backs the MRT v1 chunk loop with the released SpectroStream SavedModels, exactly as the reference does: one
 * stateless decode of the chunk's 51 frames of 16 levels to 51 x 1920 stereo sample frames. Unlike
 * {@link CodecChunkDecoder} nothing is padded or trimmed: the SavedModel decoder returns one 1920-sample block per
 * frame it is given.
 */
public final class SavedModelChunkDecoder implements ChunkDecoder {
    private final SavedModelSpectroStreamDecoder codec;

    public SavedModelChunkDecoder(SavedModelSpectroStreamDecoder codec) {
        int perFrame = ChunkCrossfade.DECODED / (MrtV1Vocab.CHUNK_FRAMES + 1);
        if (codec.info().samplesPerFrame() != perFrame) {
            throw new IllegalArgumentException("MRT v1 needs " + perFrame + " samples per codec frame, the codec has " + codec.info().samplesPerFrame());
        }
        this.codec = codec;
    }

    @Override
    public float[] decode(int[][] frames) {
        return codec.decode(frames);
    }

    @Override
    public void close() {
        codec.close();
    }

    @Override
    public String toString() {
        return "SpectroStream release SavedModels, decoder signature";
    }
}
