package mrtbox.inference.mrt2;

import static mrtbox.inference.mrt2.Mrt2Vocab.LEVELS;

import java.util.Arrays;
import mrtbox.inference.codec.AudioDecoder;
import mrtbox.inference.codec.Mrt2OutputQuantizer;
import mrtbox.inference.codec.AudioEncoder;
import mrtbox.inference.codec.SpectroStreamEncoder;
import mrtbox.inference.engine.InputTap;
import mrtbox.inference.inject.AudioInjectable;
import mrtbox.inference.inject.InjectionControls;
import mrtbox.inference.model.ModelInfo;
import mrtbox.inference.model.NoteFrame;
import mrtbox.inference.model.StepControls;
import mrtbox.inference.model.RestorableModel;
import mrtbox.inference.model.StreamingModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MRT2 as the engine sees it, the streaming step: one step = one 40 ms frame of 1920 stereo samples at 48 kHz (spec
 * mrt2.md fact 1). Per frame: the 141 conditioning tokens from the style tokens and the {@link NoteFrame} (plus the
 * style- and notes-masked rows with true guidance), one {@link Mrt2Llm#step}, the 12 codes through the streaming
 * codec decoder, then the exported step's 0.5 gain and int16 rounding (the reference loudness).
 *
 * <p>Its two helpers each read alone: {@link #states()} (the reset target, copies of the live state at a step
 * boundary, the state file) and {@link #prefill()} (token and silent prefill, at once or handed to the generation
 * thread). {@link #reset} copies the reset target to the live state and picks the seed ({@link #seedRotation}).
 *
 * <p>Model-specific controls come in {@link StepControls#extras()} under the ids below; {@link StepControls#guidance()}
 * is the style (MusicCoCa) guidance.
 *
 * <p>Audio injection ({@link #attachInput}, switched per step by {@link InjectionControls}): the {@link FrameInjector}
 * forces frames of the encoded input/output mix into the previous-frame slot the step embeds; sampling stays free.
 */
public final class Mrt2FrameModel implements StreamingModel, AudioInjectable, RestorableModel {
    private static final Logger log = LoggerFactory.getLogger(Mrt2FrameModel.class);
    public static final int SAMPLE_RATE = 48_000;
    public static final int FRAME_SAMPLES = 1920;
    public static final int CHANNELS = 2;

    public static final String CFG_NOTES = "mrt2.cfg_notes";
    public static final String CFG_DRUMS = "mrt2.cfg_drums";
    public static final String ONSET_MODE = "mrt2.onset_mode";     // 0 mask, 1 unmask
    public static final String UNMASK_WIDTH = "mrt2.unmask_width"; // 0 accompany .. 127 solo
    public static final String DRUMLESS = "mrt2.drumless";         // 0 / 1

    private final ModelInfo info;
    private final Mrt2Llm llm;
    private final AudioDecoder codec;
    private final Mrt2States states;
    private final Mrt2Prefill prefill;
    private final int[] ids = new int[LEVELS];
    private final int[][] codes = new int[1][LEVELS];
    private int[] lastConditioning = new int[Mrt2Vocab.INPUT_SLOTS];
    private long seed;
    private boolean prefilledLastStep;   // the last step replayed a prefill: its audio is not the model's
    private volatile long seedRotation;
    private FrameInjector injector;
    private CodecPipeline pipeline;

    public Mrt2FrameModel(String name, Mrt2Llm llm, AudioDecoder codec, boolean builtInNoise) {
        if (codec.info().samplesPerFrame() != FRAME_SAMPLES || codec.info().channels() != CHANNELS || codec.info().sampleRate() != SAMPLE_RATE) {
            throw new IllegalArgumentException("MRT2 needs a 48 kHz stereo codec with 1920-sample frames, got " + codec.info());
        }
        this.info = new ModelInfo(name, ModelInfo.Shape.FRAME, SAMPLE_RATE, CHANNELS, FRAME_SAMPLES, builtInNoise);
        this.llm = llm;
        this.codec = codec;
        this.states = new Mrt2States(name, llm, codec, () -> seed);
        this.prefill = new Mrt2Prefill(new Forcing());
        if (builtInNoise) log.warn("{} has random weights: it makes noise, not music", name);
    }

    @Override
    public ModelInfo info() {
        return info;
    }

    public Mrt2Llm llm() {
        return llm;
    }

    /**
     * From now on each frame decodes on its own thread while the LLM computes the next one ({@link CodecPipeline}):
     * every step plays the audio the sequential step would have played one step earlier (40 ms of added latency).
     * For playback on a machine with a core to spare; call it before the first step, from the thread that owns the model.
     */
    public void pipelineCodec() {
        if (pipeline == null) pipeline = new CodecPipeline(codec);
    }

    public boolean pipelined() {
        return pipeline != null;
    }

    /** The reset target, state copies and state files of this model. */
    public Mrt2States states() {
        return states;
    }

    /** Token and silent prefill of this model. */
    public Mrt2Prefill prefill() {
        return prefill;
    }

    /**
     * The seed rotation (spec 2.6), read at every later reset and only there: 0 replays the reset target's own seed
     * (a prefilled or loaded state plays its take again), or the engine's seed when the target has none (factory);
     * any other value plays take {@code seed + rotation}. Any thread may set it.
     */
    public void seedRotation(long rotation) {
        this.seedRotation = rotation;
    }

    /** The stream seed the last reset chose (engine seed, target seed or seed + rotation). */
    public long streamSeed() {
        return seed;
    }

    /**
     * Copies the reset target to the live state (LLM and codec stream) and picks the stream seed ({@link #seedRotation}).
     * A prefill in progress is not interrupted: it goes on, and its result becomes the live state when it ends.
     */
    @Override
    public void reset(long seed) {
        Mrt2State t = states.resetTarget();
        long rotation = seedRotation;
        this.seed = rotation != 0 ? seed + rotation : t != null && t.seed() != null ? t.seed() : seed;
        if (injector != null) injector.reset();
        if (prefill.running()) return;
        settleCodec();   // the frame in flight plays at the next step; the codec's state is ours to replace
        states.restore(t);
    }

    /**
     * Makes {@code state} the live state (LLM, codec stream, and its stream seed when it has one) at once, without
     * touching the reset target: the generation thread's side of a scene recall or a rollback (through
     * {@code Engine.swapState}). A prefill in progress is left to finish.
     */
    public void restoreState(Mrt2State state) {
        java.util.Objects.requireNonNull(state, "state");
        if (prefill.running()) return;
        settleCodec();   // the frame in flight plays at the next step; the codec's state is ours to replace
        if (injector != null) injector.reset();
        if (state.seed() != null) this.seed = state.seed();
        states.restore(state);
    }

    /** Back to the pristine state: the reset target becomes the empty windows again, then a reset. */
    public void resetToFactory(long seed) {
        states.forgetResetTarget();
        reset(seed);
    }

    @Override
    public void step(StepControls controls, float[] out) {
        if (out.length != FRAME_SAMPLES * CHANNELS) throw new IllegalArgumentException("output buffer has " + out.length + " floats, expected " + FRAME_SAMPLES * CHANNELS);
        prefilledLastStep = prefill.advance(controls);
        if (prefilledLastStep) {
            if (pipeline != null) pipeline.take(out);   // the frame before the prefill, then silence
            else Arrays.fill(out, 0f);   // the reference does not play the prefill's audio
            return;
        }
        states.captureIfAsked(this::settleCodec);    // a whole frame's state, never a half-done prefill
        if (injector != null) {
            int[] history = injector.nextHistory(InjectionControls.of(controls));
            if (history != null) llm.seedPrevious(history);
        }
        generate(controls, null);
        codes[0] = codesOf(ids, codes[0]);
        if (pipeline != null) {
            pipeline.take(out);
            pipeline.submit(codes[0]);
        } else {
            float[] audio = codec.step(codes);
            Mrt2OutputQuantizer.apply(audio);
            System.arraycopy(audio, 0, out, 0, out.length);
        }
        if (injector != null) injector.recordOutput(out);
    }

    @Override
    public void attachInput(InputTap tap, AudioEncoder encoder) {
        // The injection block is sized from the graph's receptive field, which only the project's own encoder states.
        if (!(encoder instanceof SpectroStreamEncoder own)) {
            throw new IllegalArgumentException("MRT2 injection needs the SpectroStream encoder graph (encoder.safetensors), got " + encoder);
        }
        FrameInjector next = new FrameInjector(tap, own);
        if (injector != null) injector.close();
        injector = next;
        log.info("{}: audio injection from {} ready (history blocks of {} frames)", info.name(), tap, FrameInjector.BLOCK_FRAMES);
    }

    /** The injector, or null when no input is attached. */
    public FrameInjector injector() {
        return injector;
    }

    /** The LLM half of a step: conditioning, one frame of ids (into {@link #lastIds()}); forced ids skip sampling. */
    void generate(StepControls controls, int[] forced) {
        NoteConditioning nc = new NoteConditioning(controls.extra(ONSET_MODE, 0) >= 0.5 ? NoteConditioning.OnsetMode.UNMASK : NoteConditioning.OnsetMode.MASK,
                (int) Math.max(0, Math.round(controls.extra(UNMASK_WIDTH, 0))), controls.extra(DRUMLESS, 0) >= 0.5);
        int[] pos = nc.positive(controls.styleTokens(), controls.notes());
        lastConditioning = pos;
        int[][] cond = llm.batch() == 1 ? new int[][] {pos} : new int[][] {pos, NoteConditioning.styleMasked(pos), NoteConditioning.notesMasked(pos)};
        Mrt2Sampling s = new Mrt2Sampling(controls.temperature(), controls.topK(), controls.guidance(),
                (float) controls.extra(CFG_NOTES, 1.0), (float) controls.extra(CFG_DRUMS, 1.0));
        llm.step(cond, s, seed, forced, ids, null);
    }

    /** The positive row of 141 conditioning tokens the last frame used (diagnosis, status displays). */
    public int[] lastConditioning() {
        return lastConditioning.clone();
    }

    /** The live LLM and codec state (the codec's frame in flight settled first); none while a prefill runs. */
    @Override
    public Object captureState() {
        if (prefill.running()) return null;
        settleCodec();
        return states.capture();
    }

    /**
     * Puts a captured state back and samples on with the next stream seed (the state's frame counter would otherwise
     * replay the same keys). With the codec pipelined, the frame already in flight still plays next.
     */
    @Override
    public void restoreState(Object state) {
        if (!(state instanceof Mrt2State s)) throw new IllegalArgumentException("not an MRT2 state: " + state);
        settleCodec();
        states.restore(s);
        seed++;
    }

    @Override
    public int[] lastStepTokens() {
        return ids;
    }

    @Override
    public boolean lastStepGenerated() {
        return !prefilledLastStep;
    }

    /** The 12 ids of the last frame. */
    public int[] lastIds() {
        return ids.clone();
    }

    private void settleCodec() {
        if (pipeline != null) pipeline.settle();
    }

    static int[] codesOf(int[] ids, int[] into) {
        for (int k = 0; k < LEVELS; k++) into[k] = ids[k] == Mrt2Vocab.SOS ? 0 : Mrt2Vocab.codeOf(ids[k]);
        return into;
    }

    /** A prefill forces frames the way a step runs them, without sampling or playing them. */
    private final class Forcing implements Mrt2Prefill.Forcing {
        @Override
        public void begin() {
            settleCodec();
            llm.reset();
            codec.reset();
        }

        @Override
        public void force(int[] frame, StepControls controls) {
            llm.seedPrevious(frame);
            generate(controls, frame);
            codes[0] = codesOf(ids, codes[0]);
            codec.step(codes);   // the reference's codec runs through the prefill: its stream state is warm after it
        }

        @Override
        public void finish(int[] lastFrame) {
            llm.seedPrevious(lastFrame);
            states.checkpoint();
        }
    }

    @Override
    public void close() {
        if (pipeline != null) pipeline.close();
        llm.close();
        codec.close();
        if (injector != null) injector.close();
    }
}
