package mrtbox.inference.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The one matmul-peak measurement every bench uses (behaviour only; the figures are `mrtbox bench`'s). */
@Timeout(60)
class MatmulPeakTest {
    @Test
    void peakIsTheBestSampleAndNeverDrops() {
        try (MatmulPeak p = new MatmulPeak(64, 1)) {
            assertThrows(IllegalStateException.class, p::gflops, "no sample yet: no peak");
            p.sample();
            double first = p.gflops();
            assertTrue(first > 0 && Double.isFinite(first), "GFLOP/s " + first);
            double best = first;
            for (int i = 0; i < 5; i++) {
                p.sample();
                assertTrue(p.gflops() >= best, "the peak is the best sample: it cannot drop");
                best = p.gflops();
            }
            assertEquals(6, p.samples());
        }
    }

    @Test
    void measureTakesBackToBackSamples() {
        double g = MatmulPeak.measure(1, 3);
        assertTrue(g > 0 && Double.isFinite(g), "GFLOP/s " + g);
    }

    @Test
    void rejectsAnEmptyMatrix() {
        assertThrows(IllegalArgumentException.class, () -> new MatmulPeak(0, 1));
    }
}
