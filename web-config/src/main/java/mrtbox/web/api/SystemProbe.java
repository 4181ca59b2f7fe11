package mrtbox.web.api;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU load and temperature where Linux exposes them: {@code /proc/stat} (busy share since the previous sample),
 * {@code /proc/loadavg} and the hottest {@code /sys/class/thermal/thermal_zone*}. Values that cannot be read are null.
 */
public final class SystemProbe {
    /** @param cpuPercent busy share of all cores since the last sample; null when unreadable */
    public record Sample(Double cpuPercent, Double load1, Double temperatureC, int cores) {}

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
        return new Sample(cpuPercent(), load1(), temperature(), Runtime.getRuntime().availableProcessors());
    }

    private Double cpuPercent() {
        try {
            String line = Files.readAllLines(proc.resolve("stat")).get(0);
            String[] f = line.trim().split("\\s+");
            if (!f[0].equals("cpu")) return null;
            long total = 0;
            for (int i = 1; i < f.length; i++) total += Long.parseLong(f[i]);
            long idle = Long.parseLong(f[4]) + (f.length > 5 ? Long.parseLong(f[5]) : 0); // idle + iowait
            Double pct = null;
            if (lastTotal >= 0 && total > lastTotal) pct = 100.0 * (1 - (double) (idle - lastIdle) / (total - lastTotal));
            lastIdle = idle;
            lastTotal = total;
            return pct;
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

    private Double temperature() {
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
