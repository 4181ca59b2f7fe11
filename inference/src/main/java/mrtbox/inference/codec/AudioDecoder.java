package mrtbox.inference.codec;

import java.util.Arrays;
import java.util.Map;

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

    /**
     * The streaming state by name with each entry's shape (what {@link #saveStreamState} returns and
     * {@link #loadStreamState} takes); a saved state is only meaningful for a decoder of the same configuration.
     */
    Map<String, long[]> streamStateShapes();

    /** A copy of the streaming state: loading it later continues the stream exactly where it was. */
    Map<String, float[]> saveStreamState();

    /** Replaces the streaming state; every entry is checked ({@link #checkStreamState}) before anything changes. */
    void loadStreamState(Map<String, float[]> state);

    /** Checks a saved stream state's names and sizes against this decoder's, without touching anything. */
    default void checkStreamState(Map<String, float[]> state) {
        Map<String, long[]> shapes = streamStateShapes();
        for (Map.Entry<String, long[]> e : shapes.entrySet()) {
            float[] a = state.get(e.getKey());
            if (a == null) throw new IllegalArgumentException("codec state lacks '" + e.getKey() + "'");
            long n = 1;
            for (long d : e.getValue()) n *= d;
            if (a.length != n) {
                throw new IllegalArgumentException("codec state '" + e.getKey() + "' has " + a.length + " values, expected shape "
                        + Arrays.toString(e.getValue()));
            }
        }
        for (String k : state.keySet()) {
            if (!shapes.containsKey(k)) throw new IllegalArgumentException("codec state has '" + k + "', which this decoder does not carry (another codec configuration?)");
        }
    }

    @Override
    void close();
}
