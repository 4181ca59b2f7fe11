package mrtbox.inference.mrt2;

import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import mrtbox.inference.codec.AudioDecoder;
import mrtbox.inference.codec.Mrt2OutputQuantizer;

/**
 * The codec half of MRT2 frames, one frame behind the LLM: frame n decodes on its own thread while the LLM computes
 * frame n + 1 (the codec's stream state does not depend on the LLM's). Each step therefore plays the frame the
 * sequential step would have played one step earlier: one frame (40 ms) of added latency, no frame lost or repeated.
 * Only the generation thread calls it; the decode thread touches the codec only between {@link #submit} and the
 * next {@link #take} or {@link #settle}.
 */
final class CodecPipeline implements AutoCloseable {
    private final AudioDecoder codec;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "mrt2-codec");
        t.setDaemon(true);
        return t;
    });
    private final int[][] codes = new int[1][];
    private Future<float[]> inFlight;
    private float[] ready;

    CodecPipeline(AudioDecoder codec) {
        this.codec = codec;
    }

    /** Starts decoding one frame's 12 codes (copied) after the one before it has been taken or settled. */
    void submit(int[] frameCodes) {
        settle();
        if (ready != null) throw new IllegalStateException("the previous frame's audio was not taken");
        codes[0] = frameCodes.clone();
        inFlight = thread.submit(() -> {
            float[] audio = codec.step(codes);
            Mrt2OutputQuantizer.apply(audio);
            return audio.clone();
        });
    }

    /** The previous frame's audio into {@code out} (silence when none was submitted); waits for its decode. */
    void take(float[] out) {
        settle();
        if (ready == null) Arrays.fill(out, 0f);
        else System.arraycopy(ready, 0, out, 0, out.length);
        ready = null;
    }

    /** Waits for the decode in flight and keeps its audio for {@link #take}: the codec's state is then the caller's. */
    void settle() {
        if (inFlight == null) return;
        try {
            ready = inFlight.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the codec decoded a frame", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException("codec step failed", e.getCause());
        } finally {
            inFlight = null;
        }
    }

    @Override
    public void close() {
        try {
            settle();
        } finally {
            thread.shutdownNow();
        }
    }
}
