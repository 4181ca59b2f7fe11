package mrtbox.inference.style;

import static mrtbox.inference.tflite.TfliteWriter.ADD;
import static mrtbox.inference.tflite.TfliteWriter.ARG_MAX;
import static mrtbox.inference.tflite.TfliteWriter.ARG_MAX_OPTIONS;
import static mrtbox.inference.tflite.TfliteWriter.FLOAT32;
import static mrtbox.inference.tflite.TfliteWriter.FULLY_CONNECTED;
import static mrtbox.inference.tflite.TfliteWriter.GATHER;
import static mrtbox.inference.tflite.TfliteWriter.INT32;
import static mrtbox.inference.tflite.TfliteWriter.MEAN;
import static mrtbox.inference.tflite.TfliteWriter.MUL;
import static mrtbox.inference.tflite.TfliteWriter.RESHAPE;
import static mrtbox.inference.tflite.TfliteWriter.SUB;
import static mrtbox.inference.tflite.TfliteWriter.SUM;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import mrtbox.inference.tflite.TfliteWriter;

/**
 * Test fixture: a MusicCoCa folder in the release layout ({@code resources/musiccoca}) with small .tflite models of
 * the real dtypes and shapes, seeded weights, and outputs a test can compute by hand:
 * <ul>
 *   <li>text encoder: inputs float32 paddings [1, 128] and int32 ids [1, 128] (paddings FIRST, so matching by order
 *       would fail); output [1, 768] = sum over unpadded positions of {@code table[id]};</li>
 *   <li>mapper: inputs (embedding [1, 768], noise [1, 768]); output {@code a * e + b * noise};</li>
 *   <li>audio preprocessor: [1, 160000] to [1, 100] block means; music encoder: [1, 100] through a dense layer to
 *       [1, 768];</li>
 *   <li>quantizer: [768] in, int32 [16] out: per level l the argmax over 64 codes of {@code W[l] . e} (16 tokens so
 *       the "first 12" rule is exercised).</li>
 * </ul>
 * The SentencePiece model is the golden {@code spm_a} vocabulary (2000 pieces), read from the classpath.
 */
public final class TinyMusicCoca {
    public static final int DIM = 768;
    public static final int VOCAB = 2000;
    public static final int CLIP = 160000;
    public static final int FRAMES = 100;
    public static final int TOKENS_OUT = 16;
    public static final int CODES = 64;

    public final float[] table = new float[VOCAB * DIM];
    public final float[] mapA = new float[DIM];
    public final float mapB;
    public final float[] musicW = new float[DIM * FRAMES]; // [out, in] as TFLite's FULLY_CONNECTED stores it
    public final float[] musicBias = new float[DIM];
    public final float[] quantW = new float[TOKENS_OUT * CODES * DIM];

    private TinyMusicCoca(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        fill(r, table, 0.05);
        fill(r, mapA, 1.0);
        mapB = 0.25f;
        fill(r, musicW, 0.1);
        fill(r, musicBias, 0.01);
        fill(r, quantW, 1.0);
    }

    private static void fill(SplittableRandom r, float[] a, double scale) {
        for (int i = 0; i < a.length; i++) a[i] = (float) (r.nextGaussian() * scale);
    }

    /** Writes every file (the mapper only when {@code withMapper}) into {@code dir}; returns the weights. */
    public static TinyMusicCoca write(Path dir, long seed, boolean withMapper) throws IOException {
        TinyMusicCoca m = new TinyMusicCoca(seed);
        Files.createDirectories(dir);
        try (InputStream spm = TinyMusicCoca.class.getResourceAsStream("/golden/spm_a/spm.model")) {
            if (spm == null) throw new IOException("golden spm_a/spm.model missing from the test classpath");
            Files.copy(spm, dir.resolve(TfliteMusicCoca.SPM));
        }
        m.textEncoder().write(dir.resolve(TfliteMusicCoca.TEXT_ENCODER));
        if (withMapper) m.mapper().write(dir.resolve(TfliteMusicCoca.MAPPER));
        preprocessor().write(dir.resolve(TfliteMusicCoca.AUDIO_PREPROCESSOR));
        m.musicEncoder().write(dir.resolve(TfliteMusicCoca.MUSIC_ENCODER));
        m.quantizer().write(dir.resolve(TfliteMusicCoca.QUANTIZER));
        return m;
    }

    TfliteWriter textEncoder() {
        TfliteWriter w = new TfliteWriter();
        int pads = w.tensor("paddings", FLOAT32, 1, 128);
        int ids = w.tensor("ids", INT32, 1, 128);
        int tab = w.constant("table", table, VOCAB, DIM);
        int one = w.constant("one", new float[] {1f}, 1);
        int shape3 = w.constant("shape3", new int[] {1, 128, 1}, 3);
        int axis = w.constant("axis", new int[] {1}, 1);
        int rows = w.tensor("rows", FLOAT32, 1, 128, DIM);
        int keep = w.tensor("keep", FLOAT32, 1, 128);
        int keep3 = w.tensor("keep3", FLOAT32, 1, 128, 1);
        int masked = w.tensor("masked", FLOAT32, 1, 128, DIM);
        int out = w.tensor("embedding", FLOAT32, 1, DIM);
        return w.op(GATHER, new int[] {tab, ids}, new int[] {rows})
                .op(SUB, new int[] {one, pads}, new int[] {keep})
                .op(RESHAPE, new int[] {keep, shape3}, new int[] {keep3})
                .op(MUL, new int[] {rows, keep3}, new int[] {masked})
                .op(SUM, new int[] {masked, axis}, new int[] {out})
                .inputs(pads, ids).outputs(out);
    }

