package mrtbox.inference.mrt2;

import static mrtbox.inference.mrt2.Mrt2Vocab.LEVELS;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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
 * <p>Encoding runs in blocks of {@value #BLOCK_FRAMES} frames on a worker thread, so a 40 ms step never waits for
 * the encoder: every {@value #BLOCK_FRAMES}th injecting step takes the block encoded during the previous
 * {@value #BLOCK_FRAMES} steps (waiting only if the encoder is slower than real time) and hands the worker the newest
 * {@value #PREFIX_FRAMES} + {@value #BLOCK_FRAMES} frames of mix. The prefix covers the encoder's receptive field, so
 * the {@value #BLOCK_FRAMES} kept frames equal a whole-stream encode (no edge frames reach the model). Encoding one
 * frame per step would cost the whole prefix every 40 ms (17x); the block costs (16 + 25) / 25 = 1.64 frames of
 * encoder per frame. The price is latency: a block is embedded one block after it was captured, so the history lags
 * the present by 1 to 2 s, and the first block after switching on arrives after 1 s.
 */
public final class FrameInjector implements AutoCloseable {
    public static final int BLOCK_FRAMES = 25;
    public static final int PREFIX_FRAMES = 16;
    public static final int FRAME_SAMPLES = Mrt2FrameModel.FRAME_SAMPLES;

    private final SpectroStreamEncoder encoder;
    private final OutputHistory output;
    private final InjectionMixer mixer;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "mrt2-inject-encoder");
        t.setDaemon(true);
        return t;
    });
    private int[][] queue = new int[0][];
    private int next;
    private int step;
    private Future<int[][]> pending;
    private volatile long lastEncodeNanos;

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
     * The unique ids to force into the history at this step, or null (not injecting, or the first block after
     * switching on is still being encoded). Switching off drops whatever was queued or pending.
     */
    int[] nextHistory(InjectionControls c) {
        if (!c.enabled()) {
            drop();
            return null;
        }
        if (step % BLOCK_FRAMES == 0) {
            if (pending != null) {
                queue = await(pending);
                next = 0;
            }
            float[] mix = mixer.mix(c).clone();   // the worker owns this copy; the mixer's buffer is reused
            pending = worker.submit(() -> encodeBlock(mix));
        }
        step++;
        return next < queue.length ? queue[next++] : null;
    }

    private void drop() {
        pending = null;   // a running encode finishes on the worker; its result is ignored
        queue = new int[0][];
        next = 0;
        step = 0;
    }

    private static int[][] await(Future<int[][]> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the injection encoder", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the injection encoder failed: " + e.getCause().getMessage(), e.getCause());
        }
    }

    /** Encodes one block of mix (on the worker) into the unique ids of its last {@value #BLOCK_FRAMES} frames. */
    private int[][] encodeBlock(float[] mix) {
        long t0 = System.nanoTime();
        int[][] codes = blockCodes(mix);
        int[][] ids = new int[BLOCK_FRAMES][LEVELS];
        for (int f = 0; f < BLOCK_FRAMES; f++) {
            for (int k = 0; k < LEVELS; k++) ids[f][k] = Mrt2Vocab.audioId(k, codes[f][k]);
        }
        lastEncodeNanos = System.nanoTime() - t0;
        return ids;
    }

    /** The codes [25][12] of the newest block of mix under {@code c} (what the injection would queue now). */
    public int[][] blockCodes(InjectionControls c) {
        return blockCodes(mixer.mix(c));
    }

    private int[][] blockCodes(float[] mix) {
        int[][] codes = encoder.encode(mix, Mrt2FrameModel.SAMPLE_RATE, LEVELS);
        return java.util.Arrays.copyOfRange(codes, PREFIX_FRAMES, codes.length);
    }

    /** A reset: no output yet, nothing queued. */
    void reset() {
        output.clear();
        drop();
    }

    public InjectionMixer mixer() {
        return mixer;
    }

    /** Wall time of the last block's encode on the worker, in nanoseconds (0 before the first). */
    public long lastEncodeNanos() {
        return lastEncodeNanos;
    }

    @Override
    public void close() {
        worker.shutdownNow();
        try {
            if (!worker.awaitTermination(10, TimeUnit.SECONDS)) throw new IllegalStateException("the injection encoder did not stop in 10 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        encoder.close();
    }
}
