package mrtbox.appliance.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The top of the command line. Each subcommand is its own class; add new ones to {@code subcommands}.
 * ({@code test} is handled by the launcher script: it runs the Maven build, not the application.)
 */
@Command(
        name = "mrtbox",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "A live instrument running Magenta RealTime models, played from MIDI, OSC and a web page.",
        subcommands = {
                RunCommand.class,
                RenderCommand.class,
                DevicesCommand.class,
                BenchCommand.class,
                ConformanceCommand.class,
                OscTableCommand.class,
                ModelsCommand.class,
                CalibrateLatencyCommand.class,
                StylesCommand.class,
                CommandLine.HelpCommand.class,
        })
public final class MrtboxCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a subcommand (try: mrtbox help)");
    }

    /** The configured command line, shared by main and by tests. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new MrtboxCommand());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler((ex, line, parseResult) -> {
            // Expected failures (a bad file, a missing device) print one clear line, not a stack trace.
            if (ex instanceof UserError) {
                line.getErr().println("mrtbox: " + ex.getMessage());
                return 2;
            }
            throw ex;
        });
        return cl;
    }
}
