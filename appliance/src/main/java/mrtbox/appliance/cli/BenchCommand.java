package mrtbox.appliance.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code mrtbox bench <part>}: latency percentiles and throughput of one part, printed as a few plain lines. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks (not tests): per-step latency percentiles and throughput.",
        subcommands = {CodecBenchCommand.class, ModelBenchCommand.class})
public final class BenchCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name what to benchmark (try: mrtbox bench codec)");
    }
}
