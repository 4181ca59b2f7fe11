package mrtbox.inference.style;

import java.io.IOException;

/**
 * A style model that turns prompts into embeddings (MusicCoCa: 768-d), behind which the MusicCoCa SavedModel,
 * a tiny built-in model or a test model can sit. Calls may be slow (tens of ms to seconds); {@link StyleMixer}
 * makes them on its own thread.
 */
public interface StyleEmbedder extends AutoCloseable {
    /** Identifies the model and its weights, so cached embeddings of another model are never reused. */
    String modelId();

    int dim();

    /** Sample rate and length of one audio clip, e.g. 16000 Hz and 160000 samples (10 s) for MusicCoCa. */
    int clipSampleRate();

    int clipSamples();

    /** The embedding of a text prompt, as typed (the embedder does its own lowercasing and packing). */
    float[] embedText(String text) throws IOException;

    /** The embedding of one mono clip of exactly {@link #clipSamples()} samples at {@link #clipSampleRate()}. */
    float[] embedAudioClip(float[] clip) throws IOException;

    /** How many text tokens of this prompt the model cannot see (cut off at its length limit); 0 when it fits. */
    default int droppedTextTokens(String text) {
        return 0;
    }

    /**
     * An optional part of the model that is installed but could not be used, and why ({@code "mapper.tflite unusable:
     * ..."}): the model works without it, and the box's health says so. Empty when every installed part works.
     */
    default String problem() {
        return "";
    }

    @Override
    default void close() throws IOException {}
}
