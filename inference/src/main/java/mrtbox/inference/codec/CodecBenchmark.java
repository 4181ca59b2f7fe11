package mrtbox.inference.codec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import mrtbox.inference.bench.MatmulPeak;
import mrtbox.inference.tf.TfSessions;

/**
 * Codec timings at a given size with seeded random weights, per intra-op thread count: decode streaming (one 40 ms
 * frame per step, as MRT2) with a per-layer breakdown from traced steps, and whole-sequence (a 2 s MRT v1 chunk: 51
 * frames with the previous chunk's last frame); then whole-clip encode (MRT2 audio prefill). Median and p99, the
 * achieved GFLOP/s from the config's multiply-accumulate counts, and the percentage of the f32 matmul peak measured
 * in the same run at the same thread count ({@link MatmulPeak}: best sample), sampled between the streaming steps (the box may be shared).
 */
public final class CodecBenchmark {
    /** One measured series; {@code pctOfPeak} against the matmul peak of its run (NaN when there is none). */
    public record Series(String name, int runs, double medianMs, double p99Ms, double gflops, double pctOfPeak) {
        @Override
        public String toString() {
            String pct = Double.isNaN(pctOfPeak) ? "" : String.format("  %5.1f%% of peak", pctOfPeak);
            return String.format("%-42s runs %4d  median %8.2f ms  p99 %8.2f ms  %6.1f GFLOP/s%s", name, runs, medianMs, p99Ms, gflops, pct);
        }
    }

    /** One layer scope of a traced streaming step: its multiply-accumulates per frame and mean traced time. */
    public record Layer(String scope, double macs, double ms) {}

    /** Everything measured at one intra-op thread count. */
    public record ThreadRun(int threads, WeightStorage storage, double loadSeconds, double matmulPeakGflops, int matmulSamples, List<Series> series, List<Layer> layers, int tracedSteps) {
        List<String> lines() {
            List<String> out = new ArrayList<>();
            out.add(String.format("threads %d, input-layer weights %s: graph build + weight load %.1f s; f32 matmul peak (1024^3, best of %d samples between the steps) %.1f GFLOP/s",
                    threads, storage, loadSeconds, matmulSamples, matmulPeakGflops));
            series.forEach(s -> out.add("  " + s));
            if (layers.isEmpty()) return out;
            double total = layers.stream().mapToDouble(Layer::ms).sum();
            out.add(String.format("  layers, mean of %d traced steps (tracing adds per-op overhead: %.2f ms in all; read the shares):", tracedSteps, total));
            out.add(String.format("    %-42s %9s %8s %6s %8s %7s", "layer", "MMAC", "ms", "share", "GFLOP/s", "% peak"));
            for (Layer l : layers) {
                double gf = l.ms > 0 ? 2 * l.macs / (l.ms / 1e3) / 1e9 : 0;
                out.add(l.macs > 0
                        ? String.format("    %-42s %9.1f %8.3f %5.1f%% %8.1f %6.1f%%", l.scope, l.macs / 1e6, l.ms, 100 * l.ms / total, gf, 100 * gf / matmulPeakGflops)
                        : String.format("    %-42s %9s %8.3f %5.1f%%", l.scope, "-", l.ms, 100 * l.ms / total));
            }
            return out;
        }
    }

    public record Report(SpectroStreamConfig config, double gmacPerFrame, List<ThreadRun> runs, double encoderLoadSeconds, List<Series> encoder) {
        public List<String> lines() {
            List<String> out = new ArrayList<>();
            out.add(String.format("codec %s, random weights, %d cores", config, Runtime.getRuntime().availableProcessors()));
            // TF gives every session of the process the first session's intra-op pool unless this is set (read natively)
            boolean ownPools = "1".equals(System.getenv("TF_OVERRIDE_GLOBAL_THREADPOOL")) || "true".equalsIgnoreCase(System.getenv("TF_OVERRIDE_GLOBAL_THREADPOOL"));
            out.add(ownPools ? "TF_OVERRIDE_GLOBAL_THREADPOOL set: each decoder has its own intra-op pool of the thread count shown"
                    : "TF_OVERRIDE_GLOBAL_THREADPOOL unset: every decoder shares the first TF session's intra-op pool; the thread counts below are not what they say (./mrtbox sets it)");
            out.add(String.format("decoder %.3f GMAC per 40 ms frame (%.2f GFLOP)", gmacPerFrame, 2 * gmacPerFrame));
            runs.forEach(r -> out.addAll(r.lines()));
            if (encoderLoadSeconds >= 0) {
                double e = encoderMacsPerFrame(config) / 1e9;
                out.add(String.format("encoder %.3f GMAC per 40 ms frame (%.1f GFLOP), %d parameters, TF intra-op threads %d; graph build + weight load %.1f s",
                        e, 2 * e, SpectroStreamEncoderWeights.parameterCount(config), TfSessions.intraOpThreads(), encoderLoadSeconds));
                encoder.forEach(s -> out.add("  " + s));
            }
            return out;
        }
    }

