package mrtbox.inference.style;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** numpy's values, as numpy prints them: {@code np.random.RandomState(0).randn(10)} and MT19937's first words. */
class NumpyRandomStateTest {

    @Test
    void mt19937SeededWithZeroGivesTheReferenceWords() {
        NumpyRandomState r = new NumpyRandomState(0);
        assertEquals(2357136044L, r.nextInt32());
        assertEquals(2546248239L, r.nextInt32());
        assertEquals(3071714933L, r.nextInt32());
    }

    @Test
    void randnMatchesNumpy() {
        NumpyRandomState r = new NumpyRandomState(0);
        double[] exact = {1.764052345967664, 0.4001572083672233, 0.9787379841057392, 2.240893199201458, 1.8675579901499675};
        for (double v : exact) assertEquals(v, r.nextGaussian(), 1e-15);
        // the next five as numpy prints them (8 significant digits)
        double[] printed = {-0.97727788, 0.95008842, -0.15135721, -0.10321885, 0.4105985};
        for (double v : printed) assertEquals(v, r.nextGaussian(), 5e-9);
    }

    @Test
    void float32NoiseIsTheDoubleSequenceRounded() {
        float[] noise = NumpyRandomState.randnFloat32(0, 768);
        assertEquals(768, noise.length);
        assertEquals((float) 1.764052345967664, noise[0]);
        assertEquals((float) 1.8675579901499675, noise[4]);
        NumpyRandomState r = new NumpyRandomState(0);
        for (int i = 0; i < 768; i++) assertEquals((float) r.nextGaussian(), noise[i], "value " + i);
    }

    @Test
    void seedsOutside32BitsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new NumpyRandomState(-1));
        assertThrows(IllegalArgumentException.class, () -> new NumpyRandomState(1L << 32));
    }
}
