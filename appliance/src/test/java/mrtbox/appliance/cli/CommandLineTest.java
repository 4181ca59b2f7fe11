package mrtbox.appliance.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CommandLineTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = MrtboxCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void helpListsTheSubcommands() {
        assertEquals(0, run("--help"));
        assertTrue(out.toString().contains("run"), out.toString());
        assertTrue(out.toString().contains("conformance"), out.toString());
        assertEquals(0, run("help", "run"));
        assertTrue(out.toString().contains("--config=FILE"), out.toString());
        assertTrue(out.toString().contains("--set=ID=VALUE"), out.toString());
    }

    @Test
    void versionIsPrinted() {
        assertEquals(0, run("--version"));
        assertTrue(out.toString().startsWith("mrtbox "), out.toString());
    }

    @Test
    void anUnknownOptionIsAUsageErrorWithExitCode2() {
        assertEquals(2, run("--bogus"));
        assertTrue(err.toString().contains("Unknown option: '--bogus'"), err.toString());
        assertEquals(2, run("run", "--frobnicate"));
        assertTrue(err.toString().contains("Unknown option: '--frobnicate'"), err.toString());
    }

    @Test
    void aSetWithoutAValueIsAUsageError() {
        assertEquals(2, run("run", "--set", "output.volume"));
        assertTrue(err.toString().contains("should be in KEY=VALUE format but was output.volume"), err.toString());
    }

    @Test
    void anUnknownSubcommandOrNoneIsAUsageError() {
        assertEquals(2, run("fly"));
        assertTrue(err.toString().contains("Unmatched argument at index 0: 'fly'"), err.toString());
        assertEquals(2, run());
        assertTrue(err.toString().contains("name a subcommand"), err.toString());
    }

    @Test
    void aMissingConfigValueOrFileIsAUsageError(@TempDir Path dir) {
        assertEquals(2, run("run", "--config"));
        assertTrue(err.toString().contains("Missing required parameter for option '--config'"), err.toString());
        Path missing = dir.resolve("missing.json");
        assertEquals(2, run("run", "--config", missing.toString()));
        assertTrue(err.toString().contains("mrtbox: config file " + missing + " (from --config) does not exist"), err.toString());
    }
}
