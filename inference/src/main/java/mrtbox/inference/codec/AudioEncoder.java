package mrtbox.inference.codec;

/**
 * Audio to codec tokens, whole-sequence: what audio injection needs of an encoder. Two implementations: the
 * project's own {@link SpectroStreamEncoder} graph ({@code encoder.safetensors}) and the MRT v1 release's SavedModel
 * ({@code mrtbox.inference.codec.savedmodel.SavedModelSpectroStreamEncoder}). Not thread-safe.
 */
public interface AudioEncoder extends AutoCloseable {

    /** The codec the tokens belong to (rate, channels, frame size, levels). */
    CodecInfo info();

    /** Tokens {@code [ceil(samples / samplesPerFrame)][levels]} of interleaved stereo audio at {@code sampleRate}. */
    int[][] encode(float[] interleaved, int sampleRate, int levels);

    @Override
    void close();
}
