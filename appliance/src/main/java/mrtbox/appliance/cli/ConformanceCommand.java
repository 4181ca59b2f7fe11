package mrtbox.appliance.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import mrtbox.inference.conformance.Conformance;
import mrtbox.inference.conformance.ConformanceResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code mrtbox conformance <case-dir>...}: runs golden cases, one line each, non-zero exit on any failure. */
@Command(name = "conformance", mixinStandardHelpOptions = true,
        description = "Run golden conformance cases (a directory with config.json); prints one line per case.")
public final class ConformanceCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "CASE_DIR", description = "golden case directories")
    Path[] cases;

    @Override
    public Integer call() {
        Conformance conformance = Conformance.standard();
        int failures = 0;
        for (Path dir : cases) {
            if (!Files.isDirectory(dir)) {
                System.out.println("FAIL " + dir + ": not a directory");
                failures++;
                continue;
            }
            try {
                ConformanceResult r = conformance.run(dir);
                System.out.println(r.line());
                if (!r.passed()) failures++;
            } catch (Exception e) {
                System.out.println("FAIL " + dir + ": " + e.getMessage());
                failures++;
            }
        }
        return failures == 0 ? 0 : 1;
    }
}
