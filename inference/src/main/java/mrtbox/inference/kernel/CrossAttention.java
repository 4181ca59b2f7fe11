package mrtbox.inference.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import mrtbox.inference.weights.HalfFloats;

/**
 * Unscaled softmax attention of one query per group (a batch row and head) over a fixed set of keys and values that
 * change far less often than the queries come: MRT v1's cross-attention, whose 1006 encoder keys are set once per
 * chunk and read by 50 temporal steps. Keys and values are stored transposed, [dim][length] per group, so that every
 * head dimension is one contiguous stream over the positions (vector FMAs across positions, no per-key reduction), in
 * f32 or in bf16 (two consecutive positions packed in one int, as {@link VectorMatVec}'s bf16 pairs: half the
 * traffic). Groups are split over a {@link KernelPool}. Not thread-safe: one caller at a time.
 */
public final class CrossAttention {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;

    private final int groups, length, dim, half;
    private final boolean bf16;
    private final KernelPool pool;
    private final float[] keysF, valuesF;   // f32: [groups][dim][length]
    private final int[] keysB, valuesB;     // bf16: [groups][dim][length / 2]
    private final float[][] scores;         // per group: [length] (bf16: even positions, then odd ones)
    private float[] q, ctx;

    /**
     * @param length positions per group (even for bf16)
     */
    public CrossAttention(int groups, int length, int dim, boolean bf16, KernelPool pool) {
        if (groups < 1 || length < 2 || dim < 1) throw new IllegalArgumentException("need groups, dim >= 1 and length >= 2, got " + groups + ", " + length + ", " + dim);
        if (bf16 && length % 2 != 0) throw new IllegalArgumentException("bf16 storage pairs positions: length must be even, got " + length);
        this.groups = groups;
        this.length = length;
        this.dim = dim;
        this.half = length / 2;
        this.bf16 = bf16;
        this.pool = pool;
        long n = (long) groups * dim * length;
        if (n > Integer.MAX_VALUE) throw new IllegalArgumentException("too many keys: " + n);
        this.keysF = bf16 ? null : new float[(int) n];
        this.valuesF = bf16 ? null : new float[(int) n];
        this.keysB = bf16 ? new int[(int) (n / 2)] : null;
        this.valuesB = bf16 ? new int[(int) (n / 2)] : null;
        this.scores = new float[groups][length];
    }

    /** Bytes of keys and values one {@link #attend} reads. */
    public long bytes() {
        return (bf16 ? 2L : 4L) * 2 * groups * dim * length;
    }

    /** Replaces every group's keys and values: both [groups][dim][length], row-major. */
    public void set(float[] keysT, float[] valuesT) {
        int n = groups * dim * length;
        if (keysT.length < n || valuesT.length < n) throw new IllegalArgumentException("keys and values need " + n + " floats each");
        if (!bf16) {
            System.arraycopy(keysT, 0, keysF, 0, n);
            System.arraycopy(valuesT, 0, valuesF, 0, n);
            return;
        }
        int perGroup = dim * half;
        pool.run(groups, 1, (from, to) -> {   // rounding 2 x 31 M values per chunk at base size: worth both cores
            for (int i = from * perGroup; i < to * perGroup; i++) {
                keysB[i] = HalfFloats.floatToBf16(keysT[2 * i]) | HalfFloats.floatToBf16(keysT[2 * i + 1]) << 16;
                valuesB[i] = HalfFloats.floatToBf16(valuesT[2 * i]) | HalfFloats.floatToBf16(valuesT[2 * i + 1]) << 16;
            }
        });
    }

    /** ctx[g * dim ..] = softmax_t(q_g . k_g[t]) weighted sum of v_g[t], for every group g; q and ctx [groups * dim]. */
    public void attend(float[] q, float[] ctx) {
        if (q.length < groups * dim || ctx.length < groups * dim) throw new IllegalArgumentException("q and ctx need " + groups * dim + " floats");
        this.q = q;
        this.ctx = ctx;
        pool.run(groups, 1, (from, to) -> {
            for (int g = from; g < to; g++) {
                if (bf16) groupBf16(g);
                else groupF32(g);
            }
        });
    }

