package mrtbox.appliance.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mrtbox.appliance.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A child JVM rewrites a 4 MB file in a loop and is SIGKILLed at random moments. After every kill the file must be
 * exactly one complete generation, the last one the child reported or the one it was writing, never a mix or a cut.
 */
class AtomicFilesKillTest {
    /** At least this many kills, and on until MID_WRITE_KILLS of them landed inside a write (at most MAX_KILLS). */
    private static final int MIN_KILLS = 12;
    private static final int MID_WRITE_KILLS = 3;
    private static final int MAX_KILLS = 60;
    private static final Pattern WROTE = Pattern.compile("wrote (\\d+)");

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void aKilledWriterLeavesTheOldOrTheNewFileNeverATruncatedOne() throws Exception {
        Path file = dir.resolve("state.json");
        Random random = new Random(42);
        long expectedAtLeast = 0;
        int killedMidWrite = 0;
        int round = 0;
        for (; round < MAX_KILLS && (round < MIN_KILLS || killedMidWrite < MID_WRITE_KILLS); round++) {
            long startGen = expectedAtLeast + 1;
            long lastReported = expectedAtLeast;
            try (ChildJvm child = ChildJvm.start(dir, AtomicWriterChild.class, file.toString(), Long.toString(startGen))) {
                child.awaitLine("wrote " + startGen, Duration.ofSeconds(60));
                Thread.sleep(random.nextInt(150));
                child.process().destroyForcibly(); // SIGKILL: no shutdown hooks, no finally blocks
                child.process().waitFor(10, TimeUnit.SECONDS);
                Matcher m = WROTE.matcher(child.output());
                while (m.find()) lastReported = Math.max(lastReported, Long.parseLong(m.group(1)));
            }
            long gen = AtomicWriterChild.generationOf(Files.readAllBytes(file));
            assertTrue(gen >= 0, "round " + round + ": the file is not one complete generation (size " + Files.size(file) + ")");
            // The child may have finished a write without getting to print it, never more than one.
            assertTrue(gen == lastReported || gen == lastReported + 1,
                    "round " + round + ": file holds generation " + gen + ", child last reported " + lastReported);
            List<Path> leftovers = AtomicFiles.removeLeftovers(file);
            if (!leftovers.isEmpty()) killedMidWrite++;
            expectedAtLeast = gen;
        }
        assertTrue(killedMidWrite >= MID_WRITE_KILLS,
                "only " + killedMidWrite + " of " + round + " kills landed inside a write: the test did not test enough");
        try (var files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList(), "only the target remains after cleaning up leftovers");
        }
        System.out.printf("atomic write kill test: %d kills, %d inside a write%n", round, killedMidWrite);
    }
}
