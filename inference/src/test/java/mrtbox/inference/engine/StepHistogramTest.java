package mrtbox.inference.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class StepHistogramTest {
    @Test
    void stepsLandInTheFirstBucketThatHoldsThem() {
        StepHistogram h = new StepHistogram();
        h.record(1_000_000);        // 1 ms
        h.record(5_000_000);        // exactly on the 5 ms bound: "less or equal"
        h.record(40_000_000);       // an MRT2 frame
        h.record(2_000_000_000L);   // an MRT v1 chunk
        h.record(60_000_000_000L);  // a hung step: beyond every bound
        StepHistogram.Snapshot s = h.snapshot();
        double[] bounds = s.upperBoundsSeconds();
        long[] counts = s.counts();
        assertEquals(bounds.length + 1, counts.length);
        assertEquals(5, s.total());
        assertEquals(2, counts[0]);
        assertEquals(1, counts[indexOf(bounds, 0.04)]);
        assertEquals(1, counts[indexOf(bounds, 2)]);
        assertEquals(1, counts[counts.length - 1]);
        assertEquals(62.046, s.sumSeconds(), 1e-9);
    }

    @Test
    void snapshotsAreCopies() {
        StepHistogram h = new StepHistogram();
        StepHistogram.Snapshot before = h.snapshot();
        h.record(10_000_000);
        assertEquals(0, before.total());
        long[] c = h.snapshot().counts();
        c[0] = 99;
        assertEquals(1, h.snapshot().total());
    }

    private static int indexOf(double[] bounds, double v) {
        for (int i = 0; i < bounds.length; i++) if (bounds[i] == v) return i;
        throw new AssertionError("no bound " + v);
    }
}
