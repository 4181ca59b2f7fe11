package mrtbox.inference.codec;

/**
 * Codec tokens to 48 kHz stereo, as both model kinds use it. Tokens are {@code [frames][levels]}, each frame with
 * the same number of levels K (1..{@link CodecInfo#rvqLevels()}); audio comes back interleaved (L, R, L, R, ...).
 *
 * <p>Alignment (SpectroStream has one codec frame of lookahead, L = {@link CodecInfo#lookaheadFrames()}):
 * <ul>
 *   <li>{@link #decode} (whole sequence, MRT v1 chunks) returns {@code samplesPerFrame * (T - L)} sample frames;
 *       its sample 0 is the start of codec frame 0. The last L frames only serve as lookahead.</li>
 *   <li>{@link #step} (streaming, MRT2) returns {@code samplesPerFrame * n} sample frames for n codec frames and
 *       lags by L frames: the first {@code samplesPerFrame * L} samples after {@link #reset} are exactly 0, and
 *       step output at overall sample {@code samplesPerFrame * L + i} equals whole-sequence sample {@code i}.</li>
 * </ul>
 * Whole-sequence decoding does not touch the streaming state. Not thread-safe: one generation thread owns it.
 */
public interface AudioDecoder extends AutoCloseable {
    CodecInfo info();

    /** Whole-sequence decode of {@code tokens.length} frames (at least L + 1). */
    float[] decode(int[][] tokens);

    /** Streaming decode of the next frames, continuing from the state left by earlier steps. */
    float[] step(int[][] tokens);

    /** Back to the zero state (silence, lookahead countdown restarted). */
    void reset();

    @Override
    void close();
}
