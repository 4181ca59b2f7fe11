package mrtbox.inference.mrtv1;

import static mrtbox.inference.mrtv1.MrtV1Vocab.CHUNK_FRAMES;
import static mrtbox.inference.mrtv1.MrtV1Vocab.CODEBOOK;
import static mrtbox.inference.mrtv1.MrtV1Vocab.ENCODER_LENGTH;
import static mrtbox.inference.mrtv1.MrtV1Vocab.LEVELS;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import mrtbox.inference.bench.MatmulPeak;
import mrtbox.inference.tf.TfSessions;

/**
 * Measures the MRT v1 LLM with random weights at a given size: median ms per encoder call, temporal step, depth
 * step (from a whole-frame call minus its temporal step, over 16), the chunk total and real-time factor implied
 * by those medians, the achieved GFLOP/s of each part, and an in-process float32 matmul peak for comparison.
 * A benchmark, not a test: it prints what it measured on this machine.
 */
public final class MrtV1Benchmark {
    /** Medians of one configuration. */
    public record Report(String name, MrtV1Config config, boolean restricted, double loadMs, double encoderMs, double temporalMs,
                         double frameMs, double depthStepMs, double chunkMs, double encoderGflops, double temporalGflops,
                         double depthGflops, double peakGflops, int frames) {
        public double realTimeFactor() {
            return 2000.0 / chunkMs;
        }

        public String line() {
            return String.format(Locale.ROOT,
                    "%-14s %-9s params %6.1f M | load %7.0f ms | encoder %8.2f ms (%6.1f GFLOP/s) | temporal step %7.2f ms (%6.1f GFLOP/s) | depth step %6.2f ms (%6.1f GFLOP/s) | frame %7.2f ms | chunk %8.0f ms | RTF %.3f | matmul peak %6.1f GFLOP/s",
                    name, restricted ? "level" : "full", config.parameterCount() / 1e6, loadMs, encoderMs, encoderGflops, temporalMs, temporalGflops,
                    depthStepMs, depthGflops, frameMs, chunkMs, realTimeFactor(), peakGflops);
        }
    }

    private MrtV1Benchmark() {}

    /**
     * @param frames frames to time after warm-up (each also times its temporal step alone)
     */
    public static Report run(String name, MrtV1Config c, boolean restrictToLevel, int frames) throws IOException {
        double peak = MatmulPeak.measure(TfSessions.intraOpThreads(), 20);
        long t0 = System.nanoTime();
        try (DepthformerLlm llm = DepthformerLlm.load(MrtV1Models.randomWeights(c, 1L), c, new DepthformerLlm.Options(restrictToLevel, false))) {
            double loadMs = (System.nanoTime() - t0) / 1e6;
            int[][] ctx = new int[MrtV1Vocab.CONTEXT_FRAMES][LEVELS];
            for (int f = 0; f < ctx.length; f++) for (int l = 0; l < LEVELS; l++) ctx[f][l] = (f * 31 + l * 7) % CODEBOOK;
            int[] enc = MrtV1Vocab.encoderIds(ctx, new int[] {1, 2, 3, 4, 5, 6});
            llm.encode(enc, null); // warm-up: first call builds the executor
            List<Double> encMs = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                long s = System.nanoTime();
                llm.encode(enc, null);
                encMs.add((System.nanoTime() - s) / 1e6);
            }
            int[] prev = new int[LEVELS];
            int[] ids = new int[LEVELS];
            SamplingSettings settings = SamplingSettings.DEFAULTS;
            llm.frame(0, prev, null, settings, 1L, ids, null);
            llm.temporalStepOnly(0, prev);
            List<Double> frameMs = new ArrayList<>();
            List<Double> tempMs = new ArrayList<>();
            for (int t = 1; t <= frames && t < CHUNK_FRAMES; t++) {
                long s = System.nanoTime();
                llm.temporalStepOnly(t, prev);
                tempMs.add((System.nanoTime() - s) / 1e6);
                s = System.nanoTime();
                llm.frame(t, prev, null, settings, 1L, ids, null);
                frameMs.add((System.nanoTime() - s) / 1e6);
                prev = ids.clone();
            }
            double e = median(encMs), tm = median(tempMs), fr = median(frameMs);
            double depthStep = Math.max(0, fr - tm) / LEVELS;
            double chunk = e + CHUNK_FRAMES * fr;
            return new Report(name, c, restrictToLevel, loadMs, e, tm, fr, depthStep, chunk,
                    encoderFlops(c) / (e * 1e6), temporalFlops(c) / (tm * 1e6), depthStepFlops(c, restrictToLevel) / (depthStep * 1e6), peak, frameMs.size());
        }
    }

    /** Multiply-adds x 2 of one encoder call (2 rows x 1006 ids), attention included; cross K/V projections too. */
    static double encoderFlops(MrtV1Config c) {
        double n = 2.0 * ENCODER_LENGTH, d = c.dModel(), a = c.attentionWidth(), f = c.mlpDim();
        double perLayer = 2 * n * (4 * d * a + 3 * d * f) + 2 * 2 * n * ENCODER_LENGTH * a;
        return c.encoderLayers() * perLayer + c.temporalLayers() * 2 * n * 2 * d * a;
    }

    /** One temporal step, both rows: self-attention, cross-attention (q and out), MLP, attention over 50 + 1006 keys. */
    static double temporalFlops(MrtV1Config c) {
        double d = c.dModel(), a = c.attentionWidth(), f = c.mlpDim();
        double perLayer = 2 * 2 * (6 * d * a + 3 * d * f) + 2 * 2 * 2 * (CHUNK_FRAMES + ENCODER_LENGTH) * a;
        return c.temporalLayers() * perLayer;
    }

    /** One depth step, both rows: the depth layers plus the logits (full vocabulary or one level's 1024). */
    static double depthStepFlops(MrtV1Config c, boolean restricted) {
        double d = c.dModel(), a = c.attentionWidth(), f = c.mlpDim();
        double layers = c.depthLayers() * 2 * 2 * (4 * d * a + 3 * d * f);
        double logits = 2 * 2 * d * (restricted ? CODEBOOK : c.vocabSize());
        return layers + logits;
    }

    private static double median(List<Double> v) {
        double[] a = v.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(a);
        return a.length == 0 ? Double.NaN : a[a.length / 2];
    }
}
