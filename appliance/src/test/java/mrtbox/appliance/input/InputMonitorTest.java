package mrtbox.appliance.input;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class InputMonitorTest {

    private static float[] ramp(long from, int frames) {
        float[] b = new float[frames * 2];
        for (int i = 0; i < frames; i++) {
            b[2 * i] = (from + i) * 1e-5f;
            b[2 * i + 1] = -(from + i) * 1e-5f;
        }
        return b;
    }

    @Test
    void offByDefaultThenMixesTheInputInWithoutRepeatingOrSkipping() {
        InputRing ring = new InputRing(48_000, 1 << 14);
        InputMonitor monitor = new InputMonitor(ring, 512, 256);
        ring.write(ramp(0, 1000), 1000);
        float[] block = new float[256 * 2];
        java.util.Arrays.fill(block, 0.5f);
        monitor.process(block, 256);
        for (float v : block) assertEquals(0.5f, v, "monitoring is off by default: the output is untouched");

        monitor.enabled(true);
        monitor.level(2f);
        long expectedFrame = 1000 - 256;   // starts 256 frames behind the newest input
        for (int b = 0; b < 20; b++) {
            ring.write(ramp(ring.framesWritten(), 256), 256);   // input and output at the same rate
            java.util.Arrays.fill(block, 0.5f);
            monitor.process(block, 256);
            for (int i = 0; i < 256; i++) {
                float in = (expectedFrame + 256 + i) * 1e-5f;   // the writes above moved the newest frame by 256
                assertEquals(0.5f + 2 * in, block[2 * i], 1e-6f, "block " + b + " frame " + i);
                assertEquals(0.5f - 2 * in, block[2 * i + 1], 1e-6f);
            }
            expectedFrame += 256;
        }
    }

    @Test
    void jumpsBackWhenTheOutputRunsAheadOfTheInput() {
        InputRing ring = new InputRing(48_000, 1 << 14);
        InputMonitor monitor = new InputMonitor(ring, 512, 256);
        monitor.enabled(true);
        ring.write(ramp(0, 2000), 2000);
        float[] block = new float[256 * 2];
        for (int b = 0; b < 5; b++) monitor.process(block, 256);   // the input stalls: no new frames
        java.util.Arrays.fill(block, 0f);
        monitor.process(block, 256);
        // never plays frames that were not captured: at most up to the newest, re-synced 256 behind it
        assertEquals((2000 - 256) * 1e-5f, block[0], 1e-6f);
    }
}
