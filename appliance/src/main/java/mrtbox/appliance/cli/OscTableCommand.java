package mrtbox.appliance.cli;

import java.util.concurrent.Callable;
import mrtbox.control.osc.OscService;
import mrtbox.control.param.ParameterRegistry;
import mrtbox.control.param.StandardParams;
import picocli.CommandLine.Command;

/** {@code mrtbox osc-table}: prints the OSC address table (Markdown) generated from the parameter registry. */
@Command(name = "osc-table", mixinStandardHelpOptions = true,
        description = "Print the OSC address table (Markdown), generated from the parameters; the README's table is this output.")
public final class OscTableCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        ParameterRegistry registry = new ParameterRegistry();
        registry.registerAll(StandardParams.all());
        System.out.print(OscService.addressTable(registry));
        return 0;
    }
}
