package mrtbox.inference.engine;

/**
 * What an audio thread pulls output from: fills interleaved float PCM, never blocks, never allocates.
 * The engine's {@link OutputChain} is the implementation; sinks in the appliance drive it.
 */
public interface AudioSource {
    int sampleRate();

    int channels();

    /** Fills {@code frames * channels()} interleaved samples of {@code out} from index 0. */
    void render(float[] out, int frames);
}
