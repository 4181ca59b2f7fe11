package mrtbox.appliance.instrument;

import org.junit.jupiter.api.Timeout;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

import mrtbox.appliance.audio.AudioOutput;
import mrtbox.control.status.StatusReport;
import mrtbox.inference.engine.EngineMetrics;
import org.junit.jupiter.api.Test;

@Timeout(value = 300, unit = TimeUnit.SECONDS)   // TensorFlow: a hung session must not stall the build
class StatusReportsTest {
    private static EngineMetrics metrics(double rtf, long stalls, String error) {
        return new EngineMetrics("tiny-v1", true, true, 100, 12, 14, 15, 20, rtf, 180, 2, 1, stalls, 0.5,
                new double[] {-6, -7}, new double[] {-12, -13}, new float[] {-30, -40}, error);
    }

    @Test
    void aSlowModelIsToldInWordsWithWhatWouldHelp() {
        EngineMetrics slow = new EngineMetrics("mrt2_small", true, true, 100, 100, 110, 120, 130, 0.4, 0, 0, 0, 0, 0,
                new double[] {-6, -7}, new double[] {-12, -13}, new float[0], "");
        assertEquals("degraded: this model runs at 0.40x real time here (median step 100 ms): expect gaps; try tiny-mrt2 or a GPU build",
                StatusReports.from(slow, audio(true, ""), false, 1).health());
        assertEquals("ok", StatusReports.from(metrics(1.2, 0, ""), audio(true, ""), false, 1).health());
    }

    private static AudioOutput.Stats audio(boolean up, String error) {
        return new AudioOutput.Stats("Java Sound default", up, 48000, 0, up ? 0 : 1, 0, "SCHED_FIFO 70", error);
    }

    @Test
    void carriesTheNumbersAndNamesTheHealth() {
        StatusReport r = StatusReports.from(metrics(3.2, 0, ""), audio(true, ""), true, 42);
        assertEquals("tiny-v1", r.model());
        assertTrue(r.builtInNoise());
        assertEquals(3.2, r.realTimeFactor());
        assertEquals(2, r.underruns());
        assertEquals(1, r.droppedSteps());
        assertArrayEquals(new double[] {-6, -7}, r.peakDb());
        assertArrayEquals(new float[] {-30, -40}, r.spectrumDb());
        assertEquals(12, r.stepMsMedian());
        assertEquals(15, r.stepMsP99());
        assertEquals("ok", r.health());
        assertEquals(42, r.uptimeSeconds());

        assertEquals("degraded: this model runs at 0.70x real time here (median step 12 ms): expect gaps; try a GPU build or a less loaded machine",
                StatusReports.from(metrics(0.7, 0, ""), audio(true, ""), false, 1).health());
        StatusReport down = StatusReports.from(metrics(3, 0, ""), audio(false, "no audio output matches 'Scarlett'"), false, 1);
        assertEquals("degraded: audio device unavailable: no audio output matches 'Scarlett'; playing on by the clock, trying again",
                down.health());
        assertEquals("no audio output matches 'Scarlett'", down.lastError());
        assertEquals("ok (1 stall recoveries since start)", StatusReports.from(metrics(3, 1, "model step hung"), audio(true, ""), false, 1).health());
    }

    @Test
    void underrunsThatKeepRisingDegradeTheHealth() {
        EngineMetrics m = metrics(3, 0, "");
        assertEquals("degraded: the output ran dry 81 times in the last minute (underruns): the model or the audio device is not keeping pace",
                StatusReports.from(m, audio(true, ""), false, 45, 81).health());
        assertEquals("ok", StatusReports.from(m, audio(true, ""), false, 45, 0).health(), "old underruns alone are no problem now");
        EngineMetrics stopped = new EngineMetrics("tiny-v1", false, false, 100, 12, 14, 15, 20, 3, 0, 2, 1, 0, 0.5,
                new double[] {-6, -7}, new double[] {-12, -13}, new float[] {-30, -40}, "");
        assertEquals("ok", StatusReports.from(stopped, audio(true, ""), false, 45, 3).health(), "stopped: nothing runs dry");
    }
}
