package mrtbox.inference.mrtv1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ChunkCrossfadeTest {
    /** decoded sample i, channel c = i + 0.25 c + offset: every output value can be computed by hand. */
    private static float[] chunk(float offset) {
        float[] d = new float[ChunkCrossfade.DECODED * 2];
        for (int i = 0; i < ChunkCrossfade.DECODED; i++) {
            d[2 * i] = i + offset;
            d[2 * i + 1] = i + 0.25f + offset;
        }
        return d;
    }

    @Test
    void rampIsTheEqualPowerQuarterSine() {
        assertEquals(0f, ChunkCrossfade.ramp(0));
        assertEquals((float) Math.sin(Math.PI / 4), ChunkCrossfade.ramp(960), 1e-7f);
        assertEquals((float) Math.sin(Math.PI / 2 * 1919 / 1920), ChunkCrossfade.ramp(1919), 1e-7f);
        for (int i = 0; i < 1920; i++) {
            float a = ChunkCrossfade.ramp(i), b = ChunkCrossfade.ramp(1919 - i);
            double power = a * a + b * b;
            assertTrue(power >= 0.99918 && power <= 1.0 + 1e-6, "power " + power + " at " + i);
        }
    }

    @Test
    void firstChunkFadesInFromSilenceAndKeepsItsRawTail() {
        ChunkCrossfade x = new ChunkCrossfade();
        float[] out = new float[96_000 * 2];
        x.apply(chunk(0), out);
        for (int i : new int[] {0, 1, 500, 1919}) {
            assertEquals(i * ChunkCrossfade.ramp(i), out[2 * i], 1e-3f);
            assertEquals((i + 0.25f) * ChunkCrossfade.ramp(i), out[2 * i + 1], 1e-3f);
        }
        for (int i : new int[] {1920, 50_000, 95_999}) {
            assertEquals(i, out[2 * i]);
            assertEquals(i + 0.25f, out[2 * i + 1]);
        }
        float[] tail = x.tail();
        assertEquals(1920 * 2, tail.length);
        assertEquals(96_000f, tail[0]);
        assertEquals(96_000.25f, tail[1]);
        assertEquals(97_919.25f, tail[2 * 1919 + 1]);
    }

    @Test
    void nextChunkCrossfadesWithThePreviousTail() {
        ChunkCrossfade x = new ChunkCrossfade();
        float[] out = new float[96_000 * 2];
        x.apply(chunk(0), out);
        x.apply(chunk(1_000_000), out);
        for (int i : new int[] {0, 7, 960, 1919}) {
            float prev = 96_000 + i;
            float now = i + 1_000_000;
            assertEquals(now * ChunkCrossfade.ramp(i) + prev * ChunkCrossfade.ramp(1919 - i), out[2 * i], 0.2f);
        }
        assertEquals(1_000_000f + 1920, out[2 * 1920]);
        assertEquals(1_000_000f + 96_000, x.tail()[0]);
        x.reset();
        assertEquals(0f, x.tail()[0]);
    }

    @Test
    void wrongLengthsAreRejected() {
        ChunkCrossfade x = new ChunkCrossfade();
        assertThrows(IllegalArgumentException.class, () -> x.apply(new float[96_000 * 2], new float[96_000 * 2]));
        assertThrows(IllegalArgumentException.class, () -> x.apply(chunk(0), new float[10]));
    }
}
