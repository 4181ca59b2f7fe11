package mrtbox.web.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads a /proc and /sys laid out as Linux does (a Jetson has several thermal zones; a VM has none). */
class SystemProbeTest {
    @TempDir Path root;

    @Test
    void cpuShareLoadAndTheHottestZone() throws Exception {
        Path proc = Files.createDirectories(root.resolve("proc"));
        Path thermal = Files.createDirectories(root.resolve("thermal"));
        Files.writeString(proc.resolve("loadavg"), "1.52 0.98 0.40 3/512 12345\n");
        Files.writeString(proc.resolve("stat"), "cpu  1000 0 500 8000 500 0 0 0 0 0\ncpu0 1 2 3 4\n");
        for (String[] z : new String[][] {{"thermal_zone0", "48500"}, {"thermal_zone1", "61250"}, {"thermal_zone2", "-"}}) {
            Files.writeString(Files.createDirectories(thermal.resolve(z[0])).resolve("temp"), z[1] + "\n");
        }
        SystemProbe probe = new SystemProbe(proc, thermal);
        SystemProbe.Sample first = probe.sample();
        assertNull(first.cpuPercent(), "the first sample has nothing to compare with");
        assertEquals(1.52, first.load1());
        assertEquals(61.25, first.temperatureC());
        // 1000 more jiffies, 250 of them idle or iowait: 75 % busy
        Files.writeString(proc.resolve("stat"), "cpu  1500 0 750 8200 550 0 0 0 0 0\n");
        assertEquals(75.0, probe.sample().cpuPercent(), 1e-9);
        // as counters for the metrics: 2250 busy and 8750 idle ticks of 1/100 s, and no sample state touched
        SystemProbe.CpuTimes t = probe.cpuTimes().orElseThrow();
        assertEquals(22.5, t.busySeconds(), 1e-9);
        assertEquals(87.5, t.idleSeconds(), 1e-9);
        assertEquals(61.25, probe.temperature().orElseThrow());
    }

    @Test
    void missingFilesAreNullNotErrors() {
        SystemProbe.Sample s = new SystemProbe(root.resolve("nope"), root.resolve("none")).sample();
        assertNull(s.cpuPercent());
        assertNull(s.load1());
        assertNull(s.temperatureC());
        SystemProbe none = new SystemProbe(root.resolve("nope"), root.resolve("none"));
        assertTrue(none.cpuTimes().isEmpty());
        assertTrue(none.temperature().isEmpty());
    }
}
