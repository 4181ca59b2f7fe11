package mrtbox.control.osc;

import java.util.ArrayList;
import java.util.List;
import mrtbox.control.status.GuardLine;
import mrtbox.control.status.InputStatus;
import mrtbox.control.status.StatusReport;

/**
 * The status stream as OSC, one value per address under {@code /mrtbox/status/} (TouchDesigner makes a channel
 * of each): model, playing, rtf, lead_ms, underruns, dropped_steps, limiter_db, peak_db/N, rms_db/N, step_ms,
 * step_ms_p99, health, builtin_noise, guard (i actions, s last check, s last action, s gave up); with live input on, input/open, input/peak_db/N, input/rms_db/N, input/clips, input/calibration.
 */
public final class StatusMessages {
    /** One outgoing status message. */
    public record Entry(String address, List<Object> args) {}

    private StatusMessages() {}

    public static List<Entry> of(StatusReport r) {
        String p = AddressSpace.STATUS_PREFIX;
        List<Entry> out = new ArrayList<>();
        out.add(new Entry(p + "model", List.of(r.model())));
        out.add(new Entry(p + "playing", List.of(r.playing() ? 1 : 0)));
        out.add(new Entry(p + "rtf", List.of((float) r.realTimeFactor())));
        out.add(new Entry(p + "lead_ms", List.of((float) r.leadMs())));
        out.add(new Entry(p + "underruns", List.of(clampInt(r.underruns()))));
        out.add(new Entry(p + "dropped_steps", List.of(clampInt(r.droppedSteps()))));
        out.add(new Entry(p + "limiter_db", List.of((float) r.limiterReductionDb())));
        double[] peak = r.peakDb();
        for (int c = 0; c < peak.length; c++) out.add(new Entry(p + "peak_db/" + (c + 1), List.of((float) peak[c])));
        double[] rms = r.rmsDb();
        for (int c = 0; c < rms.length; c++) out.add(new Entry(p + "rms_db/" + (c + 1), List.of((float) rms[c])));
        out.add(new Entry(p + "step_ms", List.of((float) r.stepMsMedian())));
        out.add(new Entry(p + "step_ms_p99", List.of((float) r.stepMsP99())));
        out.add(new Entry(p + "health", List.of(r.health())));
        out.add(new Entry(p + "builtin_noise", List.of(r.builtInNoise() ? 1 : 0)));
        GuardLine g = r.guard();
        out.add(new Entry(p + "guard", List.of(clampInt(g.actions()), g.lastCheck(), g.lastAction(), g.gaveUp())));
        InputStatus in = r.input();
        if (in.enabled()) {
            out.add(new Entry(p + "input/open", List.of(in.open() ? 1 : 0)));
            double[] ip = in.peakDb();
            for (int c = 0; c < ip.length; c++) out.add(new Entry(p + "input/peak_db/" + (c + 1), List.of((float) ip[c])));
            double[] ir = in.rmsDb();
            for (int c = 0; c < ir.length; c++) out.add(new Entry(p + "input/rms_db/" + (c + 1), List.of((float) ir[c])));
            out.add(new Entry(p + "input/clips", List.of(clampInt(in.clippedSamples()))));
            out.add(new Entry(p + "input/calibration", List.of(in.calibration())));
        }
        return out;
    }

    private static int clampInt(long v) {
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v));
    }
}
