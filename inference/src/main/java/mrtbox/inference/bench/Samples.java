package mrtbox.inference.bench;

import java.util.Arrays;
import java.util.List;

/** Median and 99th percentile (nearest rank) of timed runs, in ms. */
public record Samples(int runs, double medianMs, double p99Ms) {
    public static Samples of(List<Double> ms) {
        if (ms.isEmpty()) throw new IllegalArgumentException("no samples");
        double[] s = ms.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(s);
        return new Samples(s.length, s[s.length / 2], s[Math.min(s.length - 1, (int) Math.ceil(0.99 * s.length) - 1)]);
    }
}
