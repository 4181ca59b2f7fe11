package mrtbox.appliance.cli;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import mrtbox.appliance.box.Box;
import mrtbox.appliance.config.LoadedConfig;
import mrtbox.appliance.config.ResolvedPaths;
import mrtbox.appliance.service.Appliance;
import mrtbox.appliance.service.ShutdownSignals;
import mrtbox.control.param.ChangeSource;
import mrtbox.control.param.ParamHandle;
import mrtbox.control.param.ParamSpec;
import mrtbox.control.param.ParameterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mrtbox run}: the service. Runs until SIGTERM or SIGINT, then stops cleanly, saves its state and exits 0. */
@Command(name = "run", mixinStandardHelpOptions = true, description = {
        "Run the instrument (the service) until SIGTERM or Ctrl-C.",
        "Config: --config FILE, else $MRTBOX_CONFIG, ./mrtbox.json, $XDG_CONFIG_HOME/mrtbox/mrtbox.json,"
                + " /etc/mrtbox/mrtbox.json, else built-in defaults."})
public final class RunCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(RunCommand.class);
    static final ChangeSource COMMAND_LINE = ChangeSource.of(ChangeSource.Kind.INTERNAL, "command line");

    @Option(names = "--config", paramLabel = "FILE", description = "the config file (mrtbox.json) to use")
    Path config;

    @Option(names = "--set", paramLabel = "ID=VALUE",
            description = "start with this parameter value, applied after the last state is restored (repeatable),"
                    + " e.g. --set output.volume=-12 --set prompt.1.text=\"warm tape pads\"")
    Map<String, String> values = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        CommandConfig found = CommandConfig.load(config);
        LoadedConfig loaded = found.loaded();
        ResolvedPaths paths = found.paths();
        log.info("config: {}", loaded.describeSource());
        log.info("effective config: {}", Appliance.describe(loaded.config()));
        log.info("state directory: {} ({}); models: {}; cache: {}", paths.state(), paths.stateOrigin(), paths.models(), paths.cache());

        ShutdownSignals signals = ShutdownSignals.install();
        Appliance appliance = new Appliance(loaded, paths, Box.standard(), Clock.systemUTC());
        appliance.onExitRequest(signals::request);
        // Backstop for exits that are not TERM/INT (SIGHUP, System.exit elsewhere): still stop and save.
        Thread hook = new Thread(appliance::stop, "shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            // Every --set value is checked before any component starts: a typo exits 2 without a burst of sound.
            appliance.start(this::checkCommandLineValues);
        } catch (java.io.IOException e) {
            throw new UserError(e.getMessage(), e);
        }
        applyCommandLineValues(appliance.foundation().registry());
        log.info("mrtbox running (stop with SIGTERM or Ctrl-C)");

        String signal = signals.await();
        log.info("{} received: stopping", signal);
        appliance.stop();
        return 0;
    }

    /** Refuses the start when any --set value is unknown or invalid, so a typo changes nothing and plays nothing. */
    private void checkCommandLineValues(ParameterRegistry registry) {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, String> e : values.entrySet()) {
            ParamHandle h = registry.handle(e.getKey());
            if (h == null) {
                problems.add("no parameter '" + e.getKey() + "'");
                continue;
            }
            ParamSpec.Coerced c = h.spec().coerce(e.getValue());
            if (!c.accepted()) problems.add(c.note());
        }
        if (!problems.isEmpty()) throw new UserError("--set: " + String.join("; ", problems));
    }

    /** Applies the checked --set values over the last state and the boot scene. */
    private void applyCommandLineValues(ParameterRegistry registry) {
        values.forEach((id, value) -> {
            var outcome = registry.set(id, value, COMMAND_LINE);
            log.info("--set {} = {}{}", id, outcome.value(), outcome.reason() == null ? "" : " (" + outcome.reason() + ")");
        });
    }
}
