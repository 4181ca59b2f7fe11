package mrtbox.inference.mrtv1;

import static mrtbox.inference.mrtv1.MrtV1Vocab.CHUNK_FRAMES;
import static mrtbox.inference.mrtv1.MrtV1Vocab.CODEBOOK;
import static mrtbox.inference.mrtv1.MrtV1Vocab.ENCODER_LENGTH;
import static mrtbox.inference.mrtv1.MrtV1Vocab.LEVELS;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import mrtbox.inference.bench.MachineLimits;
import mrtbox.inference.bench.Part;
import mrtbox.inference.bench.Samples;
import mrtbox.inference.kernel.Precision;

/**
 * Measures the MRT v1 LLM with random weights at a given size and engine, next to the machine's limits measured in the
 * same JVM ({@link MachineLimits}): the encoder call (GFLOP/s against the f32 matmul peak), the temporal step and the
 * depth step (GB/s of the weights and cross-attention keys/values each reads, against the streaming limit of the
 * engine's storage: f32 or bf16), the frame, and whole chunks timed end to end (RTF). The f32 engine is the TensorFlow
 * graph ({@link DepthformerLlm}), bf16 the Java kernels ({@link DepthformerKernelLlm}). A benchmark, not a test: it
 * prints what it measured on this machine.
 */
public final class MrtV1Benchmark {
    /** Medians of one configuration. */
    public record Report(String name, String size, MrtV1Config config, boolean restricted, Precision precision, int threads, double loadMs,
                         Part encoder, Part temporal, Part depth, Samples frame, Samples chunk) {
        public double realTimeFactor() {
            return 2000.0 / chunk.medianMs();
        }

        public List<String> lines() {
            List<String> out = new ArrayList<>();
            out.add(String.format(Locale.ROOT, "%s (%.1f M params), %s sampling, %s %s, %d threads (load %.0f ms)", name, config.parameterCount() / 1e6,
                    restricted ? "level" : "full", precision.word(), precision == Precision.F32 ? "TensorFlow graph" : "encoder TensorFlow, decoder Java kernels",
                    threads, loadMs));
            for (Part p : List.of(encoder, temporal, depth)) out.add("  " + p.line());
            out.add(String.format(Locale.ROOT, "  %-15s median %7.2f ms p99 %7.2f ms (temporal step + 16 depth steps)", "frame", frame.medianMs(), frame.p99Ms()));
            out.add(String.format(Locale.ROOT, "  %-15s median %7.0f ms over %d (RTF %.3f)", "chunk", chunk.medianMs(), chunk.runs(), realTimeFactor()));
            return out;
        }

        /** One line a script reads: medians, and the parts' shares of this run's limits. */
        public String resultLine() {
            return String.format(Locale.ROOT,
                    "RESULT mrtv1 size=%s sampling=%s precision=%s encoder_ms=%.0f temporal_ms=%.1f depth_ms=%.2f frame_ms=%.1f chunk_ms=%.0f rtf=%.3f stream_gbps=%.1f temporal_pct=%.0f depth_pct=%.0f matmul_gflops=%.0f encoder_pct=%.0f",
                    size, restricted ? "level" : "full", precision.word(), encoder.ms().medianMs(), temporal.ms().medianMs(), depth.ms().medianMs(),
                    frame.medianMs(), chunk.medianMs(), realTimeFactor(), temporal.limit(), temporal.pct(), depth.pct(), encoder.limit(), encoder.pct());
        }
    }

    private MrtV1Benchmark() {}

