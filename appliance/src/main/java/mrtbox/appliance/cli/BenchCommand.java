package mrtbox.appliance.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import mrtbox.appliance.catalog.ModelCatalog;
import mrtbox.inference.engine.EngineBenchmark;
import mrtbox.inference.engine.EngineSettings;
import mrtbox.inference.kernel.Precision;
import mrtbox.inference.model.ModelInfo;
import mrtbox.inference.model.StepControls;
import mrtbox.inference.model.StreamingModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mrtbox bench}: the engine's own cost per step (controls, ring, fades, volume, limiter, metering tap)
 * with a trivial model, for both step shapes; with {@code --model}, the same for a real model, so its row shows
 * what share of a step is the model and what real-time factor it reaches on this machine. The subcommands
 * time the model parts (codec, LLM) on their own.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measure the engine's per-step overhead (and a model's step time with --model).",
                "Subcommands measure the parts: `bench codec` (SpectroStream), `bench model` (MRT v1 LLM)."},
        subcommands = {CodecBenchCommand.class, ModelBenchCommand.class, Mrt2BenchCommand.class})
public final class BenchCommand implements Callable<Integer> {

    @Option(names = "--steps", defaultValue = "2000", description = "measured frame-shaped steps (default ${DEFAULT-VALUE}; chunk rows use 1/20)")
    int steps;

    @Option(names = "--model", description = "also benchmark this model from the catalog")
    String model;

    @Option(names = "--model-steps", defaultValue = "50", description = "measured steps for --model (default ${DEFAULT-VALUE})")
    int modelSteps;

    ModelCatalog catalog = ModelCatalog.standard();

    /** The LLM engines a model bench's {@code --precision} names, in order; a word that is none is the user's error. */
    static List<Precision> precisions(List<String> words) {
        List<Precision> engines = new ArrayList<>();
        for (String p : words) {
            try {
                engines.add(Precision.parse(p));
            } catch (IllegalArgumentException e) {
                throw new UserError(e.getMessage());
            }
        }
        return engines;
    }

    @Override
    public Integer call() throws Exception {
        if (steps < 20) throw new UserError("--steps must be at least 20");
        List<EngineBenchmark.Result> rows = new ArrayList<>();
        rows.add(EngineBenchmark.trivial(ModelInfo.Shape.FRAME, steps / 2, steps));
        rows.add(EngineBenchmark.trivial(ModelInfo.Shape.CHUNK, Math.max(5, steps / 40), Math.max(20, steps / 20)));
        if (model != null) rows.add(benchModel());
        System.out.println("Engine overhead per step (controls + ring + fades/volume/limiter/tap; model time separate)");
        System.out.printf("%-22s %7s %14s %12s %14s %12s %10s%n",
                "step", "steps", "engine med us", "engine p99", "model med us", "model p99", "RTF");
        for (EngineBenchmark.Result r : rows) {
            System.out.printf("%-22s %7d %14.1f %12.1f %14.1f %12.1f %10.1f%n", r.shape(), r.steps(),
                    r.overheadMedianMicros(), r.overheadP99Micros(), r.modelMedianMicros(), r.modelP99Micros(),
                    r.realTimeFactor());
        }
        return 0;
    }

    private EngineBenchmark.Result benchModel() throws Exception {
        StreamingModel m;
        try {
            m = catalog.require(model).open();
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        try (m) {
            StepControls controls = new StepControls(null, null, 1.1f, 40, 5f, null, Map.of());
            return EngineBenchmark.run(m.info().name(), m, () -> controls, EngineSettings.DEFAULTS,
                    Math.max(2, modelSteps / 10), modelSteps);
        }
    }
}
