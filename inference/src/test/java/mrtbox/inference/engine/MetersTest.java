package mrtbox.inference.engine;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class MetersTest {

    @Test
    void levelMeterReportsPeakAndRmsPerChannelThenStartsOver() {
        LevelMeter m = new LevelMeter(2);
        float[] buf = new float[2 * 4800];
        for (int i = 0; i < 4800; i++) {
            buf[2 * i] = (float) (0.5 * Math.sin(2 * Math.PI * 1000 * i / 48000.0));   // -6 dBFS peak, -9 dB RMS
            buf[2 * i + 1] = 0f;
        }
        m.feed(buf, buf.length);
        double[] peak = new double[2];
        double[] rms = new double[2];
        m.takeReport(peak, rms);
        assertEquals(-6.02, peak[0], 0.01);
        assertEquals(-9.03, rms[0], 0.01);
        assertEquals(LevelMeter.FLOOR_DB, peak[1]);
        m.takeReport(peak, rms);
        assertEquals(LevelMeter.FLOOR_DB, peak[0], "a new interval starts empty");
    }

    @Test
    void spectrumPutsASineInItsBandAtItsLevel() {
        SpectrumAnalyzer s = new SpectrumAnalyzer(48000, 2, 2048, 32);
        float[] buf = new float[2 * 4096];
        for (int i = 0; i < 4096; i++) buf[2 * i] = buf[2 * i + 1] = (float) (0.5 * Math.sin(2 * Math.PI * 1000 * i / 48000.0));
        s.feed(buf, buf.length);
        float[] column = new float[32];
        s.column(column);
        int loudest = 0;
        for (int b = 1; b < 32; b++) if (column[b] > column[loudest]) loudest = b;
        // bands are log-spaced from 30 Hz to 20 kHz: 1 kHz falls in band floor(32 * ln(1000/30) / ln(20000/30))
        assertEquals((int) (32 * Math.log(1000 / 30.0) / Math.log(20000 / 30.0)), loudest);
        assertEquals(-6.02, column[loudest], 1.5, "a -6 dBFS sine reads about -6 dBFS");
        assertTrue(column[2] < -60, "far from the tone the spectrum is low: " + column[2]);
    }
}