    /**
     * @param frames frames timed after warm-up (each also times its temporal step)
     * @param chunks whole chunks timed end to end (encode + 50 frames)
     * @param threads the kernel engine's threads (the graph engine uses TF's intra-op count)
     */
    public static Report run(String name, String size, MrtV1Config c, boolean restrictToLevel, int frames, int chunks, MachineLimits.Limits limits,
                             Precision precision, int threads) throws IOException {
        long t0 = System.nanoTime();
        DepthformerLlm.Options options = new DepthformerLlm.Options(restrictToLevel, false);
        try (MrtV1Llm llm = precision == Precision.F32 ? DepthformerLlm.load(MrtV1Models.randomWeights(c, 1L), c, options)
                : DepthformerKernelLlm.load(MrtV1Models.randomWeights(c, 1L), c, restrictToLevel, threads, true)) {
            double loadMs = (System.nanoTime() - t0) / 1e6;
            int[][] ctx = new int[MrtV1Vocab.CONTEXT_FRAMES][LEVELS];
            for (int f = 0; f < ctx.length; f++) for (int l = 0; l < LEVELS; l++) ctx[f][l] = (f * 31 + l * 7) % CODEBOOK;
            int[] enc = MrtV1Vocab.encoderIds(ctx, new int[] {1, 2, 3, 4, 5, 6});
            llm.encode(enc, null); // warm-up: the first call builds the executor
            List<Double> encMs = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                long s = System.nanoTime();
                llm.encode(enc, null);
                encMs.add((System.nanoTime() - s) / 1e6);
            }
            int[] prev = new int[LEVELS];
            int[] ids = new int[LEVELS];
            SamplingSettings settings = SamplingSettings.DEFAULTS;
            // warm-up: TF's executor, and the JIT until the kernels run compiled (at least 3 frames and 2 s)
            long warm = System.nanoTime();
            for (int t = 0; t < 3 || (System.nanoTime() - warm < 2_000_000_000L && t < 10 * CHUNK_FRAMES); t++) {
                llm.frame(t % CHUNK_FRAMES, prev, null, settings, 1L, ids, null);
            }
            List<Double> frameMs = new ArrayList<>(), tempMs = new ArrayList<>(), depthMs = new ArrayList<>();
            for (int i = 0; i < frames; i++) {
                int t = 1 + i % (CHUNK_FRAMES - 1);
                double temporal;
                long s = System.nanoTime();
                if (llm instanceof DepthformerLlm graph) {
                    graph.temporalStepOnly(t, prev);
                    temporal = (System.nanoTime() - s) / 1e6;
                    s = System.nanoTime();
                    llm.frame(t, prev, null, settings, 1L, ids, null);
                } else {
                    llm.frame(t, prev, null, settings, 1L, ids, null);
                    temporal = ((DepthformerKernelLlm) llm).lastTemporalNanos() / 1e6;
                }
                double frame = (System.nanoTime() - s) / 1e6;
                frameMs.add(frame);
                tempMs.add(temporal);
                depthMs.add(Math.max(0, frame - temporal) / LEVELS);
                prev = ids.clone();
            }
            List<Double> chunkMs = new ArrayList<>();
            for (int i = 0; i < chunks; i++) {
                long s = System.nanoTime();
                llm.generate(enc, settings, i, null);
                chunkMs.add((System.nanoTime() - s) / 1e6);
            }
            boolean bf16 = precision == Precision.BF16;
            double bytes = bf16 ? 2 : 4;   // per weight and per cross-attention key/value (the kernels store both in bf16)
            double stream = bf16 ? limits.streamBf16Gbps() : limits.streamF32Gbps();
            Samples e = Samples.of(encMs), tm = Samples.of(tempMs), dm = Samples.of(depthMs);
            return new Report(name, size, c, restrictToLevel, precision, precision == Precision.F32 ? mrtbox.inference.tf.TfSessions.intraOpThreads() : threads, loadMs,
                    new Part("encoder", e, encoderFlops(c) / (e.medianMs() * 1e6), "GFLOP/s", limits.matmulGflops()),
                    new Part("temporal step", tm, bytes * temporalReads(c) / (tm.medianMs() * 1e6), "GB/s", stream),
                    new Part("depth step", dm, bytes * depthStepReads(c, restrictToLevel) / (dm.medianMs() * 1e6), "GB/s", stream),
                    Samples.of(frameMs), Samples.of(chunkMs));
        }
    }

    /** Multiply-adds x 2 of one encoder call (2 rows x 1006 ids), attention included; cross K/V projections too. */
    static double encoderFlops(MrtV1Config c) {
        double n = 2.0 * ENCODER_LENGTH, d = c.dModel(), a = c.attentionWidth(), f = c.mlpDim();
        double perLayer = 2 * n * (4 * d * a + 3 * d * f) + 2 * 2 * n * ENCODER_LENGTH * a;
        return c.encoderLayers() * perLayer + c.temporalLayers() * 2 * n * 2 * d * a;
    }

    /**
     * Values one temporal step reads once whatever the rows: its weights (self-attention Q/K/V/out, cross-attention
     * Q/out, MLP) and both rows' cross-attention keys and values (2 x 1006 x width per layer each); the self-attention
     * caches (at most 50 positions) are not counted.
     */
    static double temporalReads(MrtV1Config c) {
        double d = c.dModel(), a = c.attentionWidth(), f = c.mlpDim();
        return c.temporalLayers() * (6 * d * a + 3 * d * f + 2.0 * DepthformerGraph.BATCH * ENCODER_LENGTH * a);
    }

    /** Weights one depth step reads: its layers and the logit rows it computes (one level's 1024 or all). */
    static double depthStepReads(MrtV1Config c, boolean restricted) {
        double d = c.dModel(), a = c.attentionWidth(), f = c.mlpDim();
        return c.depthLayers() * (4 * d * a + 3 * d * f) + d * (restricted ? CODEBOOK : c.vocabSize());
    }
}
