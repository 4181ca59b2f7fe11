package mrtbox.appliance.metrics;

import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.Label;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The box's series as one flat map for the heartbeat's JSON, keyed as PromQL names them
 * ({@code mrtbox_underruns_total{model="tiny-v1"}}) without the box's own labels (the heartbeat carries those once).
 * Histograms give their {@code _count} and {@code _sum}; info series give 1.
 */
public final class FlatMetrics {
    private static final Set<String> BOX_LABELS = Set.of("box", "location");

    private FlatMetrics() {}

    public static Map<String, Double> of(MetricSnapshots snapshots) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (MetricSnapshot family : snapshots) {
            String name = family.getMetadata().getPrometheusName();
            for (DataPointSnapshot p : family.getDataPoints()) {
                String labels = labels(p);
                if (family instanceof GaugeSnapshot) {
                    out.put(name + labels, ((GaugeSnapshot.GaugeDataPointSnapshot) p).getValue());
                } else if (family instanceof CounterSnapshot) {
                    out.put(name + "_total" + labels, ((CounterSnapshot.CounterDataPointSnapshot) p).getValue());
                } else if (family instanceof HistogramSnapshot) {
                    HistogramSnapshot.HistogramDataPointSnapshot h = (HistogramSnapshot.HistogramDataPointSnapshot) p;
                    out.put(name + "_count" + labels, (double) h.getCount());
                    out.put(name + "_sum" + labels, h.getSum());
                } else if (family instanceof InfoSnapshot) {
                    out.put(name + "_info" + labels, 1.0);
                }
            }
        }
        return out;
    }

    private static String labels(DataPointSnapshot p) {
        StringBuilder b = new StringBuilder();
        for (Label l : p.getLabels()) {
            if (BOX_LABELS.contains(l.getName())) continue;
            b.append(b.length() == 0 ? "{" : ",").append(l.getName()).append("=\"")
                    .append(l.getValue().replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n")).append('"');
        }
        return b.length() == 0 ? "" : b.append('}').toString();
    }
}
