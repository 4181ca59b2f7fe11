package mrtbox.appliance.metrics;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import mrtbox.web.api.SystemProbe;

/**
 * The machine: CPU time of all cores, busy and idle, as counters (the busy share is a {@code rate()} in the query,
 * so any number of scrapers see the same thing), and the hottest thermal zone. Absent where Linux does not say.
 */
final class SystemSeries implements MultiCollector {
    private final Labels box;
    private final SystemProbe probe;

    SystemSeries(Labels box, SystemProbe probe) {
        this.box = box;
        this.probe = probe;
    }

    @Override
    public MetricSnapshots collect() {
        Families f = new Families(box);
        probe.cpuTimes().ifPresent(t -> f.counters("mrtbox_cpu_seconds_total", "CPU time of all cores since boot, by mode")
                .point(t.busySeconds(), "mode", "busy")
                .point(t.idleSeconds(), "mode", "idle")
                .done());
        probe.temperature().ifPresent(c -> f.gauge("mrtbox_temperature_celsius", "the hottest thermal zone", c));
        return f.build();
    }
}
