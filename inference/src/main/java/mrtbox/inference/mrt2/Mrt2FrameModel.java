package mrtbox.inference.mrt2;

import static mrtbox.inference.mrt2.Mrt2Vocab.LEVELS;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
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
 * <p>State lifecycle (spec section 2.6): the live state (LLM and codec stream); the reset target (factory = empty
 * windows and a silent codec, moved by {@link #loadState} and {@link #checkpoint}, carrying the seed it was taken
 * with); {@link #reset} copies the target to live and picks the seed ({@link #seedRotation}). Prefill (section 2.7)
 * runs at once ({@link #prefill}, for the thread that owns the model) or is handed over by any thread
 * ({@link #schedulePrefill}) and run by the generation thread at its next steps; state snapshots for saving are
 * likewise taken at a step boundary ({@link #snapshotAtNextStep}).
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
    /** Null = factory (empty windows, codec at zero, no seed of its own). Written by the generation thread or by {@link #loadState}. */
    private volatile Snapshot resetTarget;
    private long seed;
    private volatile long seedRotation;
    /** A prefill handed over by another thread, started by the generation thread at its next step. */
    private final AtomicReference<PrefillRun> pendingPrefill = new AtomicReference<>();
    /** Snapshots asked for by another thread, taken by the generation thread at its next step. */
    private final AtomicReference<CompletableFuture<Snapshot>> pendingSnapshot = new AtomicReference<>();
    private volatile PrefillRun running;
    private long prefillBudgetNanos = 20_000_000L;

    /**
     * A model state: the LLM's (KV rings, previous frame, frame counter), the codec's stream state (null = zero) and
     * the stream seed it was captured with (null = none: a reset uses the engine's seed).
     */
    public record Snapshot(Map<String, float[]> llm, Map<String, float[]> codec, Long seed) {}

    /** A token prefill in progress: frames [N][12] in unique ids, the next one to force, whether the style is masked. */
    private static final class PrefillRun {
        final int[][] frames;
        final boolean maskStyle;
        int next;

        PrefillRun(int[][] frames, boolean maskStyle) {
            this.frames = frames;
            this.maskStyle = maskStyle;
        }
    }
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
        Snapshot t = resetTarget;
        long rotation = seedRotation;
        this.seed = rotation != 0 ? seed + rotation : t != null && t.seed() != null ? t.seed() : seed;
        if (injector != null) injector.reset();
        if (running != null) return;
        if (t == null) {
            llm.reset();
            codec.reset();
        } else {
            llm.loadState(t.llm());
            if (t.codec() == null) codec.reset();
            else codec.loadStreamState(t.codec());
        }
    }

    /** Back to the pristine state: the reset target becomes the empty windows again, then a reset. */
    public void resetToFactory(long seed) {
        resetTarget = null;
        reset(seed);
    }

    /** Makes the next reset go to the factory state (any thread; the live state is untouched until that reset). */
    public void forgetResetTarget() {
        resetTarget = null;
    }

    @Override
    public void step(StepControls controls, float[] out) {
        if (out.length != FRAME_SAMPLES * CHANNELS) throw new IllegalArgumentException("output buffer has " + out.length + " floats, expected " + FRAME_SAMPLES * CHANNELS);
        if (advancePrefill(controls)) {
            Arrays.fill(out, 0f);   // the reference does not play the prefill's audio
            return;
        }
        takeSnapshotIfAsked();      // a whole frame's state, never a half-done prefill
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
     * Token prefill (spec section 2.7), at once on the calling thread (which must own the model: renders, tests):
     * forces frames 0..N-2 through the model and the codec (sampling skipped; notes masked, style from
     * {@code controls}), seeds frame N-1 as the previous frame without a step, and makes the result the reset target
     * and the live state. {@code frames} are unique ids [N][12].
     */
    public void prefill(int[][] frames, StepControls controls) {
        PrefillRun run = new PrefillRun(checkedFrames(frames), false);
        startPrefill();
        while (!forceNext(run, controls)) { }
    }

    /** Frames of the reference's silent prefill: 22 s. */
    public static final int SILENT_PREFILL_FRAMES = 550;

    /**
     * Silent prefill (spec section 2.7), at once: {@code frames} copies of the codec tokens of silence (see
     * {@link Mrt2AudioPrefill#silence}) with the style masked, as a token prefill; the result becomes the reset target.
     */
    public void prefillSilence(int[] silenceIds, int frames, StepControls controls) {
        PrefillRun run = new PrefillRun(silentFrames(silenceIds, frames), true);
        startPrefill();
        while (!forceNext(run, controls)) { }
    }

    /**
     * Hands a token prefill to the generation thread (any thread may call this; the frames are checked here). At its
     * next step the model starts it and then spends each step forcing frames for up to the prefill budget, producing
     * silence, until it is done; the step after that plays from the prefilled state, which is also the new reset
     * target. The style of each step's controls conditions the forced frames, the notes are masked. A later call
     * before the start replaces this one; one during a prefill starts over with the new frames.
     */
    public void schedulePrefill(int[][] frames) {
        pendingPrefill.set(new PrefillRun(checkedFrames(frames), false));
    }

    /** {@link #schedulePrefill} for the silent prefill ({@code frames} copies of the silence ids, style masked). */
    public void schedulePrefillSilence(int[] silenceIds, int frames) {
        pendingPrefill.set(new PrefillRun(silentFrames(silenceIds, frames), true));
    }

    /** True from {@link #schedulePrefill} until the prefilled state plays. */
    public boolean prefilling() {
        return running != null || pendingPrefill.get() != null;
    }

    /** How long each live step may spend forcing prefill frames (at least one frame per step). */
    public void prefillBudget(java.time.Duration budget) {
        this.prefillBudgetNanos = Math.max(0, budget.toNanos());
    }

    private boolean advancePrefill(StepControls controls) {
        PrefillRun next = pendingPrefill.getAndSet(null);
        if (next != null) {
            running = next;
            startPrefill();
        }
        PrefillRun run = running;
        if (run == null) return false;
        long start = System.nanoTime();
        boolean done;
        do {
            done = forceNext(run, controls);
        } while (!done && System.nanoTime() - start < prefillBudgetNanos);
        if (done) running = null;
        return true;
    }

    private void startPrefill() {
        llm.reset();
        codec.reset();
    }

    /** Forces the run's next frame, or seeds the last one and checkpoints; returns true when the prefill is done. */
    private boolean forceNext(PrefillRun run, StepControls controls) {
        int[][] frames = run.frames;
        if (run.next + 1 < frames.length) {
            int[] f = frames[run.next++];
            llm.seedPrevious(f);
            generate(prefillControls(controls, run.maskStyle), f);
            codes[0] = codesOf(ids, codes[0]);
            codec.step(codes);   // the reference's codec runs through the prefill: its stream state is warm after it
            return false;
        }
        llm.seedPrevious(frames[frames.length - 1]);
        checkpoint();
        return true;
    }

    /** The step's controls with the notes masked (and the style too for a silent prefill), drums and guidance kept. */
    private static StepControls prefillControls(StepControls c, boolean maskStyle) {
        return new StepControls(maskStyle ? null : c.styleTokens(), maskStyle ? null : c.styleEmbedding(), c.temperature(), c.topK(),
                c.guidance(), NoteFrame.SILENT, Map.of(DRUMLESS, c.extra(DRUMLESS, 0), CFG_NOTES, c.extra(CFG_NOTES, 1.0),
                CFG_DRUMS, c.extra(CFG_DRUMS, 1.0)));
    }

    private static int[][] checkedFrames(int[][] frames) {
        if (frames.length == 0) throw new IllegalArgumentException("prefill needs at least one frame");
        int[][] copy = new int[frames.length][];
        for (int i = 0; i < frames.length; i++) {
            try {
                Mrt2Llm.checkIds(frames[i]);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("prefill frame " + i + ": " + e.getMessage(), e);
            }
            copy[i] = frames[i].clone();
        }
        return copy;
    }

    private static int[][] silentFrames(int[] silenceIds, int frames) {
        if (frames < 1) throw new IllegalArgumentException("silent prefill needs at least one frame");
        int[][] tokens = new int[frames][];
        Arrays.fill(tokens, silenceIds);
        return checkedFrames(tokens);
    }

    /** The live state becomes the reset target, with the current stream seed (what a prefill does when it ends). */
    public void checkpoint() {
        resetTarget = snapshot();
    }

    /** A copy of the live state (generation thread, or any thread while nothing steps). */
    public Snapshot snapshot() {
        return new Snapshot(llm.saveState(), codec.saveStreamState(), seed);
    }

    /**
     * A snapshot taken by the generation thread at its next step that plays (so it is a whole frame's state, and
     * after any prefill in progress); the future completes there. Write it with {@link #writeState} on the caller's thread: the generation thread only copies.
     */
    public CompletableFuture<Snapshot> snapshotAtNextStep() {
        CompletableFuture<Snapshot> f = new CompletableFuture<>();
        CompletableFuture<Snapshot> old = pendingSnapshot.getAndSet(f);
        if (old != null) f.whenComplete((v, e) -> { if (e != null) old.completeExceptionally(e); else old.complete(v); });
        return f;
    }

    private void takeSnapshotIfAsked() {
        CompletableFuture<Snapshot> f = pendingSnapshot.getAndSet(null);
        if (f == null) return;
        try {
            f.complete(snapshot());
        } catch (RuntimeException e) {
            f.completeExceptionally(e);
        }
    }

    /** Writes the live state to a safetensors file (the calling thread must own the model). */
    public void saveState(Path file) throws IOException {
        writeState(snapshot(), file);
    }

    /**
     * Writes a state: the LLM's entries under their names, the codec stream's under {@code codec/...}, the seed and
     * the model in the metadata.
     */
    public void writeState(Snapshot s, Path file) throws IOException {
        SafetensorsWriter w = new SafetensorsWriter().metadata("format", STATE_FORMAT).metadata("model", info.name());
        if (s.seed() != null) w.metadata("seed", Long.toString(s.seed()));
        Map<String, long[]> shapes = llm.stateShapes();
        s.llm().forEach((k, v) -> w.put(k, shapes.get(k), v));
        if (s.codec() != null) {
            Map<String, long[]> cs = codec.streamStateShapes();
            s.codec().forEach((k, v) -> w.put(CODEC_PREFIX + k, cs.get(k), v));
        }
        w.write(file);
    }

    static final String STATE_FORMAT = "mrtbox-mrt2-state";
    static final String CODEC_PREFIX = "codec/";

    /**
     * Reads a state file into the reset target (validated entirely, LLM and codec, before anything changes; the
     * live state is untouched until the next {@link #reset}). Any thread may call it. A file without codec entries
     * (saved before they existed) starts the codec from silence.
     */
    public void loadState(Path file) throws IOException {
        Map<String, float[]> st = new LinkedHashMap<>();
        Map<String, float[]> cs = new LinkedHashMap<>();
        Long fileSeed = null;
        Map<String, long[]> shapes = llm.stateShapes();
        Map<String, long[]> codecShapes = codec.streamStateShapes();
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            String format = f.metadata().get("format");
            if (format != null && !format.equals(STATE_FORMAT)) throw new WeightException(file + ": format '" + format + "' is not an MRT2 state");
            for (Map.Entry<String, long[]> e : shapes.entrySet()) {
                if (!f.names().contains(e.getKey())) throw new WeightException(file + ": not a state of this model: no tensor '" + e.getKey() + "'");
                st.put(e.getKey(), f.read(e.getKey(), e.getValue()).toArray());
            }
            boolean anyCodec = f.names().stream().anyMatch(n -> n.startsWith(CODEC_PREFIX));
            if (anyCodec) {
                for (Map.Entry<String, long[]> e : codecShapes.entrySet()) {
                    String name = CODEC_PREFIX + e.getKey();
                    if (!f.names().contains(name)) throw new WeightException(file + ": the codec state lacks '" + name + "' (another codec configuration?)");
                    cs.put(e.getKey(), f.read(name, e.getValue()).toArray());
                }
                for (String n : f.names()) {
                    if (n.startsWith(CODEC_PREFIX) && !codecShapes.containsKey(n.substring(CODEC_PREFIX.length()))) {
                        throw new WeightException(file + ": the codec state has '" + n + "', which this model's codec does not carry");
                    }
                }
            }
            String seedText = f.metadata().get("seed");
            if (seedText != null) {
                try {
                    fileSeed = Long.parseLong(seedText);
                } catch (NumberFormatException e) {
                    throw new WeightException(file + ": metadata seed '" + seedText + "' is not a whole number");
                }
            }
        }
        try {
            llm.checkState(st);
            if (!cs.isEmpty()) codec.checkStreamState(cs);
        } catch (IllegalArgumentException e) {
            throw new WeightException(file + ": " + e.getMessage());
        }
        resetTarget = new Snapshot(st, cs.isEmpty() ? null : cs, fileSeed);
    }

    @Override
    public void close() {
        llm.close();
        codec.close();
        if (injector != null) injector.close();
    }
}
