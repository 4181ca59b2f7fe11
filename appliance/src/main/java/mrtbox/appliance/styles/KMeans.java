package mrtbox.appliance.styles;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * k-means with squared Euclidean (L2) distance, as scikit-learn's {@code KMeans} in the Magenta RT fine-tune notebook
 * whose centroids feed the style sliders: a centroid is a mean, and the mean is what minimises L2, so centroids
 * stay in the same embedding space the blend averages in (no re-normalisation, like the blend).
 *
 * <p>Deterministic: k-means++ seeding from a fixed seed, then Lloyd iterations until no point changes cluster (at
 * most {@link #MAX_ITERATIONS}). Centroids are returned largest cluster first (ties: the cluster holding the
 * earliest point), so {@code :NAME/1} is the style's most common sound.
 */
public final class KMeans {
    static final int MAX_ITERATIONS = 300;

    private KMeans() {}

    /** The centroids and, per point, the index of its centroid in that list. */
    public record Result(List<float[]> centroids, int[] assignment) {}

    /**
     * @param points at least one, all of one dimension
     * @param k      1..points.size()
     * @param seed   seeds the k-means++ choice
     */
    public static Result cluster(List<float[]> points, int k, long seed) {
        int n = points.size();
        if (n == 0) throw new IllegalArgumentException("no points to cluster");
        if (k < 1 || k > n) throw new IllegalArgumentException("k = " + k + " clusters for " + n + " points");
        int dim = points.get(0).length;
        double[][] centers = seed(points, k, new SplittableRandom(seed));
        int[] assign = new int[n];
        java.util.Arrays.fill(assign, -1);
        for (int iter = 0; iter < MAX_ITERATIONS; iter++) {
            boolean changed = false;
            for (int i = 0; i < n; i++) {
                int best = nearest(points.get(i), centers);
                if (best != assign[i]) {
                    assign[i] = best;
                    changed = true;
                }
            }
            if (!changed) break;
            double[][] sums = new double[k][dim];
            int[] counts = new int[k];
            for (int i = 0; i < n; i++) {
                counts[assign[i]]++;
                float[] p = points.get(i);
                for (int d = 0; d < dim; d++) sums[assign[i]][d] += p[d];
            }
            for (int c = 0; c < k; c++) {
                if (counts[c] == 0) {
                    // An emptied cluster takes the point farthest from its own centroid (the scikit-learn remedy).
                    int far = farthest(points, centers, assign);
                    for (int d = 0; d < dim; d++) centers[c][d] = points.get(far)[d];
                    assign[far] = c;
                    continue;
                }
                for (int d = 0; d < dim; d++) centers[c][d] = sums[c][d] / counts[c];
            }
        }
        return ordered(centers, assign);
    }

    private static double[][] seed(List<float[]> points, int k, SplittableRandom random) {
        int n = points.size();
        int dim = points.get(0).length;
        double[][] centers = new double[k][];
        centers[0] = toDouble(points.get(random.nextInt(n)));
        double[] d2 = new double[n];
        for (int c = 1; c < k; c++) {
            double total = 0;
            for (int i = 0; i < n; i++) {
                d2[i] = Double.MAX_VALUE;
                for (int j = 0; j < c; j++) d2[i] = Math.min(d2[i], dist2(points.get(i), centers[j]));
                total += d2[i];
            }
            int pick = 0;
            if (total > 0) {
                double r = random.nextDouble() * total;
                for (pick = 0; pick < n - 1; pick++) {
                    r -= d2[pick];
                    if (r < 0 && d2[pick] > 0) break;
                }
            } else {
                pick = c; // all points coincide with the centers so far: any is as good
            }
            centers[c] = toDouble(points.get(pick));
            if (centers[c].length != dim) throw new IllegalArgumentException("points of different dimensions");
        }
        return centers;
    }

    private static Result ordered(double[][] centers, int[] assign) {
        int k = centers.length;
        int[] size = new int[k];
        int[] first = new int[k];
        java.util.Arrays.fill(first, Integer.MAX_VALUE);
        for (int i = 0; i < assign.length; i++) {
            size[assign[i]]++;
            first[assign[i]] = Math.min(first[assign[i]], i);
        }
        List<Integer> order = new ArrayList<>();
        for (int c = 0; c < k; c++) order.add(c);
        order.sort(Comparator.<Integer>comparingInt(c -> -size[c]).thenComparingInt(c -> first[c]));
        int[] rank = new int[k];
        List<float[]> out = new ArrayList<>();
        for (int r = 0; r < k; r++) {
            rank[order.get(r)] = r;
            double[] c = centers[order.get(r)];
            float[] f = new float[c.length];
            for (int d = 0; d < c.length; d++) f[d] = (float) c[d];
            out.add(f);
        }
        int[] mapped = new int[assign.length];
        for (int i = 0; i < assign.length; i++) mapped[i] = rank[assign[i]];
        return new Result(out, mapped);
    }

    private static int nearest(float[] p, double[][] centers) {
        int best = 0;
        double bestD = Double.MAX_VALUE;
        for (int c = 0; c < centers.length; c++) {
            double d = dist2(p, centers[c]);
            if (d < bestD) { // ties go to the lowest index
                bestD = d;
                best = c;
            }
        }
        return best;
    }

    private static int farthest(List<float[]> points, double[][] centers, int[] assign) {
        int far = 0;
        double farD = -1;
        for (int i = 0; i < points.size(); i++) {
            double d = dist2(points.get(i), centers[assign[i]]);
            if (d > farD) {
                farD = d;
                far = i;
            }
        }
        return far;
    }

    private static double dist2(float[] p, double[] c) {
        double s = 0;
        for (int d = 0; d < p.length; d++) {
            double x = p[d] - c[d];
            s += x * x;
        }
        return s;
    }

    private static double[] toDouble(float[] p) {
        double[] d = new double[p.length];
        for (int i = 0; i < p.length; i++) d[i] = p[i];
        return d;
    }
}
