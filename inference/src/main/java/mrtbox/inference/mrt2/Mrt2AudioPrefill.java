package mrtbox.inference.mrt2;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import mrtbox.inference.codec.SpectroStreamEncoder;
import mrtbox.inference.style.AudioPrompts;

/**
 * Audio to prefill frames (spec mrt2.md section 2.7): the clip as 48 kHz stereo (other rates resampled, mono
 * duplicated), at most the reference's 28 s (longer clips are cut there), encoded by SpectroStream to 12 levels, the
 * first and last {@value #TRIM_FRAMES} frames dropped (1 s each side: the reference's sweet spot, where 0 to 10
 * frames glitch and 50 to 100 lose context), as unique ids ({@code 6 + 1024 level + code}) for
 * {@link Mrt2Prefill#run}. The reference traces its encoder for exactly 28 s and zero-pads shorter clips; the
 * trim applies to the clip's own frames ("25 frames each side of a clip", spec fact 10), so no padding frame is fed.
 */
public final class Mrt2AudioPrefill {
    public static final int TRIM_FRAMES = 25;
    /** The reference encoder's fixed input: 28 s at 48 kHz. */
    public static final int MAX_SAMPLE_FRAMES = 1_344_000;
    public static final int LEVELS = Mrt2Vocab.LEVELS;

    private Mrt2AudioPrefill() {}

    /** The prefill frames of an audio file (WAV, AIFF or AU, any rate, mono or stereo). */
    public static int[][] fromFile(SpectroStreamEncoder encoder, Path file) throws IOException {
        float[] audio = AudioPrompts.loadStereo(file, Mrt2FrameModel.SAMPLE_RATE);
        try {
            return fromAudio(encoder, audio);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    /** The prefill frames of interleaved 48 kHz stereo audio. */
    public static int[][] fromAudio(SpectroStreamEncoder encoder, float[] interleaved) {
        int frames = interleaved.length / 2;
        int spf = Mrt2FrameModel.FRAME_SAMPLES;
        int minFrames = 2 * TRIM_FRAMES + 1;
        if (frames < minFrames * spf - spf + 1) {
            throw new IllegalArgumentException(String.format("%.2f s of audio is too short to prefill: the first and last %d frames (%.1f s each) are "
                    + "trimmed, so at least %.2f s are needed", frames / (double) Mrt2FrameModel.SAMPLE_RATE, TRIM_FRAMES,
                    TRIM_FRAMES * spf / (double) Mrt2FrameModel.SAMPLE_RATE, ((minFrames - 1) * spf + 1) / (double) Mrt2FrameModel.SAMPLE_RATE));
        }
        float[] clip = frames > MAX_SAMPLE_FRAMES ? Arrays.copyOf(interleaved, MAX_SAMPLE_FRAMES * 2) : interleaved;
        int[][] codes = encoder.encode(clip, Mrt2FrameModel.SAMPLE_RATE, LEVELS);
        return trimmedIds(codes);
    }

    /** Drops {@value #TRIM_FRAMES} frames each side of encoded codes {@code [frames][12]} and maps them to unique ids. */
    public static int[][] trimmedIds(int[][] codes) {
        int n = codes.length - 2 * TRIM_FRAMES;
        if (n < 1) throw new IllegalArgumentException(codes.length + " codec frames do not survive trimming " + TRIM_FRAMES + " each side");
        int[][] out = new int[n][LEVELS];
        for (int t = 0; t < n; t++) {
            int[] c = codes[t + TRIM_FRAMES];
            if (c.length != LEVELS) throw new IllegalArgumentException("frame " + (t + TRIM_FRAMES) + " has " + c.length + " levels, expected " + LEVELS);
            for (int k = 0; k < LEVELS; k++) out[t][k] = Mrt2Vocab.audioId(k, c[k]);
        }
        return out;
    }

    /**
     * The 12 ids of silence, as the reference takes them: the middle frame of an encoded silent clip. Inside a
     * silent clip every frame farther than the encoder's receptive field from both ends sees the same input, so a
     * clip of {@code 2 * context + 3} frames gives the middle frame of the reference's 28 s (the latents agree to
     * float rounding, the codes exactly in the test) at a fraction of the cost.
     */
    public static int[] silence(SpectroStreamEncoder encoder) {
        int frames = 2 * encoder.contextFrames() + 3;
        int[][] codes = encoder.encode(new float[frames * Mrt2FrameModel.FRAME_SAMPLES * 2], Mrt2FrameModel.SAMPLE_RATE, LEVELS);
        int[] mid = codes[frames / 2];
        int[] ids = new int[LEVELS];
        for (int k = 0; k < LEVELS; k++) ids[k] = Mrt2Vocab.audioId(k, mid[k]);
        return ids;
    }
}
