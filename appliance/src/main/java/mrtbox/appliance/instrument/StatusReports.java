package mrtbox.appliance.instrument;

import java.util.Locale;
import mrtbox.appliance.audio.AudioOutput;
import mrtbox.control.status.StatusReport;
import mrtbox.inference.engine.EngineMetrics;

/** Turns the engine's metrics and the audio output's state into the frontends' {@link StatusReport}. */
public final class StatusReports {
    private StatusReports() {}

    public static StatusReport from(EngineMetrics m, AudioOutput.Stats audio, boolean builtInNoise, double uptimeSeconds) {
        String lastError = !audio.lastError().isEmpty() && !audio.deviceUp() ? audio.lastError() : m.lastError();
        return new StatusReport(m.model(), builtInNoise, m.playing(), m.realTimeFactor(), m.leadMs(), m.underruns(),
                m.droppedSteps(), m.limiterReductionDb(), m.peakDb(), m.rmsDb(), m.spectrumDb(), m.stepMsMedian(),
                m.stepMsP99(), health(m, audio), lastError, uptimeSeconds);
    }

    static String health(EngineMetrics m, AudioOutput.Stats audio) {
        if (!audio.deviceUp()) return "degraded: audio device unavailable (" + audio.device() + "), reopening";
        if (m.playing() && m.stepsCompleted() > 8 && m.realTimeFactor() > 0 && m.realTimeFactor() < 1) return "degraded: " + tooSlow(m);
        if (m.stalls() > 0) return "ok (" + m.stalls() + " stall recoveries since start)";
        return "ok";
    }

    /**
     * The one sentence a player needs when the model cannot keep up on this machine, from the engine's measured step
     * times: the real-time factor, the median step, and what would help.
     */
    static String tooSlow(EngineMetrics m) {
        String help = m.model().startsWith("tiny") ? "try a GPU build or a less loaded machine" : "try tiny-mrt2 or a GPU build";
        return String.format(Locale.ROOT, "this model runs at %.2fx real time here (median step %.0f ms): expect gaps; %s",
                m.realTimeFactor(), m.stepMsMedian(), help);
    }
}
