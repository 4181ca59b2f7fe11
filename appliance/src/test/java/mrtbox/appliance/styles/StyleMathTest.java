package mrtbox.appliance.styles;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** k-means and principal axes against values worked out by hand. */
class StyleMathTest {

    @Test
    void kMeansFindsTheTwoGroupsLargestFirst() {
        // Two groups: {(0,0), (0,1)} around (0, 0.5) and {(10,0), (10,1), (10,2)} around (10, 1).
        List<float[]> points = List.of(new float[] {0, 0}, new float[] {10, 0}, new float[] {0, 1},
                new float[] {10, 1}, new float[] {10, 2});
        for (long seed = 0; seed < 5; seed++) {
            KMeans.Result r = KMeans.cluster(points, 2, seed);
            assertArrayEquals(new float[] {10, 1}, r.centroids().get(0), 1e-6f, "the larger cluster comes first");
            assertArrayEquals(new float[] {0, 0.5f}, r.centroids().get(1), 1e-6f);
            assertArrayEquals(new int[] {1, 0, 1, 0, 0}, r.assignment());
        }
        // Equal sizes: the cluster holding the earliest point comes first.
        KMeans.Result even = KMeans.cluster(List.of(new float[] {5, 5}, new float[] {-1, 0}, new float[] {-1, 2}, new float[] {5, 7}), 2, 3);
        assertArrayEquals(new float[] {5, 6}, even.centroids().get(0), 1e-6f);
        assertArrayEquals(new float[] {-1, 1}, even.centroids().get(1), 1e-6f);
        // k = 1 is the mean; k larger than the points is refused.
        assertArrayEquals(new float[] {6, 0.8f}, KMeans.cluster(points, 1, 0).centroids().get(0), 1e-6f);
        assertThrows(IllegalArgumentException.class, () -> KMeans.cluster(points, 6, 0));
    }

    @Test
    void principalAxesOfThreePoints() {
        // (0,0), (4,0), (2,1): mean (2, 1/3); centred (-2,-1/3), (2,-1/3), (0,2/3).
        // Sample covariance: xx = 8/2 = 4, yy = (1/9 + 1/9 + 4/9)/2 = 1/3, xy = (2/3 - 2/3 + 0)/2 = 0.
        // Axes: (1,0) with sd 2 and (0,1) with sd 1/sqrt(3), each scaled by REACH = 2 standard deviations.
        List<float[]> axes = PrincipalAxes.of(List.of(new float[] {0, 0}, new float[] {4, 0}, new float[] {2, 1}), 6);
        assertEquals(2, axes.size(), "three points span two directions");
        assertArrayEquals(new float[] {4, 0}, axes.get(0), 1e-5f);
        assertArrayEquals(new float[] {0, (float) (2 / Math.sqrt(3))}, axes.get(1), 1e-5f);

        // Collinear (1,1), (2,2), (3,3): one axis along (1,1)/sqrt(2), sd sqrt(2), so the axis is 2*sqrt(2)*(1,1)/sqrt(2) = (2,2).
        List<float[]> line = PrincipalAxes.of(List.of(new float[] {3, 3}, new float[] {1, 1}, new float[] {2, 2}), 6);
        assertEquals(1, line.size());
        assertArrayEquals(new float[] {2, 2}, line.get(0), 1e-5f);
        assertEquals(0, PrincipalAxes.of(List.of(new float[] {1, 2}), 6).size(), "one vector has no spread");
    }
}