    private CodecBenchmark() {}

    /**
     * @param threads intra-op thread counts to measure the decoder at (a decoder is built for each)
     * @param storages input-layer weight storages to measure at each thread count
     * @param streamSteps single-frame steps to time (after warm-up)
     * @param tracedSteps further single-frame steps traced for the per-layer breakdown (0: none)
     * @param wholeChunks 51-frame whole-sequence decodes to time
     * @param wholePieceFrames frames per graph call in whole-sequence mode
     * @param encodeClips whole-clip encodes to time (0: no encoder timing)
     * @param encodeSeconds length of each encoded clip
     */
    public static Report run(SpectroStreamConfig config, List<Integer> threads, List<WeightStorage> storages, int streamSteps, int tracedSteps, int wholeChunks,
                             int wholePieceFrames, int encodeClips, double encodeSeconds, Consumer<String> progress) throws Exception {
        double gmac = decoderMacsPerFrame(config) / 1e9;
        List<ThreadRun> runs = new ArrayList<>();
        for (int n : threads) {
            for (WeightStorage st : storages) runs.add(decoderRun(config, n, st, streamSteps, tracedSteps, wholeChunks, wholePieceFrames, gmac, progress));
        }
        double encoderLoad = -1;
        List<Series> encoder = new ArrayList<>();
        if (encodeClips > 0) {
            progress.accept("encoder: " + encodeClips + " clips of " + encodeSeconds + " s");
            long e0 = System.nanoTime();
            try (SpectroStreamEncoder enc = new SpectroStreamEncoder(SpectroStreamEncoderWeights.random(config, 1))) {
                encoderLoad = (System.nanoTime() - e0) / 1e9;
                SplittableRandom r = new SplittableRandom(6);
                float[] clip = new float[(int) Math.round(encodeSeconds * config.sampleRate) * config.audioChannels];
                for (int i = 0; i < clip.length; i++) clip[i] = (float) (0.2 * r.nextGaussian());
                int frames = enc.frames(clip.length / config.audioChannels);
                enc.encode(clip, config.sampleRate, 12);
                double[] ms = new double[encodeClips];
                for (int i = 0; i < encodeClips; i++) {
                    long s = System.nanoTime();
                    enc.encode(clip, config.sampleRate, 12);
                    ms[i] = (System.nanoTime() - s) / 1e6;
                }
                encoder.add(series(String.format("encode %.1f s clip (%d frames, 12 levels)", encodeSeconds, frames), ms,
                        encoderMacsPerFrame(config) / 1e9 * frames, Double.NaN));
                // audio injection's per-step encodes: MRT v1 encodes 66 frames (a 2 s chunk + 16 prefix) at 16 levels
                // once per chunk; MRT2 encodes 41 frames (a 25-frame block + 16 prefix) at 12 levels once per block
                encoder.add(timeEncode(enc, 66, 16, encodeClips, "inject v1: 66 frames, 16 levels (per 2 s chunk)"));
                encoder.add(timeEncode(enc, 41, 12, encodeClips, "inject mrt2: 41 frames, 12 levels (per 1 s)"));
            }
        }
        return new Report(config, gmac, runs, encoderLoad, encoder);
    }

