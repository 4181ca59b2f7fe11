package mrtbox.inference.mrtv1;

import static mrtbox.inference.mrtv1.MrtV1Vocab.CHUNK_FRAMES;
import static mrtbox.inference.mrtv1.MrtV1Vocab.LEVELS;

import java.util.Arrays;
import mrtbox.inference.codec.CodecInfo;
import mrtbox.inference.codec.AudioEncoder;
import mrtbox.inference.engine.InputTap;
import mrtbox.inference.inject.InjectionControls;
import mrtbox.inference.inject.InjectionMixer;
import mrtbox.inference.inject.OutputHistory;

/**
 * MRT v1's audio injection, as the reference audio-injection notebook does it (spec mrt-v1.md section 6): before a
 * chunk, the last 2 s of input plus {@value #MIX_PREFIX_FRAMES} frames (66 frames, 126,720 samples) is mixed with
 * the model's own newest output of the same length at the feedback level, encoded to 16 RVQ levels, the first
 * {@value #LEFT_EDGE_FRAMES} frames dropped (the encoder's left-edge artifacts: it starts without history), and the
 * remaining {@value #OVERWRITTEN_FRAMES} frames overwrite the newest frames of the context. The model's output is
 * recorded raw, before the crossfade: the decode of each chunk's 50 new frames.
 */
public final class ContextInjector implements AutoCloseable {
    public static final int MIX_PREFIX_FRAMES = 16;
    public static final int LEFT_EDGE_FRAMES = 8;
    public static final int OVERWRITTEN_FRAMES = CHUNK_FRAMES + MIX_PREFIX_FRAMES - LEFT_EDGE_FRAMES; // 58
    public static final int FRAME_SAMPLES = 1920;
    public static final int MIX_SAMPLES = (CHUNK_FRAMES + MIX_PREFIX_FRAMES) * FRAME_SAMPLES; // 126,720

    private final AudioEncoder encoder;
    private final OutputHistory output = new OutputHistory(MIX_SAMPLES);
    private final InjectionMixer mixer;
    private long lastEncodeNanos;

    public ContextInjector(InputTap tap, AudioEncoder encoder) {
        CodecInfo c = encoder.info();
        if (c.sampleRate() != MrtV1ChunkModel.SAMPLE_RATE || c.channels() != 2 || c.samplesPerFrame() != FRAME_SAMPLES || c.rvqLevels() < LEVELS) {
            throw new IllegalArgumentException("MRT v1 injection needs a 48 kHz stereo SpectroStream encoder with 1920-sample frames and "
                    + LEVELS + " RVQ levels, got " + c);
        }
        this.encoder = encoder;
        this.mixer = new InjectionMixer(tap, output, MIX_SAMPLES, c.sampleRate());
    }

    /** Records a chunk's raw decode (97,920 x 2): its samples after the first frame are the model's new output. */
    void recordOutput(float[] decoded) {
        output.append(decoded, ChunkCrossfade.FADE * ChunkCrossfade.CHANNELS, ChunkCrossfade.EMIT);
    }

    /** The {@value #OVERWRITTEN_FRAMES} x 16 codes this chunk's mix encodes to (after the left edge is dropped). */
    public int[][] tokens(InjectionControls c) {
        long t0 = System.nanoTime();
        float[] mix = mixer.mix(c);
        int[][] codes = encoder.encode(mix, MrtV1ChunkModel.SAMPLE_RATE, LEVELS);
        lastEncodeNanos = System.nanoTime() - t0;
        return Arrays.copyOfRange(codes, LEFT_EDGE_FRAMES, codes.length);
    }

    /** Overwrites the newest {@value #OVERWRITTEN_FRAMES} frames of {@code context} with this chunk's mix tokens. */
    void inject(ContextTokens context, InjectionControls c) {
        context.overwriteTail(tokens(c));
    }

    /** Forgets the recorded output (a model reset: the model has said nothing yet). */
    void reset() {
        output.clear();
    }

    public InjectionMixer mixer() {
        return mixer;
    }

    /** Wall time of the last mix + encode, in nanoseconds (0 before the first). */
    public long lastEncodeNanos() {
        return lastEncodeNanos;
    }

    @Override
    public void close() {
        encoder.close();
    }
}
