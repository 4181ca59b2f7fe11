package mrtbox.appliance.metrics;

import org.junit.jupiter.api.Timeout;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.expositionformats.ExpositionFormats;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import mrtbox.control.midi.MidiStats;
import mrtbox.control.status.StatusBoard;
import mrtbox.control.status.StatusReport;
import mrtbox.inference.engine.StepHistogram;
import mrtbox.web.api.SystemProbe;
import mrtbox.web.auth.LoginFailures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The box's series as the text format writes them, from a published status report and engine facts. */
@Timeout(value = 300, unit = TimeUnit.SECONDS)   // TensorFlow: a hung session must not stall the build
class BoxMetricsTest {
    @TempDir Path root;

    private static StatusReport report(String health) {
        return new StatusReport("tiny-v1", true, true, 1.25, 480, 3, 1, 2.5, new double[] {-6, -7}, new double[] {-12, -13},
                new float[0], 30, 45, health, "", 123.5);
    }

    /** One sample line with the box's labels, in the writer's order (sorted by name, a bucket's le last). */
    private static String series(String name, String value, String... pairs) {
        java.util.TreeMap<String, String> labels = new java.util.TreeMap<>();
        labels.put("box", "lobby");
        labels.put("location", "Hall 2, east wall");
        String le = null;
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i].equals("le")) le = pairs[i + 1];
            else labels.put(pairs[i], pairs[i + 1]);
        }
        StringBuilder b = new StringBuilder(name).append('{');
        labels.forEach((k, v) -> b.append(k).append("=\"").append(v).append("\","));
        if (le != null) b.append("le=\"").append(le).append("\",");
        b.setLength(b.length() - 1);
        return b.append("} ").append(value).toString();
    }

    private static String text(BoxMetrics m) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ExpositionFormats.init().getPrometheusTextFormatWriter().write(out, m.scrape());
        return out.toString(StandardCharsets.UTF_8);
    }

    private BoxMetrics metrics(StatusBoard board) throws Exception {
        StepHistogram steps = new StepHistogram();
        steps.record(35_000_000);
        steps.record(38_000_000);
        steps.record(90_000_000);
        EngineFacts facts = new EngineFacts("USB Audio", true, 2, steps.snapshot(), 1.5, false, OptionalLong.of(4096));
        Path proc = Files.createDirectories(root.resolve("proc"));
        Files.writeString(proc.resolve("stat"), "cpu  1000 0 500 8000 500 0 0 0 0 0\n");
        Path zone = Files.createDirectories(root.resolve("thermal/thermal_zone0"));
        Files.writeString(zone.resolve("temp"), "71500\n");
        MidiStats midi = new MidiStats(40, 2, 38, 30, 8, 1, 5, 1, 0, 0, 0, 0, 0, 1, 0, -1);
        return new BoxMetrics("lobby", "Hall 2, east wall")
                .engine(board, () -> facts, () -> false)
                .control(Optional::empty, () -> midi, new LoginFailures())
                .system(new SystemProbe(proc, root.resolve("thermal")))
                .build(new BuildInfo("1.2.3", "abcdef123456"), board);
    }

    @Test
    void everySeriesNamedWithItsUnitAndLabelledWithTheBox() throws Exception {
        StatusBoard board = new StatusBoard();
        board.publish(report("ok (1 stall recoveries since start)"));
        String t = text(metrics(board));
        for (String line : new String[] {
                series("mrtbox_playing", "1.0", "model", "tiny-v1"),
                series("mrtbox_output_muted", "0.0", "device", "USB Audio"),
                series("mrtbox_real_time_factor", "1.25", "model", "tiny-v1"),
                series("mrtbox_lead_seconds", "0.48", "model", "tiny-v1"),
                series("mrtbox_underruns_total", "3.0", "model", "tiny-v1"),
                series("mrtbox_dropped_steps_total", "1.0", "model", "tiny-v1"),
                series("mrtbox_limiter_gain_reduction_decibels", "2.5", "device", "USB Audio"),
                series("mrtbox_output_peak_dbfs", "-6.0", "channel", "left", "device", "USB Audio"),
                series("mrtbox_output_rms_dbfs", "-13.0", "channel", "right", "device", "USB Audio"),
                series("mrtbox_audio_device_up", "1.0", "device", "USB Audio"),
                series("mrtbox_audio_device_failures_total", "2.0", "device", "USB Audio"),
                series("mrtbox_model_load_seconds", "1.5", "model", "tiny-v1"),
                series("mrtbox_model_load_failures_total", "0.0", "model", "tiny-v1"),
                series("mrtbox_tensorflow_native_bytes", "4096.0"),
                series("mrtbox_health_state", "1.0", "state", "ok"),
                series("mrtbox_health_state", "0.0", "state", "degraded"),
                series("mrtbox_uptime_seconds", "123.5"),
                // cumulative buckets: two frames under 40 ms, one at 90 ms
                series("mrtbox_step_duration_seconds_bucket", "2", "model", "tiny-v1", "le", "0.04"),
                series("mrtbox_step_duration_seconds_bucket", "3", "model", "tiny-v1", "le", "0.1"),
                series("mrtbox_step_duration_seconds_bucket", "3", "model", "tiny-v1", "le", "+Inf"),
                series("mrtbox_step_duration_seconds_count", "3", "model", "tiny-v1"),
                series("mrtbox_midi_messages_received_total", "40.0"),
                series("mrtbox_midi_rejected_total", "2.0", "cause", "queue_full"),
                series("mrtbox_midi_unknown_bytes_total", "5.0"),
                series("mrtbox_web_login_failures_total", "0.0", "cause", "wrong_password"),
                series("mrtbox_cpu_seconds_total", "15.0", "mode", "busy"),
                series("mrtbox_cpu_seconds_total", "85.0", "mode", "idle"),
                series("mrtbox_temperature_celsius", "71.5"),
                series("mrtbox_build_info", "1", "commit", "abcdef123456", "model", "tiny-v1", "version", "1.2.3"),
                "# TYPE mrtbox_step_duration_seconds histogram",
                "# TYPE mrtbox_underruns_total counter"}) {
            assertTrue(t.contains(line + "\n"), "missing: " + line + "\n" + t);
        }
        assertTrue(t.contains("jvm_memory_used_bytes{area=\"heap\",box=\"lobby\",location=\"Hall 2, east wall\"}"),
                "the JVM's series carry the box too");
        assertTrue(t.contains("process_start_time_seconds{box=\"lobby\",location=\"Hall 2, east wall\"}"));
        assertFalse(t.contains("mrtbox_osc_"), "no OSC series while the OSC service is down");
    }

    @Test
    void eachHealthStateHasASeriesAndOnlyOneIsSet() throws Exception {
        StatusBoard board = new StatusBoard();
        BoxMetrics m = metrics(board);
        for (String[] c : new String[][] {{"starting", "starting"}, {"degraded: audio device unavailable (USB), reopening", "degraded"},
                {"error: no model step completed in 21 s while playing", "error"}, {"ok", "ok"}, {"mystery", "error"}}) {
            board.publish(report(c[0]));
            String t = text(m);
            for (String s : EngineSeries.HEALTH_STATES) {
                String expect = s.equals(c[1]) ? "1.0" : "0.0";
                assertTrue(t.contains(series("mrtbox_health_state", expect, "state", s) + "\n"),
                        c[0] + " -> " + s + "\n" + t);
            }
        }
    }

    @Test
    void aBoxWithoutLocationHasNoLocationLabelAndAFailedLoadIsCounted() throws Exception {
        StatusBoard board = new StatusBoard();
        BoxMetrics m = new BoxMetrics("stage-left", "").engine(board, () -> EngineFacts.none("default", true), () -> true);
        String t = text(m);
        assertTrue(t.contains("mrtbox_model_load_failures_total{box=\"stage-left\",model=\"\"} 1.0\n"), t);
        assertTrue(t.contains("mrtbox_output_muted{box=\"stage-left\",device=\"default\"} 1.0\n"), t);
        assertFalse(t.contains("mrtbox_model_load_seconds"), "no load time without a load");
        assertFalse(t.contains("mrtbox_tensorflow_native_bytes"), "native memory only where readable");
        assertFalse(t.contains("location="), t);
    }
}
