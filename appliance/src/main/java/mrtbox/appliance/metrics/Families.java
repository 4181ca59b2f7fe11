package mrtbox.appliance.metrics;

import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.List;

/**
 * One scrape's metric families, built with the Prometheus client's snapshot model from values a collector read once
 * (so the series of one scrape agree with each other). Every point carries the box's labels (name, location).
 */
final class Families {
    private final Labels box;
    private final List<MetricSnapshot> out = new ArrayList<>();

    Families(Labels box) {
        this.box = box;
    }

    /** {@code labels}: name, value, name, value... */
    Families gauge(String name, String help, double value, String... labels) {
        return gauges(name, help).point(value, labels).done();
    }

    Families counter(String name, String help, double value, String... labels) {
        return counters(name, help).point(value, labels).done();
    }

    /** A gauge family with several points (one per channel, per state...). */
    Gauges gauges(String name, String help) {
        return new Gauges(GaugeSnapshot.builder().name(name).help(help));
    }

    /** A counter family with several points (one per cause). */
    Counters counters(String name, String help) {
        return new Counters(CounterSnapshot.builder().name(strip(name)).help(help));
    }

    /**
     * A classic histogram from per-bucket counts (not cumulative), one more count than bounds for the overflow.
     */
    Families histogram(String name, String help, double[] upperBounds, long[] counts, double sum, String... labels) {
        double[] bounds = java.util.Arrays.copyOf(upperBounds, upperBounds.length + 1);
        bounds[upperBounds.length] = Double.POSITIVE_INFINITY;
        out.add(HistogramSnapshot.builder().name(name).help(help)
                .dataPoint(HistogramSnapshot.HistogramDataPointSnapshot.builder()
                        .classicHistogramBuckets(ClassicHistogramBuckets.of(bounds, counts))
                        .sum(sum).labels(labels(labels)).build())
                .build());
        return this;
    }

    /** An info series ({@code NAME_info} with value 1) that carries facts as labels. */
    Families info(String name, String help, String... labels) {
        out.add(InfoSnapshot.builder().name(name).help(help)
                .dataPoint(InfoSnapshot.InfoDataPointSnapshot.builder().labels(labels(labels)).build()).build());
        return this;
    }

    MetricSnapshots build() {
        return new MetricSnapshots(out);
    }

    private Labels labels(String... pairs) {
        return pairs.length == 0 ? box : box.merge(Labels.of(pairs));
    }

    /** The client names counter families without {@code _total} and writes it back on every sample. */
    private static String strip(String name) {
        if (!name.endsWith("_total")) throw new IllegalArgumentException("a counter's name ends in _total: " + name);
        return name.substring(0, name.length() - "_total".length());
    }

    final class Gauges {
        private final GaugeSnapshot.Builder b;

        private Gauges(GaugeSnapshot.Builder b) {
            this.b = b;
        }

        Gauges point(double value, String... labels) {
            b.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(value).labels(labels(labels)).build());
            return this;
        }

        Families done() {
            out.add(b.build());
            return Families.this;
        }
    }

    final class Counters {
        private final CounterSnapshot.Builder b;

        private Counters(CounterSnapshot.Builder b) {
            this.b = b;
        }

        Counters point(double value, String... labels) {
            b.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().value(value).labels(labels(labels)).build());
            return this;
        }

        Families done() {
            out.add(b.build());
            return Families.this;
        }
    }
}
