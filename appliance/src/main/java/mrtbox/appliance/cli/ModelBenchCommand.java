package mrtbox.appliance.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import mrtbox.inference.bench.MachineLimits;
import mrtbox.inference.kernel.Precision;
import mrtbox.inference.mrtv1.MrtV1Benchmark;
import mrtbox.inference.mrtv1.MrtV1Config;
import mrtbox.inference.mrtv1.MrtV1Models;
import mrtbox.inference.tf.TfSessions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mrtbox bench model}: the machine's limits measured in this JVM (as {@code bench mrt2} does), then the MRT v1
 * LLM with random weights at tiny-v1 and the released sizes, per engine: the encoder (GFLOP/s, % of the matmul peak),
 * the temporal and depth steps (GB/s, % of the streaming limit of the engine's storage), the frame, whole chunks and
 * the real-time factor; last, one RESULT line per configuration.
 */
@Command(name = "model", mixinStandardHelpOptions = true,
        description = "Machine limits, then MRT v1 LLM timings with random weights: encoder, temporal step, depth step (%% of limits), frame, chunk, RTF, RESULT lines.")
public final class ModelBenchCommand implements Callable<Integer> {
    enum Size { tiny, base, large }

    enum Sampling { full, level, both }

    @Option(names = "--model", split = ",", defaultValue = "tiny,base", description = "sizes to measure: tiny, base, large (default: ${DEFAULT-VALUE})")
    List<Size> sizes = new ArrayList<>();

    @Option(names = "--sampling", defaultValue = "both", description = "full (reference, all 29824 logits), level (current level only), both")
    Sampling sampling;

    @Option(names = "--frames", defaultValue = "10", description = "frames timed after warm-up (default: ${DEFAULT-VALUE})")
    int frames;

    @Option(names = "--chunks", defaultValue = "1", description = "whole chunks timed end to end (default: ${DEFAULT-VALUE})")
    int chunks;

    @Option(names = "--precision", split = ",", defaultValue = "bf16",
            description = "LLM engines: bf16 (decoder on the Java kernels, playback), f32 (TensorFlow graph, conformance) (default: ${DEFAULT-VALUE})")
    List<String> precisions = new ArrayList<>();

    @Option(names = "--llm-threads", defaultValue = "0", description = "threads of the bf16 decoder kernels (0 = every core)")
    int llmThreads;

    @Option(names = "--limit-reps", defaultValue = "10", description = "timed runs per limit series (default: ${DEFAULT-VALUE})")
    int limitReps;

    @Override
    public Integer call() throws Exception {
        if (frames < 1 || frames > 1_000) throw new UserError("--frames must be 1..1000");
        if (chunks < 1 || chunks > 100) throw new UserError("--chunks must be 1..100");
        if (limitReps < 1 || limitReps > 1_000) throw new UserError("--limit-reps must be 1..1000");
        if (llmThreads < 0 || llmThreads > 256) throw new UserError("--llm-threads must be 0..256");
        List<Precision> engines = BenchCommand.precisions(precisions);
        int threads = llmThreads == 0 ? Runtime.getRuntime().availableProcessors() : llmThreads;
        System.out.println("cores " + Runtime.getRuntime().availableProcessors() + ", TF intra-op threads " + TfSessions.intraOpThreads() + ", LLM kernel threads " + threads);
        MachineLimits.Limits limits = MachineLimits.measure(limitReps);
        limits.lines().forEach(System.out::println);
        List<String> results = new ArrayList<>();
        for (Size size : sizes) {
            MrtV1Config c = switch (size) {
                case tiny -> MrtV1Models.tinyConfig();
                case base -> MrtV1Config.base();
                case large -> MrtV1Config.large();
            };
            String name = size == Size.tiny ? "tiny-v1" : "mrt-v1-" + size;
            for (Precision engine : engines) {
                for (boolean restricted : new boolean[] {false, true}) {
                    if (restricted ? sampling == Sampling.full : sampling == Sampling.level) continue;
                    MrtV1Benchmark.Report r = MrtV1Benchmark.run(name, size.name(), c, restricted, frames, chunks, limits, engine, threads);
                    r.lines().forEach(System.out::println);
                    results.add(r.resultLine());
                }
            }
        }
        results.forEach(System.out::println);   // last: what a script reads
        return 0;
    }
}
