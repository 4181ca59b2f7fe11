package mrtbox.inference.mrt2;

import static mrtbox.inference.mrt2.Mrt2Vocab.INPUT_SLOTS;
import static mrtbox.inference.mrt2.Mrt2Vocab.LEVELS;

import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mrtbox.inference.kernel.Precision;
import mrtbox.inference.weights.FloatTensor;
import mrtbox.inference.weights.TensorInventory;
import mrtbox.inference.weights.WeightSource;
import org.slf4j.LoggerFactory;

/**
 * The MRT2 Depthformer's per-frame step (spec mrt2.md section 1.3): conditioning encoder, one temporal step over
 * KV rings of W + 1 frames, 12 depth steps with soft cap, guidance and sampling. Two engines behind one contract,
 * chosen by {@link Precision}: {@link Mrt2GraphLlm} (f32 in one TensorFlow graph: the golden cases, conformance)
 * and {@link Mrt2KernelLlm} (bf16 weights, f32 activations and accumulation, on the Java Vector API kernels:
 * playback). Both keep their state in the same shapes and names, so a state saved by one loads into the other. Not
 * thread-safe: one generation thread drives a model.
 */
public interface Mrt2Llm extends AutoCloseable {

    /** Optional views into a step, for conformance and diagnosis (each array is filled only when non-null). */
    final class Probe {
        /** [B * dEnc] encoder outputs per row. */
        public float[] encoder;
        /** [B * dT] temporal outputs per row. */
        public float[] temporal;
        /** [12 * 12294] CFG-combined soft-capped logits per level, before the level mask (an extra logits product). */
        public float[] logits;
    }

    /** The engine for {@code precision}: f32 = the TensorFlow graph, bf16 = the Java kernels. */
    static Mrt2Llm load(WeightSource weights, Mrt2Config config, boolean trueCfg, Precision precision) throws IOException {
        return switch (precision) {
            case F32 -> Mrt2GraphLlm.load(weights, config, trueCfg, 0);
            case BF16 -> Mrt2KernelLlm.load(weights, config, trueCfg, Mrt2KernelLlm.defaultThreads());
        };
    }

    Mrt2Config config();

    /** 3 with true guidance, 1 when the scales act only through tokens. */
    int batch();

    Precision precision();

    /** Frames stepped since the last reset. */
    int frame();

    /** The ids the next step embeds as its temporal input (12 x SOS after a reset). */
    int[] previousIds();

    /** Empty windows, previous frame all SOS, frame 0. */
    void reset();

    /**
     * One frame. {@code cond} holds one row of 141 conditioning tokens (value + 7, mask 6) per batch row: [positive]
     * or [positive, style masked, notes masked]; the three CFG tokens are appended from {@code s}.
     *
     * @param seed   the stream's seed; level k of frame t draws its Gumbel noise from (seed, 12 t + k)
     * @param forced null to sample, or 12 unique ids to emit instead (prefill)
     * @param outIds receives the 12 unique ids (6 + 1024 level + code)
     */
    void step(int[][] cond, Mrt2Sampling s, long seed, int[] forced, int[] outIds, Probe probe);

    /**
     * Sets the ids the next step embeds, without running a step: the last frame of a token prefill (spec 2.7) goes
     * in this way so that it is embedded exactly once.
     */
    void seedPrevious(int[] ids);

    /** The streaming state: KV rings by name ({@link #stateName}), then the previous ids and the frame counter. */
    Map<String, float[]> saveState();

    /** Replaces the live state; every entry is checked (names, sizes, ids) before anything changes. */
    void loadState(Map<String, float[]> st);

    @Override
    void close();

    /** The shape of each state entry, as {@link #saveState} names them. */
    default Map<String, long[]> stateShapes() {
        Mrt2Config c = config();
        Map<String, long[]> out = new LinkedHashMap<>();
        long[] ring = {batch(), c.tHeads(), c.window() + 1, c.tHeadDim()};
        for (int i = 0; i < 4 * c.tLayers(); i++) out.put(stateName(i), ring);
        out.put("previous_ids", new long[] {LEVELS});
        out.put("frame", new long[] {1});
        return out;
    }

