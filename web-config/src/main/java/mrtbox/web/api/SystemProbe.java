package mrtbox.web.api;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * CPU load and temperature where Linux exposes them: {@code /proc/stat} (busy share since the previous sample),
 * {@code /proc/loadavg} and the hottest {@code /sys/class/thermal/thermal_zone*}. Values that cannot be read are null.
 */
public final class SystemProbe {
    /** @param cpuPercent busy share of all cores since the last sample; null when unreadable */
    public record Sample(Double cpuPercent, Double load1, Double temperatureC, int cores) {}

    /** Linux reports CPU time in ticks of USER_HZ, 100 per second on every architecture it runs on. */
    private static final int USER_HZ = 100;
    private final Path proc;
    private final Path thermal;
    private long lastIdle = -1;
    private long lastTotal = -1;

    public SystemProbe(Path proc, Path thermal) {
        this.proc = proc;
        this.thermal = thermal;
    }

    public static SystemProbe linux() {
        return new SystemProbe(Path.of("/proc"), Path.of("/sys/class/thermal"));
    }

    public synchronized Sample sample() {
        return new Sample(cpuPercent(), load1(), hottest(), Runtime.getRuntime().availableProcessors());
    }

    private Double cpuPercent() {
        long[] t = readCpu();
        if (t == null) return null;
        long idle = t[0], total = t[1];
        Double pct = null;
        if (lastTotal >= 0 && total > lastTotal) pct = 100.0 * (1 - (double) (idle - lastIdle) / (total - lastTotal));
        lastIdle = idle;
        lastTotal = total;
        return pct;
    }

    /** CPU time of all cores since boot, busy and idle (idle + iowait): for counters, without a previous sample. */
    public record CpuTimes(double busySeconds, double idleSeconds) {}

    public Optional<CpuTimes> cpuTimes() {
        long[] t = readCpu();
        if (t == null) return Optional.empty();
        return Optional.of(new CpuTimes((t[1] - t[0]) / (double) USER_HZ, t[0] / (double) USER_HZ));
    }

    /** The hottest thermal zone in degrees Celsius, where one is readable. */
    public Optional<Double> temperature() {
        return Optional.ofNullable(hottest());
    }

    /** {idle + iowait, total} in clock ticks from the first line of /proc/stat; null when unreadable. */
    private long[] readCpu() {
        try {
            String line = Files.readAllLines(proc.resolve("stat")).get(0);
            String[] f = line.trim().split("\\s+");
            if (!f[0].equals("cpu")) return null;
            long total = 0;
            for (int i = 1; i < f.length; i++) total += Long.parseLong(f[i]);
            long idle = Long.parseLong(f[4]) + (f.length > 5 ? Long.parseLong(f[5]) : 0);
            return new long[] {idle, total};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private Double load1() {
        try {
            return Double.parseDouble(Files.readString(proc.resolve("loadavg")).trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private Double hottest() {
        if (!Files.isDirectory(thermal)) return null;
        Double hottest = null;
        try (DirectoryStream<Path> zones = Files.newDirectoryStream(thermal, "thermal_zone*")) {
            for (Path z : zones) {
                try {
                    double c = Long.parseLong(Files.readString(z.resolve("temp")).trim()) / 1000.0;
                    if (c > -40 && c < 150 && (hottest == null || c > hottest)) hottest = c;
                } catch (IOException | RuntimeException e) {
                    // a zone without a readable temp: skip it
                }
            }
        } catch (IOException e) {
            return null;
        }
        return hottest;
    }
}
