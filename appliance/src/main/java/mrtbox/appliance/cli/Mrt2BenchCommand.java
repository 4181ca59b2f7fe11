package mrtbox.appliance.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import mrtbox.inference.mrt2.Mrt2Benchmark;
import mrtbox.inference.mrt2.Mrt2Config;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mrtbox bench mrt2}: one MRT2 frame with random weights at tiny-mrt2 and the released sizes, batch 1
 * (tokens-only guidance) and batch 3 (true CFG): encoder, temporal, 12 depth steps, real-size codec, frame total,
 * RTF against 40 ms, GFLOP/s next to the matmul peak.
 */
@Command(name = "mrt2", mixinStandardHelpOptions = true,
        description = "MRT2 frame timings with random weights: encoder, temporal, 12 depth steps, codec, RTF, GFLOP/s.")
public final class Mrt2BenchCommand implements Callable<Integer> {
    enum Size { tiny, small, base }

    enum Batch { one, three, both }

    @Option(names = "--model", split = ",", defaultValue = "tiny,small", description = "sizes: tiny, small, base (default: ${DEFAULT-VALUE})")
    List<Size> sizes = new ArrayList<>();

    @Option(names = "--batch", defaultValue = "both", description = "one (tokens-only guidance), three (true CFG), both")
    Batch batch;

    @Option(names = "--frames", defaultValue = "20", description = "frames timed after warm-up (default: ${DEFAULT-VALUE})")
    int frames;

    @Override
    public Integer call() throws Exception {
        if (frames < 1 || frames > 10_000) throw new UserError("--frames must be 1..10000");
        System.out.println("cores " + Runtime.getRuntime().availableProcessors() + ", TF intra-op threads " + mrtbox.inference.tf.TfSessions.intraOpThreads());
        double codecMs = Mrt2Benchmark.codecStepMs(frames);
        for (Size size : sizes) {
            Mrt2Config c = switch (size) {
                case tiny -> Mrt2Config.tiny();
                case small -> Mrt2Config.small();
                case base -> Mrt2Config.base();
            };
            String name = size == Size.tiny ? "tiny-mrt2" : "mrt2-" + size;
            if (batch != Batch.three) System.out.println(Mrt2Benchmark.run(name, c, false, frames, codecMs).line());
            if (batch != Batch.one) System.out.println(Mrt2Benchmark.run(name, c, true, frames, codecMs).line());
        }
        return 0;
    }
}
