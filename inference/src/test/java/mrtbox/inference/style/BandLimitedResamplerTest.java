package mrtbox.inference.style;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BandLimitedResamplerTest {
    static float[] sine(double hz, int rate, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) Math.sin(2 * Math.PI * hz * i / rate);
        return x;
    }

    static double rms(float[] x, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) s += x[i] * x[i];
        return Math.sqrt(s / (to - from));
    }

    @Test
    void passbandToneSurvivesDownsampling() {
        float[] y = BandLimitedResampler.resample(sine(1000, 48000, 48000), 48000, 16000);
        assertEquals(16000, y.length);
        float[] ideal = sine(1000, 16000, 16000);
        double maxErr = 0;
        for (int i = 2000; i < 14000; i++) maxErr = Math.max(maxErr, Math.abs(y[i] - ideal[i]));
        assertTrue(maxErr < 1e-3, "1 kHz tone error " + maxErr);
    }

    @Test
    void tonesAboveTheNewNyquistAreRemoved() {
        float[] y = BandLimitedResampler.resample(sine(10000, 48000, 48000), 48000, 16000);
        double level = rms(y, 2000, 14000);
        assertTrue(level < 1e-3, "10 kHz tone must not alias into 16 kHz output, rms " + level); // < -57 dB re 0.707
    }

    @Test
    void upsamplingAndOddRatesWork() {
        float[] y = BandLimitedResampler.resample(sine(440, 22050, 22050), 22050, 16000);
        assertEquals(16000, y.length);
        float[] ideal = sine(440, 16000, 16000);
        double maxErr = 0;
        for (int i = 2000; i < 14000; i++) maxErr = Math.max(maxErr, Math.abs(y[i] - ideal[i]));
        assertTrue(maxErr < 1e-3, "440 Hz at 22.05k -> 16k error " + maxErr);
        float[] up = BandLimitedResampler.resample(sine(300, 8000, 8000), 8000, 16000);
        assertEquals(16000, up.length);
        assertTrue(Math.abs(rms(up, 2000, 14000) - Math.sqrt(0.5)) < 1e-3);
    }

    @Test
    void theDecimatorGivesTheGeneralResamplersOutput() {
        java.util.Random r = new java.util.Random(5);
        float[] x = new float[48_001];   // noise: every frequency, and a length that is not a multiple of 3
        for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian() * 0.3f;
        float[] general = BandLimitedResampler.resample(x, 48_000, 16_000);
        float[] fast = BandLimitedResampler.decimator(48_000, 16_000).apply(x);
        assertEquals(general.length, fast.length);
        for (int i = 0; i < fast.length; i++) assertEquals(general[i], fast[i], 2e-6f, "sample " + i);
    }
}