    private static ThreadRun decoderRun(SpectroStreamConfig config, int threads, WeightStorage storage, int streamSteps, int tracedSteps, int wholeChunks,
                                        int wholePieceFrames, double gmac, Consumer<String> progress) throws Exception {
        progress.accept("building " + config + " with random weights, " + threads + " intra-op thread(s), input layer " + storage);
        long t0 = System.nanoTime();
        try (SpectroStreamDecoder dec = new SpectroStreamDecoder(SpectroStreamWeights.random(config, 1), threads, storage);
             MatmulPeak peak = new MatmulPeak(MatmulPeak.N, threads)) {
            double loadSeconds = (System.nanoTime() - t0) / 1e9;
            dec.wholePieceFrames(wholePieceFrames);
            SplittableRandom r = new SplittableRandom(5);
            progress.accept("streaming: " + streamSteps + " single-frame steps, the matmul peak sampled between them");
            for (int i = 0; i < 5; i++) dec.step(randomCodes(r, 1, 12));
            peak.sample();
            double[] stream = new double[streamSteps];
            for (int i = 0; i < streamSteps; i++) {
                int[][] frame = randomCodes(r, 1, 12);
                long s = System.nanoTime();
                dec.step(frame);
                stream[i] = (System.nanoTime() - s) / 1e6;
                if (i % 5 == 4) peak.sample();
            }
            double peakGflops = peak.gflops();
            List<Series> series = new ArrayList<>();
            series.add(series("stream, 1 frame (40 ms)", stream, gmac, peakGflops));
            List<Layer> layers = layers(dec, config, r, tracedSteps);
            progress.accept("whole sequence: " + wholeChunks + " chunks of 51 frames");
            dec.decode(randomCodes(r, 51, 16));
            double[] whole = new double[wholeChunks];
            for (int i = 0; i < wholeChunks; i++) {
                int[][] chunk = randomCodes(r, 51, 16);
                long s = System.nanoTime();
                dec.decode(chunk);
                whole[i] = (System.nanoTime() - s) / 1e6;
            }
            series.add(series("whole, 51 frames (2 s chunk), pieces of " + wholePieceFrames, whole, gmac * 51, peakGflops));
            return new ThreadRun(threads, storage, loadSeconds, peakGflops, peak.samples(), series, layers, tracedSteps);
        }
    }

    /** Mean traced time per layer scope over {@code steps} single-frame steps, in the order of the MAC count. */
    private static List<Layer> layers(SpectroStreamDecoder dec, SpectroStreamConfig c, SplittableRandom r, int steps) {
        if (steps == 0) return List.of();
        Map<String, Long> us = new LinkedHashMap<>();
        for (int i = 0; i < steps; i++) {
            dec.stepEmbeddingsTraced(dec.dequantize(randomCodes(r, 1, 12)), 1).forEach((k, v) -> us.merge(k, v, Long::sum));
        }
        Map<String, Double> macs = decoderLayerMacs(c);
        List<Layer> out = new ArrayList<>();
        macs.forEach((k, m) -> out.add(new Layer(k, m, us.getOrDefault(k, 0L) / 1e3 / steps)));
        us.keySet().stream().filter(k -> !macs.containsKey(k)).sorted().forEach(k -> out.add(new Layer(k, 0, us.get(k) / 1e3 / steps)));
        return out;
    }

    /**
     * Multiply-accumulates per codec frame of the encoder, per layer: the STFT matmul, the base conv and each residual
     * unit's 3x3 (at its input positions), strided conv and 1x1 shortcut (at its output positions), grouped layers
     * once per group, and the output convs. RVQ (64x1024x256 per frame at most) is not counted.
     */
    public static double encoderMacsPerFrame(SpectroStreamConfig c) {
        double rate = c.timeStride(); // time positions per codec frame at the current layer
        double f = c.numBins;
        double macs = rate * c.audioChannels * (double) c.fftLength * c.fftLength;
        macs += c.channelSplits * rate * f * c.baseConvSize * c.baseConvSize * (c.numChannels / (double) c.channelSplits) * c.encoderBaseChannels;
        for (SpectroStreamConfig.EncoderBlock b : c.encoderBlocks()) {
            double g = b.grouped() ? c.channelSplits : 1;
            double inPos = rate * f;
            double outPos = inPos / (b.strideTime() * b.strideFreq());
            double m = inPos * 9.0 * b.inChannels() * b.inChannels() + outPos * b.kernelTime() * b.kernelFreq() * b.inChannels() * b.outChannels();
            if (b.inChannels() != b.outChannels()) m += outPos * b.inChannels() * b.outChannels();
            macs += g * m;
            rate /= b.strideTime();
            f /= b.strideFreq();
        }
        double flat = f * c.encoderTopChannels();
        macs += 2 * flat * c.latentDim + flat * flat;
        return macs;
    }

