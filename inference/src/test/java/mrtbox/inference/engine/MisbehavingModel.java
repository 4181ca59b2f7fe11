package mrtbox.inference.engine;

import java.util.Map;
import java.util.Random;
import mrtbox.inference.model.ModelInfo;
import mrtbox.inference.model.RestorableModel;
import mrtbox.inference.model.StepControls;
import mrtbox.inference.model.StreamingModel;

/**
 * Test scope: a frame model (40 ms stereo at 48 kHz, 12 tokens a frame) with a state the guard can save and restore,
 * that can be told to go silent, repeat its last frames, clip, emit NaN or collapse its tokens. Its music is a
 * 220 Hz tone with a slow envelope and a little seeded noise; the misbehaviour is part of the state, so a rollback
 * to a state from before it plays music again, and a reset does too.
 */
final class MisbehavingModel implements StreamingModel, RestorableModel {
    enum Mode { MUSIC, SILENT, REPEAT, CLIP, NAN, COLLAPSE }

    static final StepControls CONTROLS = new StepControls(null, null, 1.1f, 40, 5f, null, Map.of());
    private static final int FRAMES = 1920;

    private record State(long sample, Mode mode) {}

    private final ModelInfo info = new ModelInfo("misbehaving", ModelInfo.Shape.FRAME, 48000, 2, FRAMES, false);
    private final float[][] loop = new float[3][FRAMES * 2];
    private final int[] tokens = new int[12];
    private Random random = new Random(1);
    private long sample;
    private long steps;
    private volatile Mode mode = Mode.MUSIC;
    volatile boolean prefilling;
    int restores;
    int resets;

    void misbehave(Mode m) {
        mode = m;
    }

    Mode mode() {
        return mode;
    }

    @Override public ModelInfo info() { return info; }

    @Override
    public void reset(long seed) {
        resets++;
        random = new Random(seed);
        sample = 0;
        mode = Mode.MUSIC;
    }

    @Override
    public void step(StepControls controls, float[] out) {
        Mode m = mode;
        int slot = (int) (steps % loop.length);
        for (int f = 0; f < FRAMES; f++) {
            double t = (sample + f) / 48000.0;
            float v = (float) ((0.2 + 0.1 * Math.sin(t * 0.9)) * Math.sin(2 * Math.PI * 220 * t) + random.nextGaussian() * 0.002);
            out[2 * f] = v;
            out[2 * f + 1] = v;
        }
        for (int k = 0; k < tokens.length; k++) tokens[k] = k * 1024 + random.nextInt(1024);
        switch (m) {
            case SILENT -> java.util.Arrays.fill(out, 0f);
            case REPEAT -> {
                System.arraycopy(loop[slot], 0, out, 0, out.length);
                for (int k = 0; k < tokens.length; k++) tokens[k] = (int) (slot * 31L + k);
            }
            case CLIP -> { for (int i = 0; i < out.length; i++) out[i] = out[i] >= 0 ? 1f : -1f; }
            case NAN -> out[5] = Float.NaN;
            case COLLAPSE -> { for (int k = 0; k < tokens.length; k++) tokens[k] = 3 + random.nextInt(2); }
            default -> { }
        }
        if (m != Mode.REPEAT) System.arraycopy(out, 0, loop[slot], 0, out.length);
        sample += FRAMES;
        steps++;
    }

    @Override
    public Object captureState() {
        return new State(sample, mode);
    }

    @Override
    public void restoreState(Object state) {
        State s = (State) state;
        restores++;
        sample = s.sample();
        mode = s.mode();
    }

    @Override
    public boolean lastStepGenerated() {
        return !prefilling;
    }

    @Override
    public int[] lastStepTokens() {
        return tokens;
    }

    @Override public void close() { }
}
