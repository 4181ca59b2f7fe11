package mrtbox.inference.mrtv1;

/**
 * What the MRT v1 chunk loop needs from the codec: the reference's stateless SpectroStream decode of one chunk's
 * codec frames, {@code [51][16]} codes (the previous chunk's last frame, then the 50 new frames) to
 * {@code 51 * 1920} stereo sample frames, interleaved L, R (spec section 2, step 6: 97,920 x 2). Sample block k
 * belongs to codec frame k; the chunk loop emits the first 96,000 and keeps the last 1,920 as the crossfade tail.
 *
 * <p>This is the minimal seam to the codec module: at merge it is backed by the SpectroStream decoder
 * ({@code mrtbox.inference.codec.AudioDecoder}), fresh state per chunk, as the reference decoder has no memory
 * across chunks.
 */
@FunctionalInterface
public interface ChunkDecoder {
    /** @return exactly {@code frames.length * 1920 * 2} floats */
    float[] decode(int[][] frames);
}
