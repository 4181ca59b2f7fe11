package mrtbox.appliance.metrics;

import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

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
    Points<GaugeSnapshot.GaugeDataPointSnapshot> gauges(String name, String help) {
        MetricMetadata meta = new MetricMetadata(name, help);
        return new Points<>((v, l) -> GaugeSnapshot.GaugeDataPointSnapshot.builder().value(v).labels(l).build(),
                points -> new GaugeSnapshot(meta, points));
    }

    /** A counter family with several points (one per cause). */
    Points<CounterSnapshot.CounterDataPointSnapshot> counters(String name, String help) {
        MetricMetadata meta = new MetricMetadata(strip(name), help);
        return new Points<>((v, l) -> CounterSnapshot.CounterDataPointSnapshot.builder().value(v).labels(l).build(),
                points -> new CounterSnapshot(meta, points));
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

    /** The points of one family, each with the box's labels and its own. */
    final class Points<P extends DataPointSnapshot> {
        private final List<P> points = new ArrayList<>();
        private final BiFunction<Double, Labels, P> point;
        private final Function<List<P>, MetricSnapshot> family;

        private Points(BiFunction<Double, Labels, P> point, Function<List<P>, MetricSnapshot> family) {
            this.point = point;
            this.family = family;
        }

        Points<P> point(double value, String... labels) {
            points.add(point.apply(value, labels(labels)));
            return this;
        }

        Families done() {
            out.add(family.apply(points));
            return Families.this;
        }
    }
}
