package mrtbox.inference.inject;

import mrtbox.inference.engine.InputTap;

/**
 * Builds the audio that gets encoded into the model's context (the reference notebook's {@code mix_audio}): a
 * window of live input (as the tap delivers it), ending {@link InjectionControls#delayMs} before the newest captured
 * frame, plus the model's own newest output of the same length at the feedback level. One instance per
 * model, used by the generation thread only; the buffers are preallocated and reused.
 */
public final class InjectionMixer {
    private final InputTap tap;
    private final OutputHistory output;
    private final int frames;
    private final float[] input;
    private final float[] mix;
    private long lastInputEnd;

    /**
     * @param frames the window length in stereo sample frames (the codec's rate)
     * @param codecSampleRate the rate the encoder takes; the tap must deliver it
     */
    public InjectionMixer(InputTap tap, OutputHistory output, int frames, int codecSampleRate) {
        if (tap.sampleRate() != codecSampleRate) {
            throw new IllegalArgumentException("the audio input runs at " + tap.sampleRate() + " Hz; injection needs " + codecSampleRate
                    + " Hz (the codec's rate): set the input device to " + codecSampleRate + " Hz");
        }
        if (tap.channels() != 2) throw new IllegalArgumentException("the audio input delivers " + tap.channels() + " channels; injection reads stereo");
        if (frames > output.capacityFrames()) throw new IllegalArgumentException("mix window of " + frames + " frames is longer than the output history");
        this.tap = tap;
        this.output = output;
        this.frames = frames;
        this.input = new float[frames * 2];
        this.mix = new float[frames * 2];
    }

    public int frames() {
        return frames;
    }

    public InputTap tap() {
        return tap;
    }

    /**
     * The mix for this step: {@code input + feedback * output}, interleaved stereo, {@link #frames()} long.
     * The returned array is reused by the next call.
     */
    public float[] mix(InjectionControls c) {
        long end = tap.framesWritten() - c.delayFrames(tap.sampleRate());
        lastInputEnd = end;
        if (end > 0) tap.read(end, input, frames);
        else java.util.Arrays.fill(input, 0f);   // the window lies entirely before the first captured frame
        output.readLatest(mix, frames, c.feedback());
        for (int i = 0; i < mix.length; i++) mix[i] += input[i];
        return mix;
    }

    /** The absolute input frame (exclusive) at which the last mix's input window ended. */
    public long lastInputEnd() {
        return lastInputEnd;
    }
}