    private static Series timeEncode(SpectroStreamEncoder enc, int frames, int levels, int runs, String name) {
        SpectroStreamConfig c = enc.config();
        SplittableRandom r = new SplittableRandom(7);
        float[] clip = new float[frames * c.samplesPerFrame() * c.audioChannels];
        for (int i = 0; i < clip.length; i++) clip[i] = (float) (0.2 * r.nextGaussian());
        enc.encode(clip, c.sampleRate, levels);
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            long s = System.nanoTime();
            enc.encode(clip, c.sampleRate, levels);
            ms[i] = (System.nanoTime() - s) / 1e6;
        }
        return series(name, ms, encoderMacsPerFrame(c) / 1e9 * frames, Double.NaN);
    }

    private static int[][] randomCodes(SplittableRandom r, int frames, int levels) {
        int[][] c = new int[frames][levels];
        for (int[] f : c) for (int k = 0; k < levels; k++) f[k] = r.nextInt(1024);
        return c;
    }

    private static Series series(String name, double[] ms, double gmacPerRun, double peakGflops) {
        double[] s = ms.clone();
        Arrays.sort(s);
        double median = s[s.length / 2];
        double p99 = s[Math.min(s.length - 1, (int) Math.ceil(0.99 * s.length) - 1)];
        double gflops = 2 * gmacPerRun / (median / 1e3);
        return new Series(name, s.length, median, p99, gflops, 100 * gflops / peakGflops);
    }

    /** Multiply-accumulates per codec frame of the streaming decoder: the sum of {@link #decoderLayerMacs}. */
    public static double decoderMacsPerFrame(SpectroStreamConfig c) {
        return decoderLayerMacs(c).values().stream().mapToDouble(Double::doubleValue).sum();
    }

    /**
     * Multiply-accumulates per codec frame of the streaming decoder by layer scope (the graph's op scopes): input
     * layer and residual unit at the frame rate, each transposed conv over its input positions, 3x3 and 1x1 convs
     * over their positions, the output conv, and the inverse-DFT matmul; grouped layers once per group.
     */
    static Map<String, Double> decoderLayerMacs(SpectroStreamConfig c) {
        Map<String, Double> m = new LinkedHashMap<>();
        double wide = c.bottomBins() * (double) c.coreChannels();
        double core = c.coreChannels();
        m.put("input_layer", 2 * c.latentDim * wide + wide * wide); // Java (InputLayer): first and b1 fused, then b2
        m.put("input_layers_residual_unit/conv2d_3x3_a", c.bottomBins() * 9.0 * core * core);
        m.put("input_layers_residual_unit/conv2d_3x3", c.bottomBins() * 9.0 * core * core);
        double rate = 1; // time positions per codec frame at the current layer
        double f = c.bottomBins();
        for (SpectroStreamConfig.DecoderBlock b : c.decoderBlocks()) {
            double g = b.grouped() ? c.channelSplits : 1;
            double inPos = rate * f;
            double outPos = inPos * b.strideTime() * b.strideFreq();
            m.put(SpectroStreamWeights.transposedName(b), g * inPos * b.kernelTime() * b.kernelFreq() * b.inChannels() * b.outChannels());
            m.put(b.name() + "/conv2d_3x3", g * outPos * 9.0 * b.outChannels() * b.outChannels());
            if (b.inChannels() != b.outChannels()) m.put(b.name() + "/conv1x1", g * inPos * b.inChannels() * b.outChannels());
            rate *= b.strideTime();
            f *= b.strideFreq();
        }
        m.put("output_layer/base_conv_last", c.channelSplits * rate * f * c.baseConvSize * c.baseConvSize * c.baseChannels
                * (c.numChannels / (double) c.channelSplits));
        m.put("istft", rate * c.audioChannels * (double) c.fftLength * c.fftLength);
        return m;
    }
}
