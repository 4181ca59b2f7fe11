package mrtbox.inference.mrt2;

import static mrtbox.inference.mrt2.Mrt2Vocab.LEVELS;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import mrtbox.inference.bench.MachineLimits;
import mrtbox.inference.bench.Part;
import mrtbox.inference.bench.Samples;
import mrtbox.inference.codec.CodecBenchmark;
import mrtbox.inference.codec.SpectroStreamConfig;
import mrtbox.inference.codec.SpectroStreamDecoder;
import mrtbox.inference.codec.WeightStorage;
import mrtbox.inference.kernel.Precision;
import mrtbox.inference.model.NoteFrame;

/**
 * Measures one MRT2 frame with random weights at a given size and batch, next to the machine's limits measured in the
 * same JVM ({@link MachineLimits}): per part (encoder, temporal step, 12 depth steps with sampling, the real-size
 * SpectroStream decoder step) median and p99 ms, the achieved GB/s (LLM parts: weight and KV bytes read) or GFLOP/s
 * (codec) and its percentage of the matching limit (f32 streaming bandwidth; f32 matmul peak); then the sequential
 * frame (LLM then codec on one thread) and the pipelined period (codec of frame n on a second thread while the LLM
 * computes frame n + 1). A benchmark, not a test: it prints what it measured on this machine.
 */
public final class Mrt2Benchmark {
    public record Report(String name, String size, int batch, Precision precision, int llmThreads, double loadMs, Samples encoder, Part temporal, Part depth, Part llm, Part codec,
                         WeightStorage codecStorage,
                         Samples frame, Samples pipelined, MachineLimits.Limits limits) {
        public double realTimeFactor() {
            return 40.0 / frame.medianMs();
        }

        public List<String> lines() {
            List<String> out = new ArrayList<>();
            out.add(String.format(Locale.ROOT, "%s batch %d, %s %s, %d LLM threads (load %.0f ms)", name, batch, precision.word(),
                    precision == Precision.F32 ? "TensorFlow graph" : "Java kernels", llmThreads, loadMs));
            out.add(String.format(Locale.ROOT, "  %-15s median %7.2f ms p99 %7.2f ms (its reads are not counted)",
                    "encoder", encoder.medianMs(), encoder.p99Ms()));
            for (Part p : List.of(temporal, depth, llm)) out.add("  " + p.line());
            out.add("  " + codec.line() + (codecStorage == WeightStorage.BF16
                    ? String.format(Locale.ROOT, " f32 | %3.0f%% of %.1f bf16 (codec in bf16)", 100 * codec.rate() / limits.matmulBf16Gflops(), limits.matmulBf16Gflops())
                    : " f32 (codec in f32)"));
            out.add(String.format(Locale.ROOT, "  frame sequential median %7.2f ms p99 %7.2f ms (RTF %.2f) | pipelined period median %7.2f ms p99 %7.2f ms (RTF %.2f)",
                    frame.medianMs(), frame.p99Ms(), realTimeFactor(), pipelined.medianMs(), pipelined.p99Ms(), 40.0 / pipelined.medianMs()));
            return out;
        }

        /**
         * The line a script reads (issue 22 item 8): medians; stream_gbps (the streaming limit of this precision's
         * weights: bf16 or f32) and matmul_gflops are this run's limits.
         */
        public String resultLine() {
            return String.format(Locale.ROOT,
                    "RESULT mrt2 size=%s batch=%d llm_ms=%.1f codec_ms=%.1f frame_ms=%.1f pipelined_ms=%.1f stream_gbps=%.1f llm_pct=%.0f matmul_gflops=%.0f codec_pct=%.0f",
                    size, batch, llm.ms().medianMs(), codec.ms().medianMs(), frame.medianMs(), pipelined.medianMs(),
                    llm.limit(), llm.pct(), limits.matmulGflops(), codec.pct());
        }
    }

    private Mrt2Benchmark() {}

    /** The real-size SpectroStream decoder with random weights (every size is measured with it), in {@code storage}. */
    public static SpectroStreamDecoder realCodec(int threads, WeightStorage storage) throws IOException {
        return new SpectroStreamDecoder(mrtbox.inference.codec.SpectroStreamWeights.random(SpectroStreamConfig.real(), 1L), threads, storage);
    }

