package mrtbox.appliance.cli;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import mrtbox.control.param.ParameterRegistry;
import mrtbox.control.param.StandardParams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;

/** {@code mrtbox run}: the service. Runs until SIGTERM or SIGINT, then stops cleanly and exits 0. */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Run the instrument (the service).")
public final class RunCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(RunCommand.class);

    @Override
    public Integer call() throws Exception {
        ParameterRegistry registry = new ParameterRegistry();
        registry.registerAll(StandardParams.all());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "shutdown"));
        log.info("mrtbox running with {} parameters", registry.specs().size());
        stopped.await();
        return 0;
    }
}