    /** Checks a state map (names, sizes, ids, frame counter) without touching the live state. */
    default void checkState(Map<String, float[]> st) {
        for (Map.Entry<String, long[]> e : stateShapes().entrySet()) {
            float[] a = st.get(e.getKey());
            if (a == null) throw new IllegalArgumentException("state lacks '" + e.getKey() + "'");
            if (a.length != FloatTensor.elementCount(e.getValue())) {
                throw new IllegalArgumentException("state '" + e.getKey() + "' has " + a.length + " values, expected shape " + Arrays.toString(e.getValue()));
            }
        }
        checkIds(storedPreviousIds(st));
        float f = st.get("frame")[0];
        if (f < 0 || f != Math.rint(f)) throw new IllegalArgumentException("state frame counter " + f + " is not a frame number");
    }

    /** Adds the stream position (previous ids and frame counter, as exact floats) to a state map. */
    static void putStreamPosition(Map<String, float[]> st, int[] previousIds, int frame) {
        float[] p = new float[LEVELS];
        for (int i = 0; i < LEVELS; i++) p[i] = previousIds[i];
        st.put("previous_ids", p);
        st.put("frame", new float[] {frame});
    }

    /** The previous ids a (checked) state map holds. */
    static int[] storedPreviousIds(Map<String, float[]> st) {
        int[] ids = new int[LEVELS];
        for (int i = 0; i < LEVELS; i++) ids[i] = (int) st.get("previous_ids")[i];
        return ids;
    }

    /** The frame counter a (checked) state map holds. */
    static int storedFrame(Map<String, float[]> st) {
        return (int) st.get("frame")[0];
    }

    /** The name of state entry i: per temporal layer self key, self value, cross key, cross value. */
    static String stateName(int i) {
        String[] kinds = {"self_key", "self_value", "cross_key", "cross_value"};
        return "temporal_" + (i / 4) + "/" + kinds[i % 4];
    }

    static void checkIds(int[] ids) {
        if (ids.length != LEVELS) throw new IllegalArgumentException("a frame has " + LEVELS + " ids, got " + ids.length);
        for (int k = 0; k < LEVELS; k++) {
            int first = Mrt2Vocab.audioId(k, 0);
            if (ids[k] != Mrt2Vocab.SOS && (ids[k] < first || ids[k] >= first + Mrt2Vocab.CODEBOOK)) {
                throw new IllegalArgumentException("id " + ids[k] + " at level " + k + " is outside [" + first + ", " + (first + Mrt2Vocab.CODEBOOK) + ")");
            }
        }
    }

    static void checkConditioning(int[] row, int b) {
        if (row.length != INPUT_SLOTS) throw new IllegalArgumentException("conditioning row " + b + " has " + row.length + " tokens, expected " + INPUT_SLOTS);
        for (int i = 0; i < INPUT_SLOTS; i++) {
            int max = i < Mrt2Vocab.STYLE_SLOTS ? Mrt2Vocab.STYLE_LEVEL_VOCAB : i < Mrt2Vocab.DRUM_SLOT ? 11 : 9;
            if (row[i] < 0 || row[i] >= max) {
                throw new IllegalArgumentException("conditioning row " + b + " slot " + i + ": token " + row[i] + " outside [0, " + max + ")");
            }
        }
    }

    /** Logs the checkpoint's tensors that neither the Depthformer nor its codec reads. */
    static void warnUnused(WeightSource weights, Mrt2Config config) throws IOException {
        List<String> unused = TensorInventory.of(weights, Mrt2Params.shapes(config), n -> n.startsWith(Mrt2Models.CODEC_PREFIX)).unexpected();
        if (!unused.isEmpty()) {
            LoggerFactory.getLogger(Mrt2Llm.class).warn("{}: {} tensor(s) neither the MRT2 Depthformer nor its codec uses: {}",
                    weights.location(), unused.size(), unused);
        }
    }
}
