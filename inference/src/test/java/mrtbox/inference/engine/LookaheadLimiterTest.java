package mrtbox.inference.engine;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import org.junit.jupiter.api.Test;

class LookaheadLimiterTest {
    private static final float CEILING = (float) Math.pow(10, -1 / 20.0);

    @Test
    void hotSignalNeverExceedsTheCeiling() {
        LookaheadLimiter limiter = new LookaheadLimiter(2, 48000, -1, 5, 80);
        Random rnd = new Random(42);
        float[] block = new float[2 * 512];
        float max = 0;
        for (int b = 0; b < 2000; b++) {   // ~21 s of hot material: sines at +12 dB, bursts, single-sample spikes
            for (int f = 0; f < 512; f++) {
                long i = (long) b * 512 + f;
                float s = (float) (4 * Math.sin(2 * Math.PI * 97 * i / 48000.0));
                if ((i / 24000) % 3 == 1) s *= 0.1f;                // quiet passages to exercise the release
                if (rnd.nextInt(5000) == 0) s = rnd.nextBoolean() ? 30f : -30f;   // isolated spikes
                block[2 * f] = s;
                block[2 * f + 1] = (float) (rnd.nextGaussian() * 2);
            }
            limiter.process(block, 512);
            for (float v : block) max = Math.max(max, Math.abs(v));
        }
        assertTrue(max <= CEILING, "peak " + max + " exceeds the ceiling " + CEILING);
        assertTrue(max > CEILING * 0.9, "a hot signal should be limited to near the ceiling, not crushed: " + max);
    }

    @Test
    void quietSignalPassesUnchangedAfterTheLookaheadDelay() {
        LookaheadLimiter limiter = new LookaheadLimiter(1, 48000, -1, 5, 80);
        int delay = limiter.latencyFrames();
        assertEquals(239, delay);
        float[] in = new float[4800];
        for (int i = 0; i < in.length; i++) in[i] = (float) (0.5 * Math.sin(i * 0.05));
        float[] buf = in.clone();
        limiter.process(buf, buf.length);
        for (int i = delay; i < in.length; i++) assertEquals(in[i - delay], buf[i], 0f, "sample " + i);
        assertEquals(0f, limiter.reductionDb());
    }

    @Test
    void gainRampsDownBeforeThePeakInsteadOfJumping() {
        LookaheadLimiter limiter = new LookaheadLimiter(1, 48000, -1, 5, 80);
        int delay = limiter.latencyFrames();
        float[] in = new float[9600];
        for (int i = 0; i < in.length; i++) in[i] = i < 4800 ? 0.25f : 2.0f;   // a +18 dB step in a DC level
        float[] out = in.clone();
        limiter.process(out, out.length);
        float largestGainChange = 0;
        float previousGain = 1;
        for (int i = delay; i < in.length; i++) {
            float gain = out[i] / in[i - delay];
            largestGainChange = Math.max(largestGainChange, Math.abs(gain - previousGain));
            previousGain = gain;
        }
        // the gain falls from 1 to 0.446 across the 240-frame look-ahead: about 0.0023 per frame, never a jump
        assertTrue(largestGainChange < 0.003f, "largest gain change per frame " + largestGainChange);
        assertEquals(0.4456f, previousGain, 1e-3);
        assertEquals(2.0f * previousGain, out[out.length - 1], 1e-6);
        assertTrue(limiter.reductionDb() > 6.9 && limiter.reductionDb() < 7.1, "reduction " + limiter.reductionDb());
    }

    /** The fast sliding minimum must give exactly what a naive minimum over the window gives. */
    @Test
    void matchesANaiveReferenceOnFallingRisingAndRandomPeaks() {
        int window = 48;   // 1 ms at 48 kHz
        LookaheadLimiter limiter = new LookaheadLimiter(1, 48000, -1, 1, 20);
        Random rnd = new Random(7);
        int n = 48000;
        float[] in = new float[n];
        for (int i = 0; i < n; i++) {
            int phase = i / 4000 % 3;
            float amp = phase == 0 ? 8f - 7f * (i % 4000) / 4000f      // falling peaks: the deque fills up
                    : phase == 1 ? 1f + 7f * (i % 4000) / 4000f        // rising peaks: the deque stays short
                    : (float) (rnd.nextDouble() * 6);
            in[i] = (i % 2 == 0 ? 1 : -1) * amp;
        }
        float[] out = in.clone();
        limiter.process(out, n);
        // reference: same stages with an O(window) minimum
        float ceiling = (float) (Math.pow(10, -1 / 20.0) * (1 - 1e-6));
        float coef = (float) (1 - Math.exp(-1000.0 / (20 * 48000)));
        float[] required = new float[n];
        for (int i = 0; i < n; i++) required[i] = Math.abs(in[i]) > ceiling ? ceiling / Math.abs(in[i]) : 1f;
        float held = 1f;
        double[] heldHistory = new double[n];
        for (int i = 0; i < n; i++) {
            float min = 1f;
            for (int k = Math.max(0, i - window + 1); k <= i; k++) min = Math.min(min, required[k]);
            held = min < held ? min : held + (min - held) * coef;
            heldHistory[i] = held;
        }
        for (int i = window; i < n; i++) {
            double sum = 0;
            for (int k = i - window + 1; k <= i; k++) sum += heldHistory[k];
            float gain = (float) Math.min(sum / window, 1.0);
            float expected = in[i - (window - 1)] * gain;
            assertEquals(expected, out[i], Math.abs(expected) * 1e-5f + 1e-7f, "frame " + i);
            assertTrue(Math.abs(out[i]) <= CEILING, "frame " + i + " exceeds the ceiling: " + out[i]);
        }
    }

    @Test
    void nanBecomesSilenceNotNoise() {
        LookaheadLimiter limiter = new LookaheadLimiter(2, 48000, -1, 1, 50);
        float[] buf = new float[2 * 480];
        java.util.Arrays.fill(buf, Float.NaN);
        limiter.process(buf, 480);
        limiter.process(buf, 480);
        for (float v : buf) assertEquals(0f, v);
    }
}
