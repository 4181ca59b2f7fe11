package mrtbox.inference.mrtv1;

/**
 * What the MRT v1 chunk loop needs from the codec: the reference's stateless SpectroStream decode of one chunk's
 * codec frames, {@code [51][16]} codes (the previous chunk's last frame, then the 50 new frames) to
 * {@code 51 * 1920} stereo sample frames, interleaved L, R (spec section 2, step 6: 97,920 x 2). Sample block k
 * belongs to codec frame k; the chunk loop emits the first 96,000 and keeps the last 1,920 as the crossfade tail.
 *
 * <p>This is the minimal seam to the codec: {@link CodecChunkDecoder} backs it with the Java-graph SpectroStream
 * decoder, {@link SavedModelChunkDecoder} with the released SavedModels ({@link MrtV1Models#chunkDecoder} picks by
 * the installed layout); both are stateless per chunk, as the reference decoder has no memory across chunks.
 */
@FunctionalInterface
public interface ChunkDecoder extends AutoCloseable {
    /** @return exactly {@code frames.length * 1920 * 2} floats */
    float[] decode(int[][] frames);

    /** Frees the codec (native sessions); the chunk model closes its decoder. */
    @Override
    default void close() {}
}
