package mrtbox.inference.codec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import mrtbox.inference.tf.TfSessions;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Codec timings at a given size with seeded random weights: decode streaming (one 40 ms frame per step, as MRT2)
 * and whole-sequence (a 2 s MRT v1 chunk: 51 frames with the previous chunk's last frame), and whole-clip encode
 * (MRT2 audio prefill); median and p99, the achieved GFLOP/s from the config's multiply-accumulate counts, and the
 * in-process TF matmul peak beside them.
 */
public final class CodecBenchmark {
    /** One measured series. */
    public record Series(String name, int runs, double medianMs, double p99Ms, double gflops) {
        @Override
        public String toString() {
            return String.format("%-42s runs %4d  median %8.2f ms  p99 %8.2f ms  %6.1f GFLOP/s", name, runs, medianMs, p99Ms, gflops);
        }
    }

    public record Report(SpectroStreamConfig config, double loadSeconds, double gmacPerFrame, double encoderLoadSeconds,
                         List<Series> series, double matmulPeakGflops, int tfThreads) {
        public List<String> lines() {
            List<String> out = new ArrayList<>();
            out.add(String.format("codec %s, random weights, TF intra-op threads %d", config, tfThreads));
            out.add(String.format("decoder %.3f GMAC per 40 ms frame (%.1f GFLOP); graph build + weight load %.1f s",
                    gmacPerFrame, 2 * gmacPerFrame, loadSeconds));
            if (encoderLoadSeconds >= 0) {
                double e = encoderMacsPerFrame(config) / 1e9;
                out.add(String.format("encoder %.3f GMAC per 40 ms frame (%.1f GFLOP), %d parameters; graph build + weight load %.1f s",
                        e, 2 * e, SpectroStreamEncoderWeights.parameterCount(config), encoderLoadSeconds));
            }
            series.forEach(s -> out.add(s.toString()));
            out.add(String.format("in-process TF matmul peak (1024x1024x1024 f32): %.1f GFLOP/s", matmulPeakGflops));
            return out;
        }
    }

    private CodecBenchmark() {}

    /**
     * @param streamSteps single-frame steps to time (after warm-up)
     * @param wholeChunks 51-frame whole-sequence decodes to time
     * @param wholePieceFrames frames per graph call in whole-sequence mode
     * @param encodeClips whole-clip encodes to time (0: no encoder timing)
     * @param encodeSeconds length of each encoded clip
     */
    public static Report run(SpectroStreamConfig config, int streamSteps, int wholeChunks, int wholePieceFrames, int encodeClips,
                             double encodeSeconds, Consumer<String> progress) throws Exception {
        progress.accept("building " + config + " with random weights");
        long t0 = System.nanoTime();
        List<Series> series = new ArrayList<>();
        double gmac = decoderMacsPerFrame(config) / 1e9;
        double loadSeconds;
        try (SpectroStreamDecoder dec = new SpectroStreamDecoder(SpectroStreamWeights.random(config, 1))) {
            loadSeconds = (System.nanoTime() - t0) / 1e9;
            dec.wholePieceFrames(wholePieceFrames);
            SplittableRandom r = new SplittableRandom(5);
            int[][] frame = new int[1][12];
            progress.accept("streaming: " + streamSteps + " single-frame steps");
            for (int i = 0; i < 5; i++) dec.step(randomCodes(r, 1, 12));
            double[] stream = new double[streamSteps];
            for (int i = 0; i < streamSteps; i++) {
                for (int k = 0; k < 12; k++) frame[0][k] = r.nextInt(config.codebookSize);
                long s = System.nanoTime();
                dec.step(frame);
                stream[i] = (System.nanoTime() - s) / 1e6;
            }
            series.add(series("stream, 1 frame (40 ms)", stream, gmac));
            progress.accept("whole sequence: " + wholeChunks + " chunks of 51 frames");
            int[][] chunk = randomCodes(r, 51, 16);
            dec.decode(chunk);
            double[] whole = new double[wholeChunks];
            for (int i = 0; i < wholeChunks; i++) {
                chunk = randomCodes(r, 51, 16);
                long s = System.nanoTime();
                dec.decode(chunk);
                whole[i] = (System.nanoTime() - s) / 1e6;
            }
            series.add(series("whole, 51 frames (2 s chunk), pieces of " + wholePieceFrames, whole, gmac * 51));
        }
        double encoderLoad = -1;
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
                series.add(series(String.format("encode %.1f s clip (%d frames, 12 levels)", encodeSeconds, frames), ms,
                        encoderMacsPerFrame(config) / 1e9 * frames));
                // audio injection's per-step encodes: MRT v1 encodes 66 frames (a 2 s chunk + 16 prefix) at 16 levels
                // once per chunk; MRT2 encodes 41 frames (a 25-frame block + 16 prefix) at 12 levels once per block
                series.add(timeEncode(enc, 66, 16, encodeClips, "inject v1: 66 frames, 16 levels (per 2 s chunk)"));
                series.add(timeEncode(enc, 41, 12, encodeClips, "inject mrt2: 41 frames, 12 levels (per 1 s)"));
            }
        }
        progress.accept("matmul peak");
        return new Report(config, loadSeconds, gmac, encoderLoad, series, matmulPeak(), TfSessions.intraOpThreads());
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
        return series(name, ms, encoderMacsPerFrame(c) / 1e9 * frames);
    }

    private static int[][] randomCodes(SplittableRandom r, int frames, int levels) {
        int[][] c = new int[frames][levels];
        for (int[] f : c) for (int k = 0; k < levels; k++) f[k] = r.nextInt(1024);
        return c;
    }

    private static Series series(String name, double[] ms, double gmacPerRun) {
        double[] s = ms.clone();
        Arrays.sort(s);
        double median = s[s.length / 2];
        double p99 = s[Math.min(s.length - 1, (int) Math.ceil(0.99 * s.length) - 1)];
        return new Series(name, s.length, median, p99, 2 * gmacPerRun / (median / 1e3));
    }

    /** f32 GFLOP/s of a 1024^3 matmul in a session configured like the codec's, median of 20. */
    static double matmulPeak() {
        int n = 1024;
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            Placeholder<TFloat32> a = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(n, n)));
            Operand<TFloat32> y = tf.linalg.matMul(a, a);
            try (Session s = TfSessions.open(g); TFloat32 in = TFloat32.tensorOf(Shape.of(n, n))) {
                double[] ms = new double[20];
                for (int i = -3; i < ms.length; i++) {
                    long t = System.nanoTime();
                    s.runner().feed(a, in).fetch(y).run().close();
                    if (i >= 0) ms[i] = (System.nanoTime() - t) / 1e6;
                }
                Arrays.sort(ms);
                return 2.0 * n * n * n / (ms[ms.length / 2] / 1e3) / 1e9;
            }
        }
    }

    /**
     * Multiply-accumulates per codec frame of the streaming decoder, counted per layer: input layer and residual
     * unit at the frame rate, each transposed conv over its input positions (scatter form), 3x3 and 1x1 convs over
     * their positions, the output conv, and the inverse-DFT matmul; grouped layers once per group.
     */
    public static double decoderMacsPerFrame(SpectroStreamConfig c) {
        double wide = c.bottomBins() * (double) c.coreChannels();
        double macs = 2 * c.latentDim * wide + wide * wide;
        macs += 2 * c.bottomBins() * 9.0 * c.coreChannels() * c.coreChannels();
        double rate = 1; // time positions per codec frame at the current layer
        double f = c.bottomBins();
        for (SpectroStreamConfig.DecoderBlock b : c.decoderBlocks()) {
            double g = b.grouped() ? c.channelSplits : 1;
            double inPos = rate * f;
            double outPos = inPos * b.strideTime() * b.strideFreq();
            double m = inPos * b.kernelTime() * b.kernelFreq() * b.inChannels() * b.outChannels()
                    + outPos * 9.0 * b.outChannels() * b.outChannels();
            if (b.inChannels() != b.outChannels()) m += inPos * b.inChannels() * b.outChannels();
            macs += g * m;
            rate *= b.strideTime();
            f *= b.strideFreq();
        }
        macs += c.channelSplits * rate * f * c.baseConvSize * c.baseConvSize * c.baseChannels * (c.numChannels / (double) c.channelSplits);
        macs += rate * c.audioChannels * (double) c.fftLength * c.fftLength;
        return macs;
    }
}
