package mrtbox.inference.bench;

import java.util.Locale;

/**
 * One timed part of a model step in a benchmark: its timings, and its achieved rate (GB/s of the bytes it reads, or
 * GFLOP/s) as a share of the machine limit that bounds it ({@link MachineLimits}, measured in the same run).
 */
public record Part(String name, Samples ms, double rate, String unit, double limit) {
    public double pct() {
        return 100 * rate / limit;
    }

    public String line() {
        return String.format(Locale.ROOT, "%-15s median %7.2f ms p99 %7.2f ms | %6.1f %-7s | %3.0f%% of %.1f",
                name, ms.medianMs(), ms.p99Ms(), rate, unit, pct(), limit);
    }
}
