package mrtbox.appliance.metrics;

import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import mrtbox.control.midi.MidiStats;
import mrtbox.control.osc.OscStats;
import mrtbox.control.status.StatusBoard;
import mrtbox.web.api.SystemProbe;
import mrtbox.web.auth.LoginFailures;

/**
 * The box's Prometheus registry: its own series (engine, control inputs, system, build) and the Prometheus client's
 * JVM and process series (memory, GC, threads, CPU, start time), all labelled with the box's name and location so
 * that fifty boxes can be told apart in one Prometheus. The web page serves it at {@code GET /metrics}; the
 * heartbeat sends the same values.
 */
public final class BoxMetrics {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Labels box;

    /**
     * @param name     the box's name ({@code box.name}), a label on every series
     * @param location where it stands ({@code box.location}), a label on every series (empty: none)
     */
    public BoxMetrics(String name, String location) {
        this.box = location.isEmpty() ? Labels.of("box", name) : Labels.of("box", name, "location", location);
        JvmMetrics.builder().constLabels(box).register(registry);
    }

    public PrometheusRegistry registry() {
        return registry;
    }

    public BoxMetrics engine(StatusBoard status, EngineFacts.Source engine, BooleanSupplier muted) {
        registry.register(new EngineSeries(box, status, engine, muted));
        return this;
    }

    public BoxMetrics control(Supplier<Optional<OscStats>> osc, Supplier<MidiStats> midi, LoginFailures logins) {
        registry.register(new ControlSeries(box, osc, midi, logins));
        return this;
    }

    public BoxMetrics system(SystemProbe probe) {
        registry.register(new SystemSeries(box, probe));
        return this;
    }

    /** {@code mrtbox_build_info{version, commit, model}}: which build plays which model. */
    public BoxMetrics build(BuildInfo build, StatusBoard status) {
        registry.register((MultiCollector) () -> new Families(box)
                .info("mrtbox_build", "the running build and model", "version", build.version(), "commit", build.commit(),
                        "model", status.current().model())
                .build());
        return this;
    }

    /** Every series now, for the heartbeat. */
    public MetricSnapshots scrape() {
        return registry.scrape();
    }
}
