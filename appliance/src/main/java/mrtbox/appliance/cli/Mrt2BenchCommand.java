package mrtbox.appliance.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import mrtbox.inference.bench.MachineLimits;
import mrtbox.inference.codec.SpectroStreamDecoder;
import mrtbox.inference.codec.WeightStorage;
import mrtbox.inference.kernel.Precision;
import mrtbox.inference.mrt2.Mrt2Benchmark;
import mrtbox.inference.mrt2.Mrt2Config;
import mrtbox.inference.mrt2.Mrt2Models;
import mrtbox.inference.tf.TfSessions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mrtbox bench mrt2}: the machine's limits measured in this JVM (matrix-vector streaming bandwidth in f32 and bf16
 * through TF Java and the Vector API kernel, TF's f32 matmul peak), then one MRT2 frame with random weights at
 * tiny-mrt2 and the released sizes, batch 1 (tokens-only guidance) and batch 3 (true CFG): each part's median and p99
 * with its share of the matching limit, sequential frame and pipelined period; last, one RESULT line per batch.
 */
@Command(name = "mrt2", mixinStandardHelpOptions = true,
        description = "Machine limits, then MRT2 frame timings with random weights: parts, %% of limits, sequential and pipelined frame, RESULT lines.")
public final class Mrt2BenchCommand implements Callable<Integer> {
    enum Size { tiny, small, base }

    enum Batch { one, three, both }

    @Option(names = "--model", split = ",", defaultValue = "tiny,small", description = "sizes: tiny, small, base (default: ${DEFAULT-VALUE})")
    List<Size> sizes = new ArrayList<>();

    @Option(names = "--batch", defaultValue = "both", description = "one (tokens-only guidance), three (true CFG), both")
    Batch batch;

    @Option(names = "--frames", defaultValue = "20", description = "frames timed after warm-up (default: ${DEFAULT-VALUE})")
    int frames;

    @Option(names = "--limit-reps", defaultValue = "20", description = "timed runs per limit series (default: ${DEFAULT-VALUE})")
    int limitReps;

    @Option(names = "--precision", split = ",", defaultValue = "bf16",
            description = "LLM engines: bf16 (Java kernels, playback), f32 (TensorFlow graph, conformance); RESULT lines come from the first (default: ${DEFAULT-VALUE})")
    List<String> precisions = new ArrayList<>();

    @Option(names = "--llm-threads", defaultValue = "0", description = "threads of the bf16 LLM kernels (0 = every core)")
    int llmThreads;

    @Option(names = "--codec-threads", defaultValue = "0", description = "intra-op threads of the codec session (0 = what playback uses: half the cores, at least 1)")
    int codecThreads;

    @Option(names = "--codec-precision", defaultValue = "bf16",
            description = "codec compute: bf16 (playback, with the bf16 LLM) or f32 (conformance) (default: ${DEFAULT-VALUE})")
    String codecPrecision;

    @Override
    public Integer call() throws Exception {
        if (frames < 1 || frames > 10_000) throw new UserError("--frames must be 1..10000");
        if (limitReps < 1 || limitReps > 1_000) throw new UserError("--limit-reps must be 1..1000");
        int cores = Runtime.getRuntime().availableProcessors();
        if (llmThreads < 0 || llmThreads > 256 || codecThreads < 0 || codecThreads > 256) throw new UserError("--llm-threads and --codec-threads must be 0..256");
        List<Precision> engines = BenchCommand.precisions(precisions);
        WeightStorage codecStorage;
        try {
            codecStorage = WeightStorage.parse(codecPrecision);
        } catch (IllegalArgumentException e) {
            throw new UserError("--codec-precision: " + e.getMessage());
        }
        int llmT = llmThreads == 0 ? cores : llmThreads, codecT = codecThreads == 0 ? Mrt2Models.codecThreads() : codecThreads;
        System.out.println("cores " + Runtime.getRuntime().availableProcessors() + ", TF intra-op threads " + TfSessions.intraOpThreads());
        MachineLimits.Limits limits = MachineLimits.measure(limitReps);
        limits.lines().forEach(System.out::println);
        List<String> results = new ArrayList<>();
        System.out.println("LLM kernel threads " + llmT + ", codec threads " + codecT + ", codec in " + codecStorage);
        try (SpectroStreamDecoder codec = Mrt2Benchmark.realCodec(codecT, codecStorage)) {
            for (Size size : sizes) {
                Mrt2Config c = switch (size) {
                    case tiny -> Mrt2Config.tiny();
                    case small -> Mrt2Config.small();
                    case base -> Mrt2Config.base();
                };
                String name = size == Size.tiny ? "tiny-mrt2" : "mrt2-" + size;
                for (Precision engine : engines) {
                    for (boolean trueCfg : new boolean[] {false, true}) {
                        if (trueCfg ? batch == Batch.one : batch == Batch.three) continue;
                        Mrt2Benchmark.Report r = Mrt2Benchmark.run(name, size.name(), c, trueCfg, frames, codec, limits, engine, llmT);
                        r.lines().forEach(System.out::println);
                        if (engine == engines.get(0)) results.add(r.resultLine());
                    }
                }
            }
        }
        results.forEach(System.out::println);   // last, one per batch: what a script reads
        return 0;
    }
}
