package mrtbox.appliance.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import mrtbox.inference.mrtv1.MrtV1Benchmark;
import mrtbox.inference.mrtv1.MrtV1Config;
import mrtbox.inference.mrtv1.MrtV1Models;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mrtbox bench model}: the MRT v1 LLM with random weights at tiny-v1 and at the released sizes: ms per
 * encoder call, temporal step, depth step, chunk total and real-time factor, with GFLOP/s next to an in-process
 * matmul peak. (Register under {@code bench}'s subcommands.)
 */
@Command(name = "model", mixinStandardHelpOptions = true,
        description = "MRT v1 LLM timings with random weights: encoder, temporal step, depth step, chunk, RTF, GFLOP/s.")
public final class ModelBenchCommand implements Callable<Integer> {
    enum Size { tiny, base, large }

    enum Sampling { full, level, both }

    @Option(names = "--model", split = ",", defaultValue = "tiny,base", description = "sizes to measure: tiny, base, large (default: ${DEFAULT-VALUE})")
    List<Size> sizes = new ArrayList<>();

    @Option(names = "--sampling", defaultValue = "both", description = "full (reference, all 29824 logits), level (current level only), both")
    Sampling sampling;

    @Option(names = "--frames", defaultValue = "5", description = "frames timed after warm-up (default: ${DEFAULT-VALUE})")
    int frames;

    @Override
    public Integer call() throws Exception {
        if (frames < 1 || frames > 49) throw new UserError("--frames must be 1..49");
        System.out.println("cores " + Runtime.getRuntime().availableProcessors() + ", TF intra-op threads " + mrtbox.inference.tf.TfSessions.intraOpThreads());
        for (Size size : sizes) {
            MrtV1Config c = switch (size) {
                case tiny -> MrtV1Models.tinyConfig();
                case base -> MrtV1Config.base();
                case large -> MrtV1Config.large();
            };
            String name = size == Size.tiny ? "tiny-v1" : "mrt-v1-" + size;
            if (sampling != Sampling.level) System.out.println(MrtV1Benchmark.run(name, c, false, frames).line());
            if (sampling != Sampling.full) System.out.println(MrtV1Benchmark.run(name, c, true, frames).line());
        }
        return 0;
    }
}
