package mrtbox.inference.mrt2;

import static mrtbox.inference.mrt2.Mrt2Vocab.LEVELS;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import mrtbox.inference.codec.AudioDecoder;
import mrtbox.inference.codec.Mrt2OutputQuantizer;
import mrtbox.inference.codec.SpectroStreamEncoder;
import mrtbox.inference.engine.InputTap;
import mrtbox.inference.inject.AudioInjectable;
import mrtbox.inference.inject.InjectionControls;
import mrtbox.inference.model.ModelInfo;
import mrtbox.inference.model.NoteFrame;
import mrtbox.inference.model.StepControls;
import mrtbox.inference.model.StreamingModel;
import mrtbox.inference.weights.FloatTensor;
import mrtbox.inference.weights.SafetensorsFile;
import mrtbox.inference.weights.SafetensorsWriter;
import mrtbox.inference.weights.WeightException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MRT2 as the engine sees it: one step = one 40 ms frame of 1920 stereo samples at 48 kHz (spec mrt2.md fact 1).
 * Per frame: the 141 conditioning tokens from the style tokens and the {@link NoteFrame} (plus the style- and
 * notes-masked rows with true guidance), one {@link Mrt2Llm#step}, the 12 codes through the streaming codec decoder,
 * then the exported step's 0.5 gain and int16 rounding (the reference loudness).
 *
 * <p>State lifecycle (spec section 2.6): the live state; the reset target (factory = empty windows, moved by
 * {@link #loadState} and {@link #checkpoint}); {@link #reset} copies the target to live and restarts the codec.
 * The seed rotation is added to the seed at reset only.
 *
 * <p>Model-specific controls come in {@link StepControls#extras()} under the ids below; {@link StepControls#guidance()}
 * is the style (MusicCoCa) guidance.
 *
 * <p>Audio injection ({@link #attachInput}, switched per step by {@link InjectionControls}): the {@link FrameInjector}
 * forces frames of the encoded input/output mix into the previous-frame slot the step embeds; sampling stays free.
 */
public final class Mrt2FrameModel implements StreamingModel, AudioInjectable {
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
    private final int[] ids = new int[LEVELS];
    private final int[][] codes = new int[1][LEVELS];
    private int[] lastConditioning = new int[Mrt2Vocab.INPUT_SLOTS];
    private Map<String, float[]> resetTarget;
    private long seed;
    private long seedRotation;
    private FrameInjector injector;

    public Mrt2FrameModel(String name, Mrt2Llm llm, AudioDecoder codec, boolean builtInNoise) {
        if (codec.info().samplesPerFrame() != FRAME_SAMPLES || codec.info().channels() != CHANNELS || codec.info().sampleRate() != SAMPLE_RATE) {
            throw new IllegalArgumentException("MRT2 needs a 48 kHz stereo codec with 1920-sample frames, got " + codec.info());
        }
        this.info = new ModelInfo(name, ModelInfo.Shape.FRAME, SAMPLE_RATE, CHANNELS, FRAME_SAMPLES, builtInNoise);
        this.llm = llm;
        this.codec = codec;
        if (builtInNoise) log.warn("{} has random weights: it makes noise, not music", name);
    }

    @Override
    public ModelInfo info() {
        return info;
    }

    public Mrt2Llm llm() {
        return llm;
    }

    /** Added to the seed at every later reset (the reference's seed rotation acts only at reset). */
    public void seedRotation(long rotation) {
        this.seedRotation = rotation;
    }

    @Override
    public void reset(long seed) {
        this.seed = seed + seedRotation;
        if (resetTarget == null) llm.reset();
        else llm.loadState(resetTarget);
        codec.reset();
        if (injector != null) injector.reset();
    }

    /** Back to the pristine state: the reset target becomes the empty windows again, then a reset. */
    public void resetToFactory(long seed) {
        resetTarget = null;
        reset(seed);
    }

    @Override
    public void step(StepControls controls, float[] out) {
        if (out.length != FRAME_SAMPLES * CHANNELS) throw new IllegalArgumentException("output buffer has " + out.length + " floats, expected " + FRAME_SAMPLES * CHANNELS);
        if (injector != null) {
            int[] history = injector.nextHistory(InjectionControls.of(controls));
            if (history != null) llm.seedPrevious(history);
        }
        generate(controls, null);
        codes[0] = codesOf(ids, codes[0]);
        float[] audio = codec.step(codes);
        Mrt2OutputQuantizer.apply(audio);
        System.arraycopy(audio, 0, out, 0, out.length);
        if (injector != null) injector.recordOutput(out);
    }

    @Override
    public void attachInput(InputTap tap, SpectroStreamEncoder encoder) {
        FrameInjector next = new FrameInjector(tap, encoder);
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

    /** The 12 ids of the last frame. */
    public int[] lastIds() {
        return ids.clone();
    }

    static int[] codesOf(int[] ids, int[] into) {
        for (int k = 0; k < LEVELS; k++) into[k] = ids[k] == Mrt2Vocab.SOS ? 0 : Mrt2Vocab.codeOf(ids[k]);
        return into;
    }

    // ------------------------------------------------------------------ prefill and state

    /**
     * Token prefill (spec section 2.7): forces frames 0..N-2 through the model (sampling skipped; notes masked,
     * style from {@code controls}), seeds frame N-1 as the previous frame without a step, and makes the result the
     * reset target. {@code frames} are unique ids [N][12].
     */
    public void prefill(int[][] frames, StepControls controls) {
        if (frames.length == 0) throw new IllegalArgumentException("prefill needs at least one frame");
        StepControls masked = new StepControls(controls.styleTokens(), controls.styleEmbedding(), controls.temperature(), controls.topK(),
                controls.guidance(), NoteFrame.SILENT, Map.of(DRUMLESS, controls.extra(DRUMLESS, 0), CFG_NOTES, controls.extra(CFG_NOTES, 1.0),
                CFG_DRUMS, controls.extra(CFG_DRUMS, 1.0)));
        llm.reset();
        for (int i = 0; i + 1 < frames.length; i++) {
            llm.seedPrevious(frames[i]);
            generate(masked, frames[i]);
        }
        llm.seedPrevious(frames[frames.length - 1]);
        checkpoint();
        codec.reset();
    }

    /** Frames of the reference's silent prefill: 22 s. */
    public static final int SILENT_PREFILL_FRAMES = 550;

    /**
     * Silent prefill (spec section 2.7): {@code frames} copies of the codec tokens of silence (the reference encodes
     * 28 s of silence once and takes the middle frame's 12 ids) with the style masked, as a token prefill; the
     * result becomes the reset target.
     */
    public void prefillSilence(int[] silenceIds, int frames, StepControls controls) {
        if (frames < 1) throw new IllegalArgumentException("silent prefill needs at least one frame");
        int[][] tokens = new int[frames][];
        java.util.Arrays.fill(tokens, silenceIds.clone());
        StepControls noStyle = new StepControls(null, null, controls.temperature(), controls.topK(), controls.guidance(), NoteFrame.SILENT,
                controls.extras());
        prefill(tokens, noStyle);
    }

    /** The live state becomes the reset target (what a prefill does when it ends). */
    public void checkpoint() {
        resetTarget = llm.saveState();
    }

    /** Writes the live state to a safetensors file. */
    public void saveState(Path file) throws IOException {
        SafetensorsWriter w = new SafetensorsWriter().metadata("format", "mrtbox-mrt2-state").metadata("model", info.name());
        Map<String, long[]> shapes = llm.stateShapes();
        llm.saveState().forEach((k, v) -> w.put(k, shapes.get(k), v));
        w.write(file);
    }

    /**
     * Reads a state file into the reset target (validated entirely before anything changes; the live state is
     * untouched until the next {@link #reset}).
     */
    public void loadState(Path file) throws IOException {
        Map<String, float[]> st = new LinkedHashMap<>();
        Map<String, long[]> shapes = llm.stateShapes();
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            for (Map.Entry<String, long[]> e : shapes.entrySet()) {
                if (!f.names().contains(e.getKey())) throw new WeightException(file + ": not a state of this model: no tensor '" + e.getKey() + "'");
                FloatTensor t = f.read(e.getKey(), e.getValue());
                st.put(e.getKey(), t.toArray());
            }
        }
        // validate through a dry run of the same checks the load does
        llm.checkState(st);
        resetTarget = st;
    }

    @Override
    public void close() {
        llm.close();
        codec.close();
        if (injector != null) injector.close();
    }
}
