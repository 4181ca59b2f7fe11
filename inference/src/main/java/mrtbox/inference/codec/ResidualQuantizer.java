package mrtbox.inference.codec;

import java.io.IOException;
import java.nio.FloatBuffer;
import mrtbox.inference.weights.FloatTensor;

/**
 * Residual vector quantization over {@code levels} codebooks of {@code size} vectors of {@code dim} floats, laid out
 * {@code [level][code][dim]} row-major: the SpectroStream quantizer ([64, 1024, 256]) and the MusicCoCa style
 * quantizer ([12, 1024, 768]) alike.
 *
 * <p>Encoding is greedy: at each level the code nearest to the residual in L2 (ties to the lowest index), then
 * the residual loses that code. Decoding sums the chosen codes of the first K levels. Immutable.
 */
public final class ResidualQuantizer {
    private final int levels;
    private final int size;
    private final int dim;
    private final float[] codebooks;
    private final float[] norms; // ||c||^2 per code, for the quick distance bound

    public ResidualQuantizer(int levels, int size, int dim, float[] codebooks) {
        if ((long) levels * size * dim != codebooks.length) {
            throw new IllegalArgumentException("codebooks hold " + codebooks.length + " floats, expected " + levels + "x" + size + "x" + dim);
        }
        this.levels = levels;
        this.size = size;
        this.dim = dim;
        this.codebooks = codebooks;
        this.norms = new float[levels * size];
        for (int c = 0; c < levels * size; c++) {
            float s = 0;
            for (int d = 0; d < dim; d++) s += codebooks[c * dim + d] * codebooks[c * dim + d];
            norms[c] = s;
        }
    }

    /** From a {@code [levels, size, dim]} tensor (e.g. {@code params/soundstream/quantizer/embedding}). */
    public static ResidualQuantizer of(FloatTensor t) throws IOException {
        long[] s = t.shape();
        if (s.length != 3) throw new IOException(t.name() + ": codebooks must be [levels, size, dim], found rank " + s.length);
        float[] data = new float[(int) (s[0] * s[1] * s[2])];
        FloatBuffer b = t.data().duplicate();
        b.get(data);
        return new ResidualQuantizer((int) s[0], (int) s[1], (int) s[2], data);
    }

    /** Seeded random codebooks (Gaussian, shrinking per level like a trained RVQ's) for the built-in tiny models. */
    public static ResidualQuantizer random(int levels, int size, int dim, long seed) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        float[] cb = new float[levels * size * dim];
        for (int i = 0; i < cb.length; i++) cb[i] = (float) (r.nextGaussian() / Math.sqrt(1 + i / (size * dim)));
        return new ResidualQuantizer(levels, size, dim, cb);
    }

    /** The codebooks as a {@code [levels, size, dim]} tensor called {@code name} (a copy). */
    public FloatTensor toTensor(String name) {
        return new FloatTensor(name, new long[] {levels, size, dim}, FloatBuffer.wrap(codebooks.clone()));
    }

    public int levels() {
        return levels;
    }

    public int codebookSize() {
        return size;
    }

    public int dim() {
        return dim;
    }

    /** Greedy RVQ of one vector over the first {@code useLevels} levels. */
    public int[] encode(float[] embedding, int useLevels) {
        return encode(embedding, useLevels, null);
    }

    /**
     * Greedy RVQ; when {@code residualOut} is given it receives the final residual. The exact distance
     * {@code sum (r-c)^2} decides, so duplicate codebook rows tie exactly and the lower index wins.
     */
    public int[] encode(float[] embedding, int useLevels, float[] residualOut) {
        checkLevels(useLevels);
        if (embedding.length != dim) throw new IllegalArgumentException("embedding has " + embedding.length + " dims, codebooks " + dim);
        float[] r = embedding.clone();
        int[] codes = new int[useLevels];
        for (int k = 0; k < useLevels; k++) {
            int base = k * size;
            int best = 0;
            float bestDist = Float.POSITIVE_INFINITY;
            for (int j = 0; j < size; j++) {
                int off = (base + j) * dim;
                float dist = 0;
                for (int d = 0; d < dim; d++) {
                    float diff = r[d] - codebooks[off + d];
                    dist += diff * diff;
                }
                if (dist < bestDist) {
                    bestDist = dist;
                    best = j;
                }
            }
            codes[k] = best;
            int off = (base + best) * dim;
            for (int d = 0; d < dim; d++) r[d] -= codebooks[off + d];
        }
        if (residualOut != null) System.arraycopy(r, 0, residualOut, 0, dim);
        return codes;
    }

    /** Sum over levels k of codebook[k][codes[k]], for as many levels as {@code codes} has. */
    public float[] decode(int[] codes) {
        float[] out = new float[dim];
        decodeInto(codes, out, 0);
        return out;
    }

    /** Dequantizes frames {@code [T][K]} into {@code [T * dim]} row-major. */
    public float[] decodeFrames(int[][] frames) {
        float[] out = new float[frames.length * dim];
        for (int t = 0; t < frames.length; t++) decodeInto(frames[t], out, t * dim);
        return out;
    }

    private void decodeInto(int[] codes, float[] out, int at) {
        checkLevels(codes.length);
        for (int k = 0; k < codes.length; k++) {
            int c = codes[k];
            if (c < 0 || c >= size) throw new IllegalArgumentException("code " + c + " at level " + k + " is outside 0.." + (size - 1));
            int off = (k * size + c) * dim;
            for (int d = 0; d < dim; d++) out[at + d] += codebooks[off + d];
        }
    }

    private void checkLevels(int n) {
        if (n < 0 || n > levels) throw new IllegalArgumentException(n + " levels requested, the quantizer has " + levels);
    }
}