    private void groupF32(int g) {
        float[] s = scores[g];
        int base = g * dim * length, qo = g * dim, l = F.length(), upper = F.loopBound(length);
        for (int j = 0; j < dim; j++) {
            float qj = q[qo + j];
            int row = base + j * length;
            FloatVector qv = FloatVector.broadcast(F, qj);
            int i = 0;
            if (j == 0) {
                for (; i < upper; i += l) FloatVector.fromArray(F, keysF, row + i).mul(qv).intoArray(s, i);
                for (; i < length; i++) s[i] = keysF[row + i] * qj;
            } else {
                for (; i < upper; i += l) FloatVector.fromArray(F, keysF, row + i).fma(qv, FloatVector.fromArray(F, s, i)).intoArray(s, i);
                for (; i < length; i++) s[i] += keysF[row + i] * qj;
            }
        }
        softmax(s, length);
        for (int j = 0; j < dim; j++) {
            int row = base + j * length;
            FloatVector acc = FloatVector.zero(F);
            int i = 0;
            for (; i < upper; i += l) acc = FloatVector.fromArray(F, valuesF, row + i).fma(FloatVector.fromArray(F, s, i), acc);
            float sum = acc.reduceLanes(VectorOperators.ADD);
            for (; i < length; i++) sum += valuesF[row + i] * s[i];
            ctx[qo + j] = sum;
        }
    }

    /** As {@link #groupF32} with positions in pairs: scores hold the even positions' then the odd positions'. */
    private void groupBf16(int g) {
        float[] s = scores[g];
        int base = g * dim * half, qo = g * dim, l = I.length(), upper = I.loopBound(half);
        for (int j = 0; j < dim; j++) {
            float qj = q[qo + j];
            int row = base + j * half;
            FloatVector qv = FloatVector.broadcast(F, qj);
            int i = 0;
            for (; i < upper; i += l) {
                IntVector p = IntVector.fromArray(I, keysB, row + i);
                FloatVector e = lo(p).mul(qv), o = hi(p).mul(qv);
                if (j > 0) {
                    e = e.add(FloatVector.fromArray(F, s, i));
                    o = o.add(FloatVector.fromArray(F, s, half + i));
                }
                e.intoArray(s, i);
                o.intoArray(s, half + i);
            }
            for (; i < half; i++) {
                int p = keysB[row + i];
                float e = Float.intBitsToFloat(p << 16) * qj, o = Float.intBitsToFloat(p & 0xFFFF0000) * qj;
                s[i] = j == 0 ? e : s[i] + e;
                s[half + i] = j == 0 ? o : s[half + i] + o;
            }
        }
        softmax(s, length);
        for (int j = 0; j < dim; j++) {
            int row = base + j * half;
            FloatVector acc = FloatVector.zero(F);
            int i = 0;
            for (; i < upper; i += l) {
                IntVector p = IntVector.fromArray(I, valuesB, row + i);
                acc = lo(p).fma(FloatVector.fromArray(F, s, i), acc);
                acc = hi(p).fma(FloatVector.fromArray(F, s, half + i), acc);
            }
            float sum = acc.reduceLanes(VectorOperators.ADD);
            for (; i < half; i++) {
                int p = valuesB[row + i];
                sum += Float.intBitsToFloat(p << 16) * s[i] + Float.intBitsToFloat(p & 0xFFFF0000) * s[half + i];
            }
            ctx[qo + j] = sum;
        }
    }

    /** s[0..n) = exp(s - max) / sum, in place (probabilities first, then the weighted sum: the graph's order). */
    private static void softmax(float[] s, int n) {
        int l = F.length(), upper = F.loopBound(n), i = 0;
        FloatVector mv = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
        for (; i < upper; i += l) mv = mv.max(FloatVector.fromArray(F, s, i));
        float max = mv.reduceLanes(VectorOperators.MAX);
        for (; i < n; i++) max = Math.max(max, s[i]);
        FloatVector maxV = FloatVector.broadcast(F, max), sumV = FloatVector.zero(F);
        for (i = 0; i < upper; i += l) {
            FloatVector e = FloatVector.fromArray(F, s, i).sub(maxV).lanewise(VectorOperators.EXP);
            e.intoArray(s, i);
            sumV = sumV.add(e);
        }
        float sum = sumV.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            s[i] = (float) Math.exp(s[i] - max);
            sum += s[i];
        }
        FloatVector inv = FloatVector.broadcast(F, 1f / sum);
        for (i = 0; i < upper; i += l) FloatVector.fromArray(F, s, i).mul(inv).intoArray(s, i);
        float invS = 1f / sum;
        for (; i < n; i++) s[i] *= invS;
    }

    private static FloatVector lo(IntVector pair) {
        return pair.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
    }

    private static FloatVector hi(IntVector pair) {
        return pair.and(0xFFFF0000).reinterpretAsFloats();
    }
}
