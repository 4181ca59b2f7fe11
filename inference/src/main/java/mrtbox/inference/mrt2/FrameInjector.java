package mrtbox.inference.mrt2;

import static mrtbox.inference.mrt2.Mrt2Vocab.LEVELS;

import mrtbox.inference.codec.CodecInfo;
import mrtbox.inference.codec.SpectroStreamEncoder;
import mrtbox.inference.engine.InputTap;
import mrtbox.inference.inject.InjectionControls;
import mrtbox.inference.inject.InjectionMixer;
import mrtbox.inference.inject.OutputHistory;

/**
 * MRT2's audio injection: encoded mix frames forced into the model's history. MRT2 has no token context to
 * overwrite; its memory is the temporal transformer's KV window, fed one frame per step from the previous-frame
 * slot. While injecting, that slot gets a frame of the encoded mix (live input + the model's own output at the
 * feedback level) instead of the model's own last frame, exactly as the reference's token prefill seeds it (spec
 * mrt2.md 2.7: write the token into previous_frame so it is embedded once); the model then samples the current frame
 * freely, so what plays is the model's continuation, never the input copied back.
 *
 * <p>Encoding runs in blocks of {@value #BLOCK_FRAMES} frames: the first injecting step, and every
 * {@value #BLOCK_FRAMES}th after it, encodes the newest {@value #PREFIX_FRAMES} + {@value #BLOCK_FRAMES} frames of mix
 * and queues the last {@value #BLOCK_FRAMES} (the prefix covers the encoder's receptive field, so these equal a
 * whole-stream encode: no edge frames reach the model). Encoding one frame per step would cost the whole prefix
 * every 40 ms (16x); the block costs (16 + 25) / 25 = 1.64 frames of encoder per frame, at the price of a history
 * that lags the present by one block (1 s).
 */
public final class FrameInjector implements AutoCloseable {
    public static final int BLOCK_FRAMES = 25;
    public static final int PREFIX_FRAMES = 16;
    public static final int FRAME_SAMPLES = Mrt2FrameModel.FRAME_SAMPLES;

    private final SpectroStreamEncoder encoder;
    private final OutputHistory output;
    private final InjectionMixer mixer;
    private final int[][] queue = new int[BLOCK_FRAMES][LEVELS];
    private int queued;
    private int next;
    private long lastEncodeNanos;

    public FrameInjector(InputTap tap, SpectroStreamEncoder encoder) {
        CodecInfo c = encoder.info();
        if (c.sampleRate() != Mrt2FrameModel.SAMPLE_RATE || c.channels() != Mrt2FrameModel.CHANNELS || c.samplesPerFrame() != FRAME_SAMPLES
                || c.rvqLevels() < LEVELS || c.codebookSize() != Mrt2Vocab.CODEBOOK) {
            throw new IllegalArgumentException("MRT2 injection needs a 48 kHz stereo SpectroStream encoder with 1920-sample frames and "
                    + LEVELS + " levels of 1024 codes, got " + c);
        }
        if (encoder.contextFrames() > PREFIX_FRAMES) {
            throw new IllegalArgumentException("the encoder needs " + encoder.contextFrames() + " frames of history, the injection block gives " + PREFIX_FRAMES);
        }
        int frames = (PREFIX_FRAMES + BLOCK_FRAMES) * FRAME_SAMPLES;
        this.encoder = encoder;
        this.output = new OutputHistory(frames);
        this.mixer = new InjectionMixer(tap, output, frames, c.sampleRate());
    }

    /** Records one step's emitted audio (1920 x 2): the model's own output for the feedback mix. */
    void recordOutput(float[] frame) {
        output.append(frame, 0, FRAME_SAMPLES);
    }

    /**
     * The unique ids to force into the history at this step, or null when not injecting (the queue is dropped then,
     * so switching injection on starts from fresh audio).
     */
    int[] nextHistory(InjectionControls c) {
        if (!c.enabled()) {
            queued = next = 0;
            return null;
        }
        if (next == queued) encodeBlock(c);
        return queue[next++];
    }

    /** Encodes the newest mix and queues its last {@value #BLOCK_FRAMES} frames as unique ids. */
    private void encodeBlock(InjectionControls c) {
        long t0 = System.nanoTime();
        int[][] codes = blockCodes(c);
        for (int f = 0; f < BLOCK_FRAMES; f++) {
            for (int k = 0; k < LEVELS; k++) queue[f][k] = Mrt2Vocab.audioId(k, codes[f][k]);
        }
        queued = BLOCK_FRAMES;
        next = 0;
        lastEncodeNanos = System.nanoTime() - t0;
    }

    /** The codes [25][12] of the newest block of mix (what the next 25 injecting steps embed). */
    public int[][] blockCodes(InjectionControls c) {
        int[][] codes = encoder.encode(mixer.mix(c), Mrt2FrameModel.SAMPLE_RATE, LEVELS);
        return java.util.Arrays.copyOfRange(codes, PREFIX_FRAMES, codes.length);
    }

    /** A reset: no output yet, nothing queued. */
    void reset() {
        output.clear();
        queued = next = 0;
    }

    public InjectionMixer mixer() {
        return mixer;
    }

    /** Wall time of the last block's mix + encode, in nanoseconds (0 before the first). */
    public long lastEncodeNanos() {
        return lastEncodeNanos;
    }

    @Override
    public void close() {
        encoder.close();
    }
}
