package mrtbox.inference.mrt2;

import static mrtbox.inference.mrt2.Mrt2Vocab.COND_SLOTS;
import static mrtbox.inference.mrt2.Mrt2Vocab.INPUT_SLOTS;
import static mrtbox.inference.mrt2.Mrt2Vocab.LEVELS;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
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
 * The MRT2 Depthformer in f32 in one TensorFlow session ({@link Precision#F32}, the conformance engine):
 * {@link #step} runs one 40 ms frame (encoder, temporal step, 12 depth steps with sampling) in a single
 * Session.run. The KV rings live in graph variables; the previous frame's ids and the frame counter live here. Not
 * thread-safe: one generation thread drives it.
 */
public final class Mrt2GraphLlm implements Mrt2Llm {
    private static final Logger log = LoggerFactory.getLogger(Mrt2GraphLlm.class);

    private final Mrt2Config config;
    private final int batch;
    private final Graph graph;
    private final Session session;
    private final Mrt2Graph g;
    private final int[] prev = new int[LEVELS];
    private int frame;

    private final TInt32 tCond;
    private final TInt32 tPrev = TInt32.tensorOf(Shape.of(LEVELS));
    private final TInt32 tFrame = TInt32.scalarOf(0);
    private final TFloat32 tScales = TFloat32.tensorOf(Shape.of(2));
    private final TFloat32 tTemperature = TFloat32.scalarOf(0f);
    private final TInt32 tTopK = TInt32.scalarOf(0);
    private final TInt64 tSeed = TInt64.tensorOf(Shape.of(2));
    private final TBool tForce = TBool.scalarOf(false);
    private final TInt32 tForced = TInt32.tensorOf(Shape.of(LEVELS));

    private Mrt2GraphLlm(Mrt2Config config, int batch, int forwardFrames) {
        this.config = config;
        this.batch = batch;
        this.graph = new Graph();
        this.g = new Mrt2Graph(graph, config, batch, forwardFrames);
        this.session = TfSessions.open(graph);
        this.tCond = TInt32.tensorOf(Shape.of(batch, COND_SLOTS));
    }

    /**
     * Builds the graph and loads every weight, checking names and shapes (a missing or mis-shaped tensor fails with
     * the file, the tensor, and expected vs found).
     *
     * @param trueCfg       batch 3 (positive, style masked, notes masked) with real guidance; false = batch 1, scales
     *                      only as tokens (cheaper)
     * @param forwardFrames 0, or T to also build the full masked forward pass over T frames (tests)
     */
    public static Mrt2GraphLlm load(WeightSource weights, Mrt2Config config, boolean trueCfg, int forwardFrames) throws IOException {
        long t0 = System.nanoTime();
        Mrt2GraphLlm llm = new Mrt2GraphLlm(config, trueCfg ? 3 : 1, forwardFrames);
        try {
            llm.loadWeights(weights);
        } catch (IOException | RuntimeException e) {
            llm.close();
            throw e;
        }
        log.info("MRT2 Depthformer (f32, TensorFlow) loaded from {}: {} ({} M parameters, batch {}) in {} ms", weights.location(), config.describe(),
                config.parameterCount() / 1_000_000, llm.batch, (System.nanoTime() - t0) / 1_000_000);
        Mrt2Llm.warnUnused(weights, config);
        return llm;
    }

    private static final long LOAD_BATCH_BYTES = 512L << 20;

    private void loadWeights(WeightSource weights) throws IOException {
        List<TFloat32> tensors = new ArrayList<>();
        Session.Runner r = session.runner();
        long bytes = 0;
        try {
            for (Mrt2Params.Param p : Mrt2Params.all(config)) {
                FloatTensor t = weights.read(p.name(), p.shape());
                TFloat32 tt = TFloat32.tensorOf(Shape.of(p.shape()), DataBuffers.of(t.data().duplicate()));
                tensors.add(tt);
                r.feed(g.weightFeeds.get(p.name()), tt).addTarget(g.weightAssigns.get(p.name()));
                bytes += 4L * t.data().remaining();
                if (bytes >= LOAD_BATCH_BYTES) {
                    r.run().close();
                    tensors.forEach(TFloat32::close);
                    tensors.clear();
                    r = session.runner();
                    bytes = 0;
                }
            }
            if (!tensors.isEmpty()) r.run().close();
        } finally {
            tensors.forEach(TFloat32::close);
        }
        Session.Runner d = session.runner();
        for (Op op : g.deriveLevelKernels) d.addTarget(op);
        d.run().close();
        reset();
    }

    @Override
    public Mrt2Config config() {
        return config;
    }

    /** 3 with true guidance, 1 when the scales act only through tokens. */
    @Override
    public int batch() {
        return batch;
    }

    /** Frames stepped since the last reset. */
    @Override
    public Precision precision() {
        return Precision.F32;
    }

    @Override
    public int frame() {
        return frame;
    }

    /** The ids the next step embeds as its temporal input (12 x SOS after a reset). */
    @Override
    public int[] previousIds() {
        return prev.clone();
    }

    /** Empty windows, previous frame all SOS, frame 0. */
    @Override
    public void reset() {
        Session.Runner r = session.runner();
        for (Op op : g.stateResets) r.addTarget(op);
        r.run().close();
        Arrays.fill(prev, Mrt2Vocab.SOS);
        frame = 0;
    }

    /**
     * One frame. {@code cond} holds one row of 141 conditioning tokens (value + 7, mask 6) per batch row: [positive]
     * or [positive, style masked, notes masked]; the three CFG tokens are appended here from {@code s}.
     *
     * @param seed   the stream's seed; level k of frame t draws its Gumbel noise from (seed, 12 t + k)
     * @param forced null to sample, or 12 unique ids to emit instead (prefill)
     * @param outIds receives the 12 unique ids (6 + 1024 level + code)
     */
    @Override
    public void step(int[][] cond, Mrt2Sampling s, long seed, int[] forced, int[] outIds, Probe probe) {
        if (cond.length != batch) throw new IllegalArgumentException("conditioning has " + cond.length + " rows, this model runs batch " + batch);
        int[] cfg = s.cfgTokens();
        for (int b = 0; b < batch; b++) {
            Mrt2Llm.checkConditioning(cond[b], b);
            for (int i = 0; i < INPUT_SLOTS; i++) tCond.setInt(cond[b][i], b, i);
            for (int i = 0; i < cfg.length; i++) tCond.setInt(cfg[i], b, INPUT_SLOTS + i);
        }
        for (int i = 0; i < LEVELS; i++) {
            tPrev.setInt(prev[i], i);
            tForced.setInt(forced == null ? 0 : forced[i], i);
        }
        if (forced != null) Mrt2Llm.checkIds(forced);
        tForce.setBoolean(forced != null);
        tFrame.setInt(frame);
        tScales.setFloat(s.cfgStyle(), 0);
        tScales.setFloat(s.cfgNotes(), 1);
        tTemperature.setFloat(s.temperature());
        tTopK.setInt(s.topK());
        tSeed.setLong(seed, 0);
        tSeed.setLong((long) frame * LEVELS, 1);
        Session.Runner r = session.runner().feed(g.cond, tCond).feed(g.prevIds, tPrev).feed(g.frameIndex, tFrame).feed(g.scales, tScales)
                .feed(g.temperature, tTemperature).feed(g.topK, tTopK).feed(g.seed, tSeed).feed(g.force, tForce).feed(g.forcedIds, tForced)
                .fetch(g.ids);
        boolean wantEnc = probe != null && probe.encoder != null, wantTemp = probe != null && probe.temporal != null, wantLogits = probe != null && probe.logits != null;
        if (wantEnc) r.fetch(g.encoderOut);
        if (wantTemp) r.fetch(g.temporalOut);
        if (wantLogits) r.fetch(g.fullLogits);
        try (Result res = r.run()) {
            ((TInt32) res.get(0)).copyTo(DataBuffers.of(outIds, false, false));
            int i = 1;
            if (wantEnc) ((TFloat32) res.get(i++)).copyTo(DataBuffers.of(probe.encoder, false, false));
            if (wantTemp) ((TFloat32) res.get(i++)).copyTo(DataBuffers.of(probe.temporal, false, false));
            if (wantLogits) ((TFloat32) res.get(i)).copyTo(DataBuffers.of(probe.logits, false, false));
        }
        System.arraycopy(outIds, 0, prev, 0, LEVELS);
        frame++;
    }

    /** Benchmark split: re-runs only the encoder, or the encoder and the temporal step, with the last step's feeds. */
    void runPart(boolean temporal) {
        Session.Runner r = session.runner().feed(g.cond, tCond).feed(g.prevIds, tPrev).feed(g.frameIndex, tFrame)
                .fetch(temporal ? g.temporalOut : g.encoderOut);
        r.run().close();
    }

    /**
     * Sets the ids the next step embeds, without running a step: the last frame of a token prefill (spec 2.7) goes
     * in this way so that it is embedded exactly once.
     */
    @Override
    public void seedPrevious(int[] ids) {
        Mrt2Llm.checkIds(ids);
        System.arraycopy(ids, 0, prev, 0, LEVELS);
    }

    // ------------------------------------------------------------------ state

    /** The streaming state: KV rings by name, then the previous ids and the frame counter (as exact floats). */
    @Override
    public Map<String, float[]> saveState() {
        Map<String, float[]> out = new java.util.LinkedHashMap<>();
        Session.Runner r = session.runner();
        for (var v : g.state) r.fetch(v);
        try (Result res = r.run()) {
            for (int i = 0; i < g.state.size(); i++) {
                TFloat32 t = (TFloat32) res.get(i);
                float[] a = new float[(int) t.size()];
                t.asRawTensor().data().asFloats().read(a);
                out.put(Mrt2Llm.stateName(i), a);
            }
        }
        Mrt2Llm.putStreamPosition(out, prev, frame);
        return out;
    }

    /** Replaces the live state; every entry is checked (names, sizes, ids) before anything changes. */
    @Override
    public void loadState(Map<String, float[]> st) {
        checkState(st);
        Map<String, long[]> shapes = stateShapes();
        List<TFloat32> tensors = new ArrayList<>();
        try {
            Session.Runner r = session.runner();
            for (int i = 0; i < g.state.size(); i++) {
                TFloat32 t = TFloat32.tensorOf(Shape.of(shapes.get(Mrt2Llm.stateName(i))), DataBuffers.of(FloatBuffer.wrap(st.get(Mrt2Llm.stateName(i)))));
                tensors.add(t);
                r.feed(g.stateFeeds.get(i), t).addTarget(g.stateAssigns.get(i));
            }
            r.run().close();
        } finally {
            tensors.forEach(TFloat32::close);
        }
        System.arraycopy(Mrt2Llm.storedPreviousIds(st), 0, prev, 0, LEVELS);
        frame = Mrt2Llm.storedFrame(st);
    }

    // ------------------------------------------------------------------ full forward (tests)

    /**
     * The full masked forward pass over T frames (built only with forwardFrames = T): temporal outputs [B * T * dT]
     * for the given conditioning ({@code cond[b][t]}: 144 tokens, CFG tokens included) and previous ids {@code prev[t]}.
     */
    public float[] temporalForward(int[][][] cond, int[][] prevIds) {
        if (g.fwdTemporal == null) throw new IllegalStateException("built without the forward pass");
        int t = prevIds.length;
        int[] flat = new int[batch * t * COND_SLOTS];
        for (int b = 0; b < batch; b++) for (int f = 0; f < t; f++) System.arraycopy(cond[b][f], 0, flat, (b * t + f) * COND_SLOTS, COND_SLOTS);
        int[] p = new int[t * LEVELS];
        for (int f = 0; f < t; f++) System.arraycopy(prevIds[f], 0, p, f * LEVELS, LEVELS);
        float[] out = new float[batch * t * config.dTemporal()];
        try (TInt32 c = TInt32.tensorOf(Shape.of(batch, t, COND_SLOTS), DataBuffers.of(flat, true, false));
             TInt32 pp = TInt32.tensorOf(Shape.of(t, LEVELS), DataBuffers.of(p, true, false));
             Result res = session.runner().feed(g.fwdCond, c).feed(g.fwdPrev, pp).fetch(g.fwdTemporal).run()) {
            ((TFloat32) res.get(0)).copyTo(DataBuffers.of(out, false, false));
        }
        return out;
    }

    @Override
    public void close() {
        for (AutoCloseable c : new AutoCloseable[] {tCond, tPrev, tFrame, tScales, tTemperature, tTopK, tSeed, tForce, tForced}) {
            try {
                c.close();
            } catch (Exception ignored) {
                // native memory only
            }
        }
        session.close();
        graph.close();
    }
}
