package mrtbox.appliance.instrument;

import java.util.Locale;
import mrtbox.appliance.audio.AudioOutput;
import mrtbox.control.status.StatusReport;
import mrtbox.inference.engine.EngineMetrics;

/** Turns the engine's metrics and the audio output's state into the frontends' {@link StatusReport}. */
public final class StatusReports {
    private StatusReports() {}

    /** For a single report: no history, so underruns of the last minute are not known (counted as none). */
    public static StatusReport from(EngineMetrics m, AudioOutput.Stats audio, boolean builtInNoise, double uptimeSeconds) {
        return from(m, audio, builtInNoise, uptimeSeconds, 0);
    }

    /** @param recentUnderruns underruns within the last minute ({@link UnderrunWindow}) */
    static StatusReport from(EngineMetrics m, AudioOutput.Stats audio, boolean builtInNoise, double uptimeSeconds,
                             long recentUnderruns) {
        String lastError = !audio.lastError().isEmpty() && !audio.deviceUp() ? audio.lastError() : m.lastError();
        return new StatusReport(m.model(), builtInNoise, m.playing(), m.realTimeFactor(), m.leadMs(), m.underruns(),
                m.droppedSteps(), m.limiterReductionDb(), m.peakDb(), m.rmsDb(), m.spectrumDb(), m.stepMsMedian(),
                m.stepMsP99(), health(m, audio, recentUnderruns), lastError, uptimeSeconds);
    }

    static String health(EngineMetrics m, AudioOutput.Stats audio, long recentUnderruns) {
        if (!audio.deviceUp()) {
            String why = audio.lastError().isEmpty() ? "not open yet" : audio.lastError();
            return "degraded: audio device unavailable: " + why + "; playing on by the clock, trying again";
        }
        if (m.playing() && m.stepsCompleted() > 8 && m.realTimeFactor() > 0 && m.realTimeFactor() < 1) return "degraded: " + tooSlow(m);
        if (m.playing() && recentUnderruns > 0) {
            return "degraded: the output ran dry " + recentUnderruns + (recentUnderruns == 1 ? " time" : " times")
                    + " in the last minute (underruns): the model or the audio device is not keeping pace";
        }
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
