package mrtbox.inference.mrtv1;

import static mrtbox.inference.mrtv1.MrtV1Vocab.CODEBOOK;
import static mrtbox.inference.mrtv1.MrtV1Vocab.CODEC_OFFSET;
import static mrtbox.inference.mrtv1.MrtV1Vocab.DECODER_LENGTH;
import static mrtbox.inference.mrtv1.MrtV1Vocab.ENCODER_LENGTH;
import static mrtbox.inference.mrtv1.MrtV1Vocab.LEVELS;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.util.List;
import mrtbox.inference.kernel.Precision;
import mrtbox.inference.tf.TfSessions;
import mrtbox.inference.weights.FloatTensor;
import mrtbox.inference.weights.WeightSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * The MRT v1 LLM running in one TensorFlow session, f32 (the reference engine: {@link MrtV1Llm}): {@link #encode}
 * once per chunk, {@link #frame} once per frame (temporal step + 16 depth steps + sampling in a single call). Not
 * thread-safe: one generation thread drives it.
 */
public final class DepthformerLlm implements MrtV1Llm {
    private static final Logger log = LoggerFactory.getLogger(DepthformerLlm.class);

    /**
     * @param restrictToLevel sample level q only among its own 1024 codec ids (and compute only that logit slice,
     *                        29x less logit work); off = the reference (all 29824 ids, EOS possible)
     * @param teacherForcedPass also build the full teacher-forced pass (tests and diagnosis only)
     */
    public record Options(boolean restrictToLevel, boolean teacherForcedPass) {
        public static final Options REFERENCE = new Options(false, false);
    }

    private final MrtV1Config config;
    private final Options options;
    private final Graph graph;
    private final Session session;
    private final DepthformerGraph g;

    // reused feed tensors for the per-frame call
    private final TInt32 tFrame = TInt32.scalarOf(0);
    private final TInt32 tPrev = TInt32.tensorOf(Shape.of(LEVELS));
    private final TInt32 tForced = TInt32.tensorOf(Shape.of(LEVELS));
    private final TBool tTeacher = TBool.scalarOf(false);
    private final TFloat32 tGuidance = TFloat32.scalarOf(0f);
    private final TFloat32 tTemperature = TFloat32.scalarOf(0f);
    private final TInt32 tTopK = TInt32.scalarOf(0);
    private final TBool tMaskEos = TBool.scalarOf(false);
    private final TInt64 tSeed = TInt64.tensorOf(Shape.of(2));

    private DepthformerLlm(MrtV1Config config, Options options) {
        this.config = config;
        this.options = options;
        this.graph = new Graph();
        this.g = new DepthformerGraph(graph, config, options.restrictToLevel(), options.teacherForcedPass());
        this.session = TfSessions.open(graph);
    }

    /** Builds the graph for {@code config} and loads every weight from {@code weights}, checking each shape. */
    public static DepthformerLlm load(WeightSource weights, MrtV1Config config, Options options) throws IOException {
        long t0 = System.nanoTime();
        DepthformerLlm llm = new DepthformerLlm(config, options);
        log.debug("graph built in {} ms", (System.nanoTime() - t0) / 1_000_000);
        try {
            llm.loadWeights(weights);
        } catch (IOException | RuntimeException e) {
            llm.close();
            throw e;
        }
        log.info("MRT v1 LLM loaded from {}: {} ({} M parameters) in {} ms{}", weights.location(), config,
                config.parameterCount() / 1_000_000, (System.nanoTime() - t0) / 1_000_000, options.restrictToLevel() ? ", level-restricted sampling" : "");
        List<String> unused = mrtbox.inference.weights.TensorInventory.of(weights, DepthformerParams.shapes(config),
                n -> n.startsWith(MrtV1Models.TRAINING_STATE_PREFIX)).unexpected();
        if (!unused.isEmpty()) log.warn("{}: {} tensor(s) the MRT v1 LLM does not use: {}", weights.location(), unused.size(), unused);
        return llm;
    }

    private void loadWeights(WeightSource weights) throws IOException {
        float[] logitsKernel = null;
        GraphWeightLoader batch = new GraphWeightLoader(session, g);
        for (DepthformerParams.Param p : DepthformerParams.all(config)) {
            FloatTensor t = weights.read(p.name(), p.shape());
            if (options.restrictToLevel() && p.name().equals(DepthformerParams.LOGITS)) logitsKernel = t.toArray();
            batch.add(p.name(), p.shape(), t.data());
        }
        int d = config.dModel();
        batch.add(DepthformerGraph.PE, new long[] {ENCODER_LENGTH, d}, FloatBuffer.wrap(Blocks.sinusoidTable(ENCODER_LENGTH, d)));
        if (options.restrictToLevel()) {
            int v = config.vocabSize();
            for (int q = 0; q < LEVELS; q++) {
                float[] slice = new float[d * CODEBOOK];
                int first = CODEC_OFFSET + CODEBOOK * q;
                for (int r = 0; r < d; r++) System.arraycopy(logitsKernel, r * v + first, slice, r * CODEBOOK, CODEBOOK);
                batch.add(DepthformerGraph.levelKernel(q), new long[] {d, CODEBOOK}, FloatBuffer.wrap(slice));
            }
        }
        batch.flush();
        Session.Runner r = session.runner();
        for (Op op : g.cacheResets) r.addTarget(op);
        r.run().close();
    }

    @Override
    public MrtV1Config config() {
        return config;
    }

    public Options options() {
        return options;
    }

    @Override
    public boolean restrictToLevel() {
        return options.restrictToLevel();
    }

    @Override
    public Precision precision() {
        return Precision.F32;
    }

    /**
     * Runs the encoder on [2, 1006] ids (row-major, see {@link MrtV1Vocab#encoderIds}) and caches every temporal
     * layer's cross-attention keys and values for this chunk's frames.
     *
     * @param encoderOut null, or [2 * 1006 * d] to receive the encoder output (after encoder_norm)
     */
    @Override
    public void encode(int[] encoderIds, float[] encoderOut) {
        if (encoderIds.length != 2 * ENCODER_LENGTH) throw new IllegalArgumentException("encoder ids: " + encoderIds.length + ", expected " + 2 * ENCODER_LENGTH);
        try (TInt32 ids = TInt32.tensorOf(Shape.of(2, ENCODER_LENGTH), DataBuffers.of(encoderIds, true, false))) {
            Session.Runner r = session.runner().feed(g.encIds, ids);
            for (Op op : g.encWrites) r.addTarget(op);
            if (encoderOut != null) r.fetch(g.encOut);
            try (Result res = r.run()) {
                if (encoderOut != null) ((TFloat32) res.get(0)).copyTo(DataBuffers.of(encoderOut, false, false));
            }
        }
    }

    /**
     * Generates one frame: the temporal step at frame {@code t} then 16 depth steps with sampling.
     *
     * @param prevIds the 16 ids of frame t-1 (all 0 at frame 0: the BOS)
     * @param forced  null to sample, or 16 ids to feed instead (teacher forcing; logits are still computed)
     * @param seed    the chunk's seed; each step draws from (seed, 16 t + level)
     * @param outIds  receives the 16 ids
     * @param outLogits null, or [16 * {@link #logitWidth()}] for the CFG-combined logits of each level
     */
    @Override
    public void frame(int t, int[] prevIds, int[] forced, SamplingSettings s, long seed, int[] outIds, float[] outLogits) {
        tFrame.setInt(t);
        for (int i = 0; i < LEVELS; i++) {
            tPrev.setInt(prevIds[i], i);
            tForced.setInt(forced == null ? 0 : forced[i], i);
        }
        tTeacher.setBoolean(forced != null);
        tGuidance.setFloat(s.guidance());
        tTemperature.setFloat(s.temperature());
        tTopK.setInt(s.topK());
        tMaskEos.setBoolean(s.eos() == SamplingSettings.EosPolicy.NEVER);
        tSeed.setLong(seed, 0);
        tSeed.setLong((long) t * LEVELS, 1);
        Session.Runner r = session.runner()
                .feed(g.frameIndex, tFrame).feed(g.prevIds, tPrev).feed(g.forcedIds, tForced).feed(g.teacherForce, tTeacher)
                .feed(g.guidance, tGuidance).feed(g.temperature, tTemperature).feed(g.topK, tTopK).feed(g.maskEos, tMaskEos)
                .feed(g.seed, tSeed)
                .fetch(g.frameIds);
        if (outLogits != null) r.fetch(g.frameLogits);
        try (Result res = r.run()) {
            ((TInt32) res.get(0)).copyTo(DataBuffers.of(outIds, false, false));
            if (outLogits != null) ((TFloat32) res.get(1)).copyTo(DataBuffers.of(outLogits, false, false));
        }
    }

    /** Runs only the temporal step of frame {@code t} (its cache write included): the benchmark's split of a frame. */
    void temporalStepOnly(int t, int[] prevIds) {
        tFrame.setInt(t);
        for (int i = 0; i < LEVELS; i++) tPrev.setInt(prevIds[i], i);
        try (Result res = session.runner().feed(g.frameIndex, tFrame).feed(g.prevIds, tPrev).fetch(g.temporalOut).run()) {
            res.size();
        }
    }

    /**
     * The teacher-forced full pass (built only with {@link Options#teacherForcedPass()}): CFG-combined logits
     * [800 * vocab] for the given encoder ids and decoder tokens.
     */
    public float[] teacherForced(int[] encoderIds, int[] tokens, float guidance) {
        if (g.fwdLogits == null) throw new IllegalStateException("built without the teacher-forced pass");
        float[] out = new float[DECODER_LENGTH * config.vocabSize()];
        try (TInt32 ids = TInt32.tensorOf(Shape.of(2, ENCODER_LENGTH), DataBuffers.of(encoderIds, true, false));
             TInt32 tok = TInt32.tensorOf(Shape.of(DECODER_LENGTH), DataBuffers.of(tokens, true, false));
             TFloat32 w = TFloat32.scalarOf(guidance);
             Result res = session.runner().feed(g.fwdEncIds, ids).feed(g.fwdTokens, tok).feed(g.guidance, w).fetch(g.fwdLogits).run()) {
            ((TFloat32) res.get(0)).copyTo(DataBuffers.of(out, false, false));
        }
        return out;
    }

    @Override
    public void close() {
        for (AutoCloseable c : new AutoCloseable[] {tFrame, tPrev, tForced, tTeacher, tGuidance, tTemperature, tTopK, tMaskEos, tSeed}) {
            try {
                c.close();
            } catch (Exception ignored) {
                // tensors free native memory only
            }
        }
        session.close();
        graph.close();
    }
}
