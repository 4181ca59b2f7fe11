package mrtbox.inference.guard;

import java.util.Arrays;
import java.util.Random;

/**
 * A test source of MRT2-shaped steps (40 ms stereo frames at 48 kHz, 12 tokens each) that can be told to misbehave:
 * music-like (noise through a moving envelope and pitch, tokens spread over 1024 codes), silent, repeating its last
 * few steps exactly, clipping, NaN, collapsed onto two tokens, or with a DC offset; and two kinds of music that are
 * quiet or repetitive by design: a soft drone and a sparse beat (a kick every half second, silence between).
 */
final class MisbehavingStream {
    static final int RATE = 48_000;
    static final int CHANNELS = 2;
    static final int FRAMES = 1920;
    static final int SAMPLES = FRAMES * CHANNELS;
    static final double STEP_SECONDS = FRAMES / (double) RATE;
    static final int TOKENS = 12;

    enum Mode { MUSIC, SILENT, REPEAT, CLIP, NAN, COLLAPSE, DC, DRONE, SPARSE_BEAT }

    private final Random random;
    private final float[][] loopAudio = new float[4][SAMPLES];
    private final int[][] loopTokens = new int[4][TOKENS];
    private Mode mode = Mode.MUSIC;
    private long frame;
    private int loopPosition;
    private double phase;

    MisbehavingStream(long seed) {
        this.random = new Random(seed);
    }

    void mode(Mode m) {
        if (m == Mode.REPEAT) loopPosition = 0;
        mode = m;
    }

    /** Writes the next step into audio and tokens. */
    void next(float[] audio, int[] tokens) {
        switch (mode) {
            case MUSIC -> music(audio, tokens);
            case SILENT -> {
                for (int i = 0; i < SAMPLES; i++) audio[i] = (float) (random.nextGaussian() * 1e-5);   // -100 dBFS hiss
                randomTokens(tokens);
            }
            case REPEAT -> {
                System.arraycopy(loopAudio[loopPosition], 0, audio, 0, SAMPLES);
                System.arraycopy(loopTokens[loopPosition], 0, tokens, 0, TOKENS);
                loopPosition = (loopPosition + 1) % loopAudio.length;
            }
            case CLIP -> {
                for (int f = 0; f < FRAMES; f++) {
                    float v = ((frame * FRAMES + f) / 40) % 2 == 0 ? 1f : -1f;
                    audio[2 * f] = v;
                    audio[2 * f + 1] = v;
                }
                randomTokens(tokens);
            }
            case NAN -> {
                music(audio, tokens);
                audio[17] = Float.NaN;
                audio[300] = Float.POSITIVE_INFINITY;
            }
            case COLLAPSE -> {
                music(audio, tokens);
                for (int k = 0; k < TOKENS; k++) tokens[k] = 7 + random.nextInt(2);   // two codes: no exact loop, 1 bit
            }
            case DC -> {
                music(audio, tokens);
                for (int i = 0; i < SAMPLES; i++) audio[i] = audio[i] * 0.3f + 0.4f;
            }
            case DRONE -> {
                for (int f = 0; f < FRAMES; f++) {
                    phase += 2 * Math.PI * 110 / RATE;
                    float v = (float) (0.02 * (Math.sin(phase) + 0.5 * Math.sin(2 * phase)) + random.nextGaussian() * 0.001);
                    audio[2 * f] = v;
                    audio[2 * f + 1] = v;
                }
                randomTokens(tokens);
            }
            case SPARSE_BEAT -> {
                for (int f = 0; f < FRAMES; f++) {
                    long n = (frame * FRAMES + f) % (RATE / 2);
                    double t = n / (double) RATE;
                    float v = (float) (0.8 * Math.exp(-t * 40) * Math.sin(2 * Math.PI * 55 * t));
                    audio[2 * f] = v;
                    audio[2 * f + 1] = v;
                }
                randomTokens(tokens);
            }
        }
        if (mode != Mode.REPEAT) {
            int slot = (int) (frame % loopAudio.length);
            System.arraycopy(audio, 0, loopAudio[slot], 0, SAMPLES);
            System.arraycopy(tokens, 0, loopTokens[slot], 0, TOKENS);
        }
        frame++;
    }

    private void music(float[] audio, int[] tokens) {
        double t = frame * STEP_SECONDS;
        double envelope = 0.1 + 0.08 * Math.sin(t * 1.3) + 0.05 * Math.sin(t * 0.31);
        double hz = 110 * Math.pow(2, Math.floor(4 * (1 + Math.sin(t * 0.7))) / 12.0);
        for (int f = 0; f < FRAMES; f++) {
            phase += 2 * Math.PI * hz / RATE;
            double v = envelope * (0.6 * Math.sin(phase) + 0.4 * random.nextGaussian() * 0.5);
            audio[2 * f] = (float) v;
            audio[2 * f + 1] = (float) (v * 0.9);
        }
        randomTokens(tokens);
    }

    private void randomTokens(int[] tokens) {
        for (int k = 0; k < TOKENS; k++) tokens[k] = k * 1024 + random.nextInt(1024);
    }

    static float[] audioBuffer() {
        return new float[SAMPLES];
    }

    static int[] tokenBuffer() {
        int[] t = new int[TOKENS];
        Arrays.fill(t, -1);
        return t;
    }
}
