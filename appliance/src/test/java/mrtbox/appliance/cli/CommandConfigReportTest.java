package mrtbox.appliance.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command that reads the config reports its problems the same way: one line naming file:line:col and the
 * field, whatever the command; a named config that does not exist is a non-zero exit with one sentence. (Before,
 * {@code styles} and {@code calibrate-latency} read a rejected config silently and {@code models} took no --config.)
 */
@Timeout(60)
class CommandConfigReportTest {
    @TempDir
    Path tmp;

    private record Run(int exit, String output) {}

    private static Run run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(buf, true, StandardCharsets.UTF_8);
        System.setOut(capture);
        System.setErr(capture);
        try {
            int exit = MrtboxCommand.commandLine().execute(args);
            return new Run(exit, buf.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    private static final Pattern REPORT = Pattern.compile("config: (\\S+mrtbox\\.json:3:\\d+: osc\\.port: [^\\n]*)");

    @Test
    void aBadFieldIsReportedWithFileLineColumnAndFieldByEveryCommand() throws Exception {
        Path config = tmp.resolve("mrtbox.json");
        Files.writeString(config, "{\n  \"paths\": {\"state\": \"" + tmp.resolve("state") + "\"},\n  \"osc\": {\"port\": \"nine\"}\n}\n");
        List<String[]> commands = List.of(
                new String[] {"styles", "--config", config.toString(), "list"},
                new String[] {"models", "--config", config.toString(), "list"},
                new String[] {"calibrate-latency", "--config", config.toString(), "--no-save"});
        String first = null;
        for (String[] args : commands) {
            Run r = run(args);
            Matcher m = REPORT.matcher(r.output());
            assertTrue(m.find(), String.join(" ", args) + " reports the field with file:line:col:\n" + r.output());
            String line = m.group(1);   // the same words, down to the one backup they all name
            if (first == null) first = line;
            assertEquals(first, line, String.join(" ", args) + " says it in the same words");
            if (!args[0].equals("calibrate-latency")) assertEquals(0, r.exit(), "the rest of the config works: " + r.output());
        }
        assertTrue(first.contains("everything else in it applies"), first);
        try (var files = Files.list(tmp)) {
            assertEquals(1, files.filter(p -> p.getFileName().toString().startsWith("mrtbox.json.") && p.toString().endsWith(".bak")).count(),
                    "three commands on one bad file keep one copy of it");
        }
    }

    @Test
    void aNamedConfigThatIsMissingStopsEveryCommand() {
        String missing = tmp.resolve("nowhere.json").toString();
        for (String[] args : List.of(new String[] {"styles", "--config", missing, "list"},
                new String[] {"models", "--config", missing, "list"},
                new String[] {"calibrate-latency", "--config", missing, "--no-save"})) {
            Run r = run(args);
            assertNotEquals(0, r.exit(), String.join(" ", args) + ": " + r.output());
            assertTrue(r.output().contains("nowhere.json"), String.join(" ", args) + " names the file: " + r.output());
        }
    }
}