    /**
     * @param precision  f32: the TensorFlow graph engine; bf16: the Java kernel engine
     * @param llmThreads the kernel engine's threads (the graph engine uses TF's intra-op count)
     */
    public static Report run(String name, String size, Mrt2Config c, boolean trueCfg, int frames, SpectroStreamDecoder codec,
                             MachineLimits.Limits limits, Precision precision, int llmThreads) throws IOException {
        long t0 = System.nanoTime();
        ExecutorService codecThread = Executors.newSingleThreadExecutor(r -> new Thread(r, "bench-codec"));
        try (Mrt2Llm llm = precision == Precision.F32 ? Mrt2GraphLlm.load(Mrt2Models.randomWeights(c, 1L), c, trueCfg, 0)
                : Mrt2KernelLlm.load(Mrt2Models.randomWeights(c, 1L), c, trueCfg, llmThreads)) {
            double loadMs = (System.nanoTime() - t0) / 1e6;
            int[] pos = NoteConditioning.DEFAULT.positive(new int[] {325, 98, 979, 657, 802, 453}, NoteFrame.SILENT);
            int[][] cond = trueCfg ? new int[][] {pos, NoteConditioning.styleMasked(pos), NoteConditioning.notesMasked(pos)} : new int[][] {pos};
            Mrt2Sampling s = new Mrt2Sampling(1.1f, 50, 1.6f, 2.4f, 4.0f);
            int[] ids = new int[LEVELS];
            int[][] codes = new int[1][LEVELS];
            for (int i = 0; i < 3; i++) {   // warm-up
                llm.step(cond, s, 1L, null, ids, null);
                codec.step(codesOf(ids, codes));
            }
            List<Double> enc = new ArrayList<>(), temp = new ArrayList<>(), depth = new ArrayList<>(), whole = new ArrayList<>(),
                    cod = new ArrayList<>(), frame = new ArrayList<>(), piped = new ArrayList<>();
            for (int i = 0; i < frames; i++) {
                long a = System.nanoTime();
                llm.step(cond, s, 1L, null, ids, null);
                long b = System.nanoTime();
                codec.step(codesOf(ids, codes));
                long c2 = System.nanoTime();
                double wholeMs = (b - a) / 1e6, encMs, tempMs;   // tempMs: encoder + temporal step
                if (llm instanceof Mrt2GraphLlm graph) {
                    long d0 = System.nanoTime();
                    graph.runPart(false);
                    long e = System.nanoTime();
                    graph.runPart(true);
                    long f = System.nanoTime();
                    encMs = (e - d0) / 1e6;
                    tempMs = (f - e) / 1e6;
                } else {
                    Mrt2KernelLlm k = (Mrt2KernelLlm) llm;
                    encMs = k.lastEncoderNanos() / 1e6;
                    tempMs = k.lastTemporalNanos() / 1e6;
                }
                whole.add(wholeMs);
                cod.add((c2 - b) / 1e6);
                frame.add((c2 - a) / 1e6);
                enc.add(encMs);
                temp.add(Math.max(0, tempMs - encMs));
                depth.add(Math.max(0, wholeMs - tempMs));
            }
            for (int i = -1; i < frames; i++) {   // codec of the previous frame beside the LLM of this one
                long a = System.nanoTime();
                int[][] previous = {ids.clone()};
                Future<float[]> audio = codecThread.submit(() -> codec.step(codesOf(previous[0], previous)));
                llm.step(cond, s, 1L, null, ids, null);
                join(audio);
                if (i >= 0) piped.add((System.nanoTime() - a) / 1e6);
            }
            int rows = llm.batch();
            boolean bf16 = precision == Precision.BF16;
            double stream = bf16 ? limits.streamBf16Gbps() : limits.streamF32Gbps(), peak = limits.matmulGflops();
            Samples encS = Samples.of(enc), tempS = Samples.of(temp), depthS = Samples.of(depth), llmS = Samples.of(whole), codS = Samples.of(cod);
            double wb = bf16 ? 2.0 : 4.0;   // weight bytes per parameter; the KV rings stay f32
            double tempBytes = wb * temporalWeights(c) + 4.0 * rows * temporalKvFloats(c), depthBytes = wb * depthMacsPerRow(c);
            double gflop = 2 * CodecBenchmark.decoderMacsPerFrame(SpectroStreamConfig.real()) / 1e9;
            return new Report(name, size, rows, precision, llmThreads, loadMs,
                    encS,
                    new Part("temporal", tempS, tempBytes / (tempS.medianMs() * 1e6), "GB/s", stream),
                    new Part("12 depth steps", depthS, depthBytes / (depthS.medianMs() * 1e6), "GB/s", stream),
                    new Part("llm", llmS, (tempBytes + depthBytes) / (llmS.medianMs() * 1e6), "GB/s", stream),
                    new Part("codec", codS, gflop / (codS.medianMs() / 1e3), "GFLOP/s", peak), codec.storage(),
                    Samples.of(frame), Samples.of(piped), limits);
        } finally {
            codecThread.shutdownNow();
        }
    }

    private static int[][] codesOf(int[] ids, int[][] into) {
        into[0] = Mrt2FrameModel.codesOf(ids, into[0]);
        return into;
    }

    private static void join(Future<?> f) {
        try {
            f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("codec step failed", e.getCause());
        }
    }

    /** Multiply-accumulates of one temporal step for one batch row: projections, FFN, attention over W + 1 keys. */
    static double temporalMacsPerRow(Mrt2Config c) {
        return temporalWeights(c) + temporalKvFloats(c);
    }

    /** Temporal weights (each read once per step whatever the batch): projections and FFN. */
    static double temporalWeights(Mrt2Config c) {
        double d = c.dTemporal(), a = c.tWidth();
        return c.tLayers() * (4 * d * a + 2 * c.dEncoder() * a + 2 * d * a + 2 * d * c.tFfn());
    }

    /** Keys and values one row's temporal step reads from its KV rings. */
    static double temporalKvFloats(Mrt2Config c) {
        return c.tLayers() * 2.0 * 2 * (c.window() + 2) * c.tWidth();
    }

    /** Multiply-accumulates of the 12 depth steps for one row, with level-sliced logits (d x 1024 per level). */
    static double depthMacsPerRow(Mrt2Config c) {
        double d = c.dDepth(), a = c.depthWidth();
        double adapter = c.hasDepthAdapter() ? c.dTemporal() * d : 0;
        double perStep = adapter + c.depthLayers() * (4 * d * a + 2 * d * c.depthFfn()) + d * Mrt2Vocab.CODEBOOK;
        return LEVELS * perStep;
    }
}
