package mrtbox.inference.engine;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class GlideTest {

    @Test
    void sweepsLinearlyOverTheGlideTimeThenHolds() {
        Glide g = new Glide(new float[] {0f, 1f}, 0.2);
        g.setTarget(new float[] {1f, 0f});
        float[] v = g.advance(0.04);
        assertEquals(0.2f, v[0], 1e-6);
        assertEquals(0.8f, v[1], 1e-6);
        g.advance(0.04);
        g.advance(0.04);
        assertEquals(0.6f, g.current()[0], 1e-6);
        g.advance(0.04);
        g.advance(0.04);
        assertArrayEquals(new float[] {1f, 0f}, g.current());
        assertFalse(g.moving());
        g.advance(0.04);
        assertArrayEquals(new float[] {1f, 0f}, g.current());
    }

    @Test
    void newTargetStartsFromWhereTheValuesAre() {
        Glide g = new Glide(new float[] {0f}, 1.0);
        g.setTarget(new float[] {1f});
        g.advance(0.5);                    // halfway: 0.5
        g.setTarget(new float[] {0f});     // back down, over a full glide time from 0.5
        assertEquals(0.25f, g.advance(0.5)[0], 1e-6);
        assertEquals(0f, g.advance(0.5)[0], 0f);
    }

    @Test
    void sameTargetDoesNotRestartTheSweep() {
        Glide g = new Glide(new float[] {0f}, 1.0);
        g.setTarget(new float[] {1f});
        g.advance(0.5);
        g.setTarget(new float[] {1f});
        assertEquals(1f, g.advance(0.5)[0], 0f);
    }

    @Test
    void chunkSizedStepsReachTheTargetWhenTheGlideIsShorterThanAStep() {
        Glide g = new Glide(new float[] {0f}, 0.5);
        g.setTarget(new float[] {1f});
        assertEquals(1f, g.advance(2.0)[0], 0f);
        assertThrows(IllegalArgumentException.class, () -> g.setTarget(new float[] {1f, 2f}));
        assertThrows(IllegalArgumentException.class, () -> new Glide(new float[1], -1));
    }
}
