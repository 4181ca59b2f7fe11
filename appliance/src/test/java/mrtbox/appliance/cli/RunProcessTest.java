package mrtbox.appliance.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mrtbox.appliance.ChildJvm;
import mrtbox.appliance.Main;
import mrtbox.appliance.state.Json;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code mrtbox run} as a real process: signals, exit codes, what it leaves in the state directory. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RunProcessTest {
    private static final Duration START = Duration.ofSeconds(60);
    private static final Duration STOP = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private Path config;
    private Path state;

    @BeforeEach
    void writeConfig() throws IOException {
        state = dir.resolve("state");
        // Save delays far longer than the test: the value can only reach the file through the flush at stop.
        config = Files.writeString(dir.resolve("box.json"), """
                {"version": 1,
                 "paths": {"state": "state"},
                 "audio": {"sink": "null"},
                 "osc": {"port": 0, "oscQueryPort": 0, "zeroconf": false},
                 "web": {"port": 0},
                 "midi": {"enabled": false},
                 "lastState": {"quietMs": 600000, "maxDelayMs": 600000}}
                """);
    }

    private Map<?, ?> savedValues() throws IOException {
        return (Map<?, ?>) Json.mapper().readValue(state.resolve("last-state.json").toFile(), Map.class).get("values");
    }

    private void stopsCleanlyOn(String signal) throws Exception {
        try (ChildJvm box = ChildJvm.start(dir, Main.class, "run", "--config", config.toString(),
                "--set", "prompt.3.text=tape-warped strings", "--set", "output.volume=-9.5")) {
            box.awaitLine("mrtbox running", START);
            assertFalse(Files.exists(state.resolve("last-state.json")), "written before the stop: the test would prove nothing");
            // kill(1) rather than Process.destroy(): destroy() also closes our end of the child's output.
            box.signal(signal);
            assertEquals(0, box.awaitExit(STOP), box.output());
            String out = box.output();
            assertTrue(out.contains("INFO RunCommand - SIG" + signal + " received: stopping"), out);
            assertTrue(out.contains("INFO Appliance - stopped"), out);
        }
        Map<?, ?> values = savedValues();
        assertEquals("tape-warped strings", values.get("prompt.3.text"));
        assertEquals(-9.5, values.get("output.volume"));
    }

    @Test
    void sigtermStopsWithExitZeroAndFlushedState() throws Exception {
        stopsCleanlyOn("TERM");
        // A second start restores what the first one saved; Process.destroy() (SIGTERM) stops it with 0 as well.
        try (ChildJvm box = ChildJvm.start(dir, Main.class, "run", "--config", config.toString())) {
            box.awaitLine("mrtbox running", START);
            box.process().destroy();
            assertEquals(0, box.awaitExit(STOP));
            assertTrue(box.output().matches("(?s).*INFO Appliance - last state: restored \\d+ values from "
                    + java.util.regex.Pattern.quote(state.resolve("last-state.json").toString()) + ".*"), box.output());
        }
        assertEquals("tape-warped strings", savedValues().get("prompt.3.text"));
    }

    @Test
    void sigintStopsTheSameWay() throws Exception {
        stopsCleanlyOn("INT");
    }

    @Test
    void logsTheEffectiveConfigAndReportsACorruptStateFile() throws Exception {
        Files.createDirectories(state);
        Files.writeString(state.resolve("last-state.json"), "{\n  \"version\": 1,\n  \"values\": {\"output.mute\": tru}\n}\n");
        try (ChildJvm box = ChildJvm.start(dir, Main.class, "run", "--config", config.toString())) {
            box.awaitLine("mrtbox running", START);
            box.signal("TERM");
            assertEquals(0, box.awaitExit(STOP));
            String out = box.output();
            assertTrue(out.contains("INFO RunCommand - config: " + config + " (--config)"), out);
            assertTrue(out.contains("INFO RunCommand - effective config: {\"version\":1,\"paths\":{\"state\":\"state\""), out);
            assertTrue(out.contains("INFO RunCommand - state directory: " + state + " (paths.state in the config)"), out);
            assertTrue(out.contains("ERROR Appliance - last state: " + state.resolve("last-state.json") + ":3:"), out);
            assertTrue(out.contains("output.mute: Unrecognized token 'tru'"), out);
        }
        try (var files = Files.list(state)) {
            assertTrue(files.anyMatch(p -> p.getFileName().toString().matches("last-state\\.json\\.\\d{8}T\\d{6}Z\\.bak")));
        }
    }

    @Test
    void aBadValueOnTheCommandLineChangesNothingAndExits2() throws Exception {
        try (ChildJvm box = ChildJvm.start(dir, Main.class, "run", "--config", config.toString(),
                "--set", "output.volume=-3", "--set", "sampling.temperature=hot", "--set", "prompt.9.text=x")) {
            assertEquals(2, box.awaitExit(START));
            assertTrue(box.output().contains("mrtbox: --set: sampling.temperature needs a number; no parameter 'prompt.9.text'"),
                    box.output());
            // Checked before anything starts: under Restart=always a typo must not become a loop of sound bursts.
            assertFalse(box.output().contains("starting engine"), box.output());
            assertFalse(box.output().contains("audio output open"), box.output());
        }
        assertFalse(Files.exists(state.resolve("last-state.json")), "nothing was applied, nothing saved");
    }

    @Test
    void aSecondServiceOnTheSameStateDirectoryIsRefused() throws Exception {
        try (ChildJvm first = ChildJvm.start(dir, Main.class, "run", "--config", config.toString())) {
            first.awaitLine("mrtbox running", START);
            try (ChildJvm second = ChildJvm.start(dir, Main.class, "run", "--config", config.toString())) {
                assertEquals(2, second.awaitExit(START));
                assertTrue(second.output().contains("mrtbox: another mrtbox is using the state directory " + state), second.output());
            }
            first.process().destroy();
            assertEquals(0, first.awaitExit(STOP));
        }
    }
}
