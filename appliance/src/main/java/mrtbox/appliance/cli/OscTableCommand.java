package mrtbox.appliance.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * {@code mrtbox osc-table}: prints the OSC address tables (Markdown), one per model kind, generated from the
 * registry {@code mrtbox run} assembles for that kind ({@link OscTables}); the README's tables are this output.
 */
@Command(name = "osc-table", mixinStandardHelpOptions = true,
        description = "Print the OSC address tables (Markdown) of the box as it runs, per model kind; the README's tables are this output.")
public final class OscTableCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.out.print(OscTables.markdown());
        return 0;
    }
}
