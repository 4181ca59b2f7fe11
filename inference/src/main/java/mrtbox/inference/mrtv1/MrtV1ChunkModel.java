package mrtbox.inference.mrtv1;

import static mrtbox.inference.mrtv1.MrtV1Vocab.CHUNK_FRAMES;
import static mrtbox.inference.mrtv1.MrtV1Vocab.LEVELS;
import static mrtbox.inference.mrtv1.MrtV1Vocab.STYLE_TOKENS;

import mrtbox.inference.codec.AudioEncoder;
import mrtbox.inference.engine.InputTap;
import mrtbox.inference.inject.AudioInjectable;
import mrtbox.inference.inject.InjectionControls;
import mrtbox.inference.model.ModelInfo;
import mrtbox.inference.model.StepControls;
import mrtbox.inference.model.RestorableModel;
import mrtbox.inference.model.StreamingModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MRT v1 as the engine sees it: one step = one 2 s chunk of 96,000 stereo samples at 48 kHz (spec section 2).
 * State: the 10 s token context (starts empty = MASK), the 1,920-sample crossfade tail and the chunk index.
 * Per chunk: style tokens (first 6 of 12, or MASK when none), the LLM over 50 frames with CFG, the codec decode of
 * 51 frames (the context's newest frame, code 0 while empty, then the 50 new ones), the crossfade, the state update.
 *
 * <p>Audio injection ({@link #attachInput}, switched per step by {@link InjectionControls}): from the second chunk
 * after a reset on, the {@link ContextInjector} overwrites the newest 58 context frames with the encoded mix of live
 * input and the model's output before the LLM runs; those frames stay in the context as it advances, as in the
 * reference. A parallel context of the model's own tokens (never injected) feeds the unconditional guidance row
 * while injecting, so guidance pushes away from "the model without the performer" (the notebook's tied CFG).
 */
public final class MrtV1ChunkModel implements StreamingModel, AudioInjectable, RestorableModel {
    private static final Logger log = LoggerFactory.getLogger(MrtV1ChunkModel.class);
    public static final int SAMPLE_RATE = 48_000;

    private final ModelInfo info;
    private final MrtV1Llm llm;
    private final ChunkDecoder decoder;
    private final SamplingSettings.EosPolicy eos;
    private final ContextTokens context = new ContextTokens();
    /** The model's own tokens only: the unconditional row's context while injecting. */
    private final ContextTokens ownContext = new ContextTokens();
    private ContextInjector injector;
    private int[] lastEncoderIds;
    private final ChunkCrossfade crossfade = new ChunkCrossfade();
    private final int[][] decodeFrames = new int[CHUNK_FRAMES + 1][];
    private long seed;
    private long chunkIndex;
    private int[] lastIds;
    private final MrtV1States states;

    /**
     * @param name         as shown to people ("mrt-v1-base", "tiny-v1")
     * @param builtInNoise true for generated random-weight models: they make noise and say so
     * @param eos          what a sampled EOS does (the reference ends the chunk)
     */
    public MrtV1ChunkModel(String name, MrtV1Llm llm, ChunkDecoder decoder, boolean builtInNoise, SamplingSettings.EosPolicy eos) {
        this.info = new ModelInfo(name, ModelInfo.Shape.CHUNK, SAMPLE_RATE, ChunkCrossfade.CHANNELS, ChunkCrossfade.EMIT, builtInNoise);
        this.llm = llm;
        this.decoder = decoder;
        this.eos = eos;
        this.states = new MrtV1States(name, this::captureState);
        if (builtInNoise) log.warn("{} has random weights: it makes noise, not music", name);
        long t0 = System.nanoTime();
        llm.warmUp();
        log.info("{} warmed up in {} ms", name, (System.nanoTime() - t0) / 1_000_000);
    }

    @Override
    public ModelInfo info() {
        return info;
    }

    @Override
    public void reset(long seed) {
        this.seed = seed;
        chunkIndex = 0;
        context.clear();
        ownContext.clear();
        crossfade.reset();
        if (injector != null) injector.reset();
        lastIds = null;
    }

    @Override
    public void step(StepControls controls, float[] out) {
        states.captureIfAsked();   // a whole chunk's state, before this chunk changes it
        int[] style = styleOf(controls.styleTokens());
        SamplingSettings s = new SamplingSettings(controls.guidance(), controls.temperature(), controls.topK(), eos);
        InjectionControls inj = injector == null ? InjectionControls.OFF : InjectionControls.of(controls);
        // the reference injects from the second chunk on (before the first there is no state to write into)
        boolean injecting = inj.enabled() && chunkIndex > 0;
        if (injecting) injector.inject(context, inj);
        int[][] ctx = context.snapshot();
        int[] encIds = MrtV1Vocab.encoderIds(ctx, injecting ? ownContext.snapshot() : ctx, style);
        lastEncoderIds = encIds;
        // the reference keys chunk n with PRNGKey(seed + n)
        int[] ids = llm.generate(encIds, s, seed + chunkIndex, null);
        int[][] codes = ContextTokens.codesOf(ids);
        float[] decoded = decoder.decode(decodeInput(codes));
        if (decoded.length != ChunkCrossfade.DECODED * ChunkCrossfade.CHANNELS) {
            throw new IllegalStateException("codec returned " + decoded.length + " floats for " + (CHUNK_FRAMES + 1) + " frames, expected "
                    + ChunkCrossfade.DECODED * ChunkCrossfade.CHANNELS);
        }
        crossfade.apply(decoded, out);
        if (injector != null) injector.recordOutput(decoded);
        context.advance(codes);
        ownContext.advance(codes);
        chunkIndex++;
        lastIds = ids;
    }

    /** [51][16]: the newest context frame (code 0 where the context is still empty) then the 50 new frames. */
    int[][] decodeInput(int[][] codes) {
        int[] first = context.last();
        for (int l = 0; l < LEVELS; l++) if (first[l] < 0) first[l] = 0;
        decodeFrames[0] = first;
        System.arraycopy(codes, 0, decodeFrames, 1, CHUNK_FRAMES);
        return decodeFrames;
    }

    private static int[] styleOf(int[] tokens) {
        if (tokens == null) return null;
        if (tokens.length < STYLE_TOKENS) throw new IllegalArgumentException("style has " + tokens.length + " RVQ tokens, MRT v1 needs " + STYLE_TOKENS);
        return java.util.Arrays.copyOf(tokens, STYLE_TOKENS);
    }

    @Override
    public void attachInput(InputTap tap, AudioEncoder encoder) {
        ContextInjector next = new ContextInjector(tap, encoder);
        if (injector != null) injector.close();
        injector = next;
        log.info("{}: audio injection from {} ready ({})", info.name(), tap, encoder);
    }

    /** The injector, or null when no input is attached. */
    public ContextInjector injector() {
        return injector;
    }

    /** The encoder rows [2 * 1006] of the last chunk (row 1 the unconditional one), or null before the first. */
    public int[] lastEncoderIds() {
        return lastEncoderIds == null ? null : lastEncoderIds.clone();
    }

    /** The model's own token context (never injected), [250][16]. */
    public int[][] ownContext() {
        return ownContext.snapshot();
    }

    /** Chunks generated since the last reset. */
    public long chunkIndex() {
        return chunkIndex;
    }

    /** The current token context, [250][16] codes (-1 where empty). */
    public int[][] context() {
        return context.snapshot();
    }

    /** The crossfade tail kept for the next chunk, 1,920 x 2 interleaved. */
    public float[] tail() {
        return crossfade.tail();
    }

    /** The live state: context tokens, tail, stream seed and chunk counter (generation thread). */
    @Override
    public MrtV1State captureState() {
        return new MrtV1State(context.snapshot(), ownContext.snapshot(), crossfade.tail(), seed, chunkIndex);
    }

    /**
     * The output guard's rollback: puts captured context tokens and tail back. The chunk counter keeps counting, so
     * the next chunk is keyed {@code seed + n} with a new n: another take from the restored context.
     */
    @Override
    public void restoreState(Object state) {
        if (!(state instanceof MrtV1State s)) throw new IllegalArgumentException("not an MRT v1 state: " + state);
        context.set(s.context());
        ownContext.set(s.ownContext());
        crossfade.restoreTail(s.tail());
    }

    /**
     * A scene recall: makes {@code state} the live state entire (context tokens, tail, seed and chunk counter), so
     * the next chunk is the one that followed the capture, the same take (generation thread, at a step boundary).
     * Live input's recorded output is dropped: it belonged to the music before.
     */
    public void restoreState(MrtV1State state) {
        restoreState((Object) state);
        seed = state.seed();
        chunkIndex = state.chunkIndex();
        if (injector != null) injector.reset();
    }

    /** State copies at the next step boundary and state files of this model. */
    public MrtV1States states() {
        return states;
    }

    @Override
    public int[] lastStepTokens() {
        return lastIds;
    }

    /** The LLM ids of the last chunk (800), or null before the first. */
    public int[] lastIds() {
        return lastIds == null ? null : lastIds.clone();
    }

    @Override
    public void close() {
        llm.close();
        if (injector != null) injector.close();
        decoder.close();
    }
}
