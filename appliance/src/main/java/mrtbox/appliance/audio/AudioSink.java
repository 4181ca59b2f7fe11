package mrtbox.appliance.audio;

import java.io.IOException;

/**
 * Where the audio thread sends the engine's output: a sound card (Java Sound), a WAV file or nowhere. Small on
 * purpose: the {@link AudioOutput} loop does pacing, failure handling and reopening for every kind alike.
 *
 * <p>{@link #write} runs on the audio thread: implementations must not allocate, lock for long, log or touch
 * the disk there (the WAV sink hands its data to a writer thread).
 */
public interface AudioSink extends AutoCloseable {

    /** For logs and {@code mrtbox devices}: which device or file this is. */
    String describe();

    /**
     * Opens (or reopens) for interleaved float input in blocks of at most {@code maxBlockFrames}; throws when the
     * device is not there. Buffers are allocated here, never in {@link #write}.
     */
    void open(int sampleRate, int channels, int maxBlockFrames) throws IOException;

    /**
     * Writes {@code frames} interleaved frames. A sink that {@link #pacesItself()} blocks until the device took
     * them. Returns false when the device failed (the output then reopens it with backoff).
     */
    boolean write(float[] interleaved, int frames);

    /** True when {@link #write} blocks at the sample rate (a sound card); false when the clock must pace. */
    boolean pacesItself();

    /** Frames the device buffers (its latency); 0 when it has none. */
    default int bufferFrames() {
        return 0;
    }

    /** Closes; safe to call from another thread to unblock a stuck {@link #write}, and safe to call twice. */
    @Override
    void close();
}
