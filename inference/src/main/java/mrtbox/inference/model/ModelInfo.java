package mrtbox.inference.model;

/**
 * What the engine and the status displays need to know about a loaded model.
 *
 * @param name           as shown to people ("mrt-v1-base", "tiny-v1")
 * @param shape          chunk (MRT v1) or frame (MRT2): decides the engine's pacing
 * @param sampleRate     48000 for every released model
 * @param channels       2 for every released model
 * @param samplesPerStep sample frames per step (per channel): 96000 for a 2 s chunk, 1920 for a 40 ms frame
 * @param builtInNoise   true for the built-in tiny models with random weights: they make noise, and the log,
 *                       web page and OSC status must say so
 */
public record ModelInfo(String name, Shape shape, int sampleRate, int channels, int samplesPerStep, boolean builtInNoise) {
    public enum Shape { CHUNK, FRAME }

    public ModelInfo {
        if (sampleRate <= 0 || channels <= 0 || samplesPerStep <= 0) {
            throw new IllegalArgumentException("model " + name + ": sampleRate, channels and samplesPerStep must be positive");
        }
    }

    public double secondsPerStep() {
        return samplesPerStep / (double) sampleRate;
    }
}
