package mrtbox.inference.inject;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The output ring against a plain growing array: appends of odd sizes that wrap, reads of the newest frames. */
class OutputHistoryTest {

    @Test
    void theNewestFramesComeBackScaledAcrossWrapsWithSilenceBeforeTheFirst() {
        OutputHistory h = new OutputHistory(1000);
        float[] all = new float[2 * 5000];
        for (int i = 0; i < all.length; i++) all[i] = (float) Math.sin(i * 0.37) + i * 1e-4f;
        float[] got = new float[2 * 1000];

        h.readLatest(got, 1000, 1f);
        assertArrayEquals(new float[2 * 1000], got, "nothing played yet: silence");

        h.append(all, 0, 300);
        h.readLatest(got, 1000, 0.5f);
        for (int f = 0; f < 700; f++) assertEquals(0f, got[2 * f]);
        for (int f = 0; f < 300; f++) assertEquals(0.5f * all[2 * f + 1], got[2 * (700 + f) + 1]);

        int written = 300;
        for (int size : new int[] {777, 1, 999, 1000, 1234}) {
            h.append(all, 2 * written, size);
            written += size;
            h.readLatest(got, 1000, 1f);
            float[] expected = java.util.Arrays.copyOfRange(all, 2 * (written - 1000), 2 * written);
            assertArrayEquals(expected, got, "after " + written + " frames");
        }
        assertEquals(written, h.written());
        h.clear();
        h.readLatest(got, 10, 1f);
        assertArrayEquals(new float[20], java.util.Arrays.copyOf(got, 20));
        assertThrows(IllegalArgumentException.class, () -> h.readLatest(new float[2 * 1001], 1001, 1f));
    }
}
