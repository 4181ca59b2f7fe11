package mrtbox.appliance.cli;

import java.util.List;
import java.util.concurrent.Callable;
import mrtbox.inference.codec.CodecBenchmark;
import mrtbox.inference.codec.SpectroStreamConfig;
import mrtbox.inference.codec.WeightStorage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mrtbox bench codec}: SpectroStream decode per 40 ms frame (streaming) and per 2 s chunk (whole sequence),
 * and whole-clip encode (prefill).
 */
@Command(name = "codec", mixinStandardHelpOptions = true,
        description = "SpectroStream timings with random weights per decoder thread count: decode streaming per frame (with per-layer times) and whole per 2 s chunk, encode per clip; GFLOP/s and % of the matmul peak measured in the same run.")
public final class CodecBenchCommand implements Callable<Integer> {
    enum Size { real, tiny }

    @Option(names = "--size", defaultValue = "real", description = "codec size: real (the released codec's dims) or tiny")
    Size size;

    @Option(names = "--steps", defaultValue = "100", description = "streaming single-frame steps to time")
    int steps;

    @Option(names = "--threads", defaultValue = "1,2", split = ",", description = "decoder intra-op thread counts to measure, e.g. 1,2")
    List<Integer> threads;

    @Option(names = "--storage", defaultValue = "f32,bf16", split = ",", description = "input-layer weight storages to measure at each thread count: f32, bf16")
    List<String> storage;

    @Option(names = "--traced-steps", defaultValue = "10", description = "traced single-frame steps for the per-layer breakdown (0: none)")
    int tracedSteps;

    @Option(names = "--chunks", defaultValue = "5", description = "whole-sequence 51-frame chunks to time")
    int chunks;

    @Option(names = "--piece", defaultValue = "8", description = "frames per graph call in whole-sequence mode")
    int piece;

    @Option(names = "--encode-clips", defaultValue = "3", description = "whole-clip encodes to time (0: skip the encoder)")
    int encodeClips;

    @Option(names = "--encode-seconds", defaultValue = "10", description = "length of each encoded clip in seconds")
    double encodeSeconds;

    @Override
    public Integer call() throws Exception {
        if (steps < 1 || chunks < 1 || piece < 1) throw new UserError("--steps, --chunks and --piece must be positive");
        if (tracedSteps < 0) throw new UserError("--traced-steps must be >= 0");
        if (threads.isEmpty() || threads.stream().anyMatch(n -> n < 1)) throw new UserError("--threads takes positive thread counts, e.g. 1,2");
        if (encodeClips < 0 || !(encodeSeconds > 0)) throw new UserError("--encode-clips must be >= 0 and --encode-seconds positive");
        List<WeightStorage> storages;
        try {
            storages = storage.stream().map(WeightStorage::parse).toList();
        } catch (IllegalArgumentException e) {
            throw new UserError("--storage: " + e.getMessage());
        }
        SpectroStreamConfig config = size == Size.real ? SpectroStreamConfig.real() : SpectroStreamConfig.tiny();
        CodecBenchmark.Report r = CodecBenchmark.run(config, threads, storages, steps, tracedSteps, chunks, piece, encodeClips, encodeSeconds,
                msg -> System.err.println("bench: " + msg));
        r.lines().forEach(System.out::println);
        return 0;
    }
}