    TfliteWriter mapper() {
        TfliteWriter w = new TfliteWriter();
        int e = w.tensor("text_embedding", FLOAT32, 1, DIM);
        int noise = w.tensor("noise", FLOAT32, 1, DIM);
        int a = w.constant("a", mapA, DIM);
        int b = w.constant("b", new float[] {mapB}, 1);
        int ea = w.tensor("ea", FLOAT32, 1, DIM);
        int nb = w.tensor("nb", FLOAT32, 1, DIM);
        int out = w.tensor("mapped", FLOAT32, 1, DIM);
        return w.op(MUL, new int[] {e, a}, new int[] {ea})
                .op(MUL, new int[] {noise, b}, new int[] {nb})
                .op(ADD, new int[] {ea, nb}, new int[] {out})
                .inputs(e, noise).outputs(out);
    }

    static TfliteWriter preprocessor() {
        TfliteWriter w = new TfliteWriter();
        int clip = w.tensor("audio", FLOAT32, 1, CLIP);
        int shape = w.constant("blocks", new int[] {1, FRAMES, CLIP / FRAMES}, 3);
        int axis = w.constant("axis", new int[] {2}, 1);
        int blocks = w.tensor("framed", FLOAT32, 1, FRAMES, CLIP / FRAMES);
        int out = w.tensor("features", FLOAT32, 1, FRAMES);
        return w.op(RESHAPE, new int[] {clip, shape}, new int[] {blocks})
                .op(MEAN, new int[] {blocks, axis}, new int[] {out})
                .inputs(clip).outputs(out);
    }

    TfliteWriter musicEncoder() {
        TfliteWriter w = new TfliteWriter();
        int in = w.tensor("features", FLOAT32, 1, FRAMES);
        int kernel = w.constant("kernel", musicW, DIM, FRAMES);
        int bias = w.constant("bias", musicBias, DIM);
        int out = w.tensor("embedding", FLOAT32, 1, DIM);
        return w.op(FULLY_CONNECTED, new int[] {in, kernel, bias}, new int[] {out}).inputs(in).outputs(out);
    }

    TfliteWriter quantizer() {
        TfliteWriter w = new TfliteWriter();
        int in = w.tensor("embedding", FLOAT32, DIM);
        int row = w.constant("row", new int[] {1, DIM}, 2);
        int kernel = w.constant("codes", quantW, TOKENS_OUT * CODES, DIM);
        int levels = w.constant("levels", new int[] {TOKENS_OUT, CODES}, 2);
        int axis = w.constant("axis", new int[] {1}, 1);
        int e2 = w.tensor("embedding_row", FLOAT32, 1, DIM);
        int scores = w.tensor("scores", FLOAT32, 1, TOKENS_OUT * CODES);
        int perLevel = w.tensor("per_level", FLOAT32, TOKENS_OUT, CODES);
        int out = w.tensor("tokens", INT32, TOKENS_OUT);
        return w.op(RESHAPE, new int[] {in, row}, new int[] {e2})
                .op(FULLY_CONNECTED, new int[] {e2, kernel, -1}, new int[] {scores})
                .op(RESHAPE, new int[] {scores, levels}, new int[] {perLevel})
                .op(ARG_MAX, new int[] {perLevel, axis}, new int[] {out}, ARG_MAX_OPTIONS, TfliteWriter.argMaxOptions(INT32))
                .inputs(in).outputs(out);
    }

    // ---- what each model must compute, by hand ----

    public float[] expectText(int[] ids, float[] paddings) {
        double[] acc = new double[DIM];
        for (int p = 0; p < ids.length; p++) {
            if (paddings[p] != 0f) continue;
            for (int d = 0; d < DIM; d++) acc[d] += table[ids[p] * DIM + d];
        }
        return toFloat(acc);
    }

    public float[] expectMapped(float[] e, float[] noise) {
        double[] m = new double[DIM];
        double sq = 0;
        for (int d = 0; d < DIM; d++) {
            m[d] = (double) mapA[d] * e[d] + (double) mapB * noise[d];
            sq += m[d] * m[d];
        }
        for (int d = 0; d < DIM; d++) m[d] /= Math.sqrt(sq);
        return toFloat(m);
    }

    public float[] expectAudio(float[] clip) {
        int per = CLIP / FRAMES;
        double[] feat = new double[FRAMES];
        for (int f = 0; f < FRAMES; f++) {
            for (int i = 0; i < per; i++) feat[f] += f * per + i < clip.length ? clip[f * per + i] : 0;
            feat[f] /= per;
        }
        double[] out = new double[DIM];
        for (int o = 0; o < DIM; o++) {
            out[o] = musicBias[o];
            for (int f = 0; f < FRAMES; f++) out[o] += musicW[o * FRAMES + f] * feat[f];
        }
        return toFloat(out);
    }

    public int[] expectTokens(float[] e, int levels) {
        int[] t = new int[levels];
        for (int l = 0; l < levels; l++) {
            double best = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < CODES; c++) {
                double s = 0;
                int row = (l * CODES + c) * DIM;
                for (int d = 0; d < DIM; d++) s += (double) quantW[row + d] * e[d];
                if (s > best) {
                    best = s;
                    t[l] = c;
                }
            }
        }
        return t;
    }

    private static float[] toFloat(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
        return f;
    }
}
