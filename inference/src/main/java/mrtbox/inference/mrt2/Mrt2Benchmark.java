package mrtbox.inference.mrt2;

import static mrtbox.inference.mrt2.Mrt2Vocab.LEVELS;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import mrtbox.inference.codec.SpectroStreamConfig;
import mrtbox.inference.codec.SpectroStreamDecoder;
import mrtbox.inference.codec.SpectroStreamWeights;
import mrtbox.inference.model.NoteFrame;
import mrtbox.inference.mrtv1.MrtV1Benchmark;

/**
 * Measures one MRT2 frame with random weights at a given size and batch: median ms for the encoder, the temporal
 * step (encoder + temporal run minus encoder), the 12 depth steps with sampling (whole frame minus temporal), the
 * SpectroStream decoder step at the real size, the frame total, the real-time factor against 40 ms, and GFLOP/s next
 * to an in-process float32 matmul peak. A benchmark, not a test: it prints what it measured on this machine.
 */
public final class Mrt2Benchmark {
    public record Report(String name, int batch, double loadMs, double encoderMs, double temporalMs, double depthMs, double codecMs,
                         double temporalGflops, double depthGflops, double peakGflops) {
        public double frameMs() {
            return encoderMs + temporalMs + depthMs + codecMs;
        }

        public double realTimeFactor() {
            return 40.0 / frameMs();
        }

        public String line() {
            return String.format(Locale.ROOT,
                    "%-11s batch %d | load %6.0f ms | encoder %6.2f ms | temporal %7.2f ms (%5.1f GFLOP/s) | 12 depth steps %7.2f ms (%5.1f GFLOP/s) | codec %6.2f ms | frame %7.2f ms | RTF %.2f | matmul peak %5.1f GFLOP/s",
                    name, batch, loadMs, encoderMs, temporalMs, temporalGflops, depthMs, depthGflops, codecMs, frameMs(), realTimeFactor(), peakGflops);
        }
    }

    private Mrt2Benchmark() {}

    /** Median codec step (ms) of the real-size SpectroStream decoder with random weights. */
    public static double codecStepMs(int frames) throws IOException {
        try (SpectroStreamDecoder d = new SpectroStreamDecoder(SpectroStreamWeights.random(SpectroStreamConfig.real(), 1L))) {
            int[][] codes = new int[1][LEVELS];
            d.step(codes);
            List<Double> ms = new ArrayList<>();
            for (int i = 0; i < frames; i++) {
                for (int k = 0; k < LEVELS; k++) codes[0][k] = (i * 31 + k * 7) % Mrt2Vocab.CODEBOOK;
                long s = System.nanoTime();
                d.step(codes);
                ms.add((System.nanoTime() - s) / 1e6);
            }
            return median(ms);
        }
    }

    public static Report run(String name, Mrt2Config c, boolean trueCfg, int frames, double codecMs) throws IOException {
        double peak = MrtV1Benchmark.matmulPeakGflops(1024, 20);
        long t0 = System.nanoTime();
        try (Mrt2Llm llm = Mrt2Llm.load(Mrt2Models.randomWeights(c, 1L), c, trueCfg, 0)) {
            double loadMs = (System.nanoTime() - t0) / 1e6;
            int[] pos = NoteConditioning.DEFAULT.positive(new int[] {325, 98, 979, 657, 802, 453}, NoteFrame.SILENT);
            int[][] cond = trueCfg ? new int[][] {pos, NoteConditioning.styleMasked(pos), NoteConditioning.notesMasked(pos)} : new int[][] {pos};
            Mrt2Sampling s = new Mrt2Sampling(1.1f, 50, 1.6f, 2.4f, 4.0f);
            int[] ids = new int[LEVELS];
            for (int i = 0; i < 3; i++) llm.step(cond, s, 1L, null, ids, null); // warm-up
            List<Double> enc = new ArrayList<>(), temp = new ArrayList<>(), frame = new ArrayList<>();
            for (int i = 0; i < frames; i++) {
                long a = System.nanoTime();
                llm.step(cond, s, 1L, null, ids, null);
                long b = System.nanoTime();
                llm.runPart(false);
                long e = System.nanoTime();
                llm.runPart(true);
                long f = System.nanoTime();
                frame.add((b - a) / 1e6);
                enc.add((e - b) / 1e6);
                temp.add((f - e) / 1e6);
            }
            double encMs = median(enc), tempMs = Math.max(0, median(temp) - encMs), depthMs = Math.max(0, median(frame) - median(temp));
            int rows = llm.batch();
            return new Report(name, rows, loadMs, encMs, tempMs, depthMs, codecMs,
                    2.0 * rows * temporalMacsPerRow(c) / (tempMs * 1e6), 2.0 * rows * depthMacsPerRow(c) / (depthMs * 1e6), peak);
        }
    }

    /** Multiply-accumulates of one temporal step for one batch row: projections, FFN, attention over W + 1 keys. */
    static double temporalMacsPerRow(Mrt2Config c) {
        double d = c.dTemporal(), a = c.tWidth();
        double perLayer = 4 * d * a + 2 * c.dEncoder() * a + 2 * d * a + 2 * d * c.tFfn() + 2 * 2 * (c.window() + 2) * a;
        return c.tLayers() * perLayer;
    }

    /** Multiply-accumulates of the 12 depth steps for one row, with level-sliced logits (d x 1024 per level). */
    static double depthMacsPerRow(Mrt2Config c) {
        double d = c.dDepth(), a = c.depthWidth();
        double adapter = c.hasDepthAdapter() ? c.dTemporal() * d : 0;
        double perStep = adapter + c.depthLayers() * (4 * d * a + 2 * d * c.depthFfn()) + d * Mrt2Vocab.CODEBOOK;
        return LEVELS * perStep;
    }

    private static double median(List<Double> v) {
        List<Double> s = new ArrayList<>(v);
        Collections.sort(s);
        return s.get(s.size() / 2);
    }
}
