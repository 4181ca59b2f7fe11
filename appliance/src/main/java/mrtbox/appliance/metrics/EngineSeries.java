package mrtbox.appliance.metrics;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.List;
import java.util.function.BooleanSupplier;
import mrtbox.control.status.StatusBoard;
import mrtbox.control.status.StatusReport;

/**
 * The instrument's series: transport, health, real-time factor, step times, lead, underruns, dropped steps, the
 * output (level, limiter, device), the model load, uptime. One scrape reads the latest published status report and
 * engine facts once: nothing is computed on the generation or audio thread for a scrape.
 */
final class EngineSeries implements MultiCollector {
    /** The states {@code mrtbox_health_state} has one series for; the status's health text starts with one. */
    static final List<String> HEALTH_STATES = List.of("starting", "ok", "degraded", "error");
    private static final String[] CHANNELS = {"left", "right"};

    private final Labels box;
    private final StatusBoard status;
    private final EngineFacts.Source engine;
    private final BooleanSupplier muted;

    EngineSeries(Labels box, StatusBoard status, EngineFacts.Source engine, BooleanSupplier muted) {
        this.box = box;
        this.status = status;
        this.engine = engine;
        this.muted = muted;
    }

    @Override
    public MetricSnapshots collect() {
        StatusReport r = status.current();
        EngineFacts e = engine.facts();
        String[] model = {"model", r.model()};
        String[] device = {"device", e.device()};
        Families f = new Families(box)
                .gauge("mrtbox_playing", "1 while the transport plays (the box should sound), 0 when stopped", bit(r.playing()), model)
                .gauge("mrtbox_output_muted", "1 while output.mute is on", bit(muted.getAsBoolean()), device)
                .gauge("mrtbox_real_time_factor", "audio seconds generated per wall-clock second over the recent steps (below 1: the model cannot keep up)",
                        r.realTimeFactor(), model)
                .gauge("mrtbox_lead_seconds", "audio buffered ahead of the output", r.leadMs() / 1000, model)
                .counter("mrtbox_underruns_total", "times the output ran dry while playing (each one faded out and in)", r.underruns(), model)
                .counter("mrtbox_dropped_steps_total", "model steps that failed or could not be written", r.droppedSteps(), model)
                .histogram("mrtbox_step_duration_seconds", "time one model step took (MRT2: one 40 ms frame, MRT v1: one 2 s chunk)",
                        e.steps().upperBoundsSeconds(), e.steps().counts(), e.steps().sumSeconds(), model)
                .gauge("mrtbox_limiter_gain_reduction_decibels", "the output limiter's gain reduction (0: not limiting)", r.limiterReductionDb(), device);
        Families.Points<?> peak = f.gauges("mrtbox_output_peak_dbfs", "output peak over the last 100 ms, dBFS");
        Families.Points<?> rms = f.gauges("mrtbox_output_rms_dbfs", "output RMS over the last 100 ms, dBFS");
        double[] peaks = r.peakDb();
        double[] rmss = r.rmsDb();
        for (int ch = 0; ch < Math.min(CHANNELS.length, peaks.length); ch++) {
            peak.point(peaks[ch], "channel", CHANNELS[ch], device[0], device[1]);
            rms.point(rmss[ch], "channel", CHANNELS[ch], device[0], device[1]);
        }
        peak.done();
        rms.done();
        f.gauge("mrtbox_audio_device_up", "1 while the audio output device is open and taking audio", bit(e.deviceUp()), device)
                .counter("mrtbox_audio_device_failures_total", "times the audio output device failed or vanished", e.deviceFailures(), device)
                .counter("mrtbox_model_load_failures_total", "model loads that failed", e.modelLoadFailed() ? 1 : 0, model);
        if (!Double.isNaN(e.modelLoadSeconds())) {
            f.gauge("mrtbox_model_load_seconds", "how long loading the playing model took", e.modelLoadSeconds(), model);
        }
        if (e.nativeBytes().isPresent()) {
            f.gauge("mrtbox_tensorflow_native_bytes", "native memory the TensorFlow runtime holds through JavaCPP (tensors, buffers)",
                    e.nativeBytes().getAsLong());
        }
        f.counter("mrtbox_guard_actions_total", "rollbacks and resets the output guard made", r.guard().actions())
                .gauge("mrtbox_guard_gave_up", "1 while the output guard has given up acting (health says on which check)",
                        bit(!r.guard().gaveUp().isEmpty()));
        Families.Points<?> health = f.gauges("mrtbox_health_state", "1 for the box's current health state, 0 for the others");
        String state = state(r.health());
        for (String s : HEALTH_STATES) health.point(bit(s.equals(state)), "state", s);
        return health.done()
                .gauge("mrtbox_uptime_seconds", "since the service started", r.uptimeSeconds())
                .build();
    }

    /** "ok (2 stall recoveries since start)" is ok, "degraded: audio device unavailable" is degraded. */
    static String state(String health) {
        for (String s : HEALTH_STATES) {
            if (health.equals(s) || health.startsWith(s + ":") || health.startsWith(s + " ")) return s;
        }
        return "error";   // a health text this build does not know is not "ok"
    }

    private static double bit(boolean b) {
        return b ? 1 : 0;
    }
}
