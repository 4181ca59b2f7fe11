package mrtbox.inference.codec;

/**
 * What a model needs to know about its audio codec.
 *
 * @param sampleRate      48000 for SpectroStream
 * @param channels        2 (interleaved L, R in every float[] the decoder returns)
 * @param samplesPerFrame sample frames (per channel) per codec frame: 1920 = 40 ms
 * @param rvqLevels       quantizer levels available (64); models use the first 12 (MRT2) or 16 (MRT v1)
 * @param codebookSize    codes per level (1024)
 * @param latentDim       embedding size (256)
 * @param lookaheadFrames codec frames of lookahead: streaming output lags whole-sequence output by this many
 */
public record CodecInfo(int sampleRate, int channels, int samplesPerFrame, int rvqLevels, int codebookSize, int latentDim,
                        int lookaheadFrames) {
    public double frameRate() {
        return sampleRate / (double) samplesPerFrame;
    }
}
