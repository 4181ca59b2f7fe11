package mrtbox.appliance.styles;

import java.util.ArrayList;
import java.util.List;

/**
 * Principal axes of a set of style vectors, for navigating style space with signed offsets (MRT2 adds
 * {@code sum_c coeff_c * component_c} to the blended embedding, {@code coeff_c} in [-1, 1]).
 *
 * <p>Each axis is the unit principal direction scaled by {@link #REACH} standard deviations of the vectors along it
 * (sample standard deviation, N - 1), so a coefficient of +-1 moves as far as the stored styles themselves spread.
 * Axes come in order of decreasing variance; the sign makes each axis's largest-magnitude coordinate positive (a
 * fixed convention, so an axis does not flip when a style is added). Computed through the small N x N Gram matrix
 * (N vectors, usually far fewer than the 768 dimensions) with cyclic Jacobi rotations.
 */
public final class PrincipalAxes {
    /** Standard deviations reached at coefficient 1. */
    public static final double REACH = 2.0;
    private static final double TINY_VARIANCE = 1e-12;

    private PrincipalAxes() {}

    /**
     * @param vectors   the style vectors (at least two for any axis)
     * @param maxAxes   how many axes to return at most
     * @return up to {@code maxAxes} axes (fewer when the vectors span fewer dimensions)
     */
    public static List<float[]> of(List<float[]> vectors, int maxAxes) {
        int n = vectors.size();
        if (n < 2) return List.of();
        int dim = vectors.get(0).length;
        double[] mean = new double[dim];
        for (float[] v : vectors) {
            if (v.length != dim) throw new IllegalArgumentException("style vectors of different dimensions: " + v.length + " and " + dim);
            for (int d = 0; d < dim; d++) mean[d] += v[d];
        }
        for (int d = 0; d < dim; d++) mean[d] /= n;
        double[][] x = new double[n][dim];
        for (int i = 0; i < n; i++) for (int d = 0; d < dim; d++) x[i][d] = vectors.get(i)[d] - mean[d];
        double[][] gram = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                double s = 0;
                for (int d = 0; d < dim; d++) s += x[i][d] * x[j][d];
                gram[i][j] = s;
                gram[j][i] = s;
            }
        }
        double[][] eigvec = new double[n][n];
        double[] eigval = jacobi(gram, eigvec);
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        java.util.Arrays.sort(order, (a, b) -> Double.compare(eigval[b], eigval[a]));
        List<float[]> axes = new ArrayList<>();
        for (int r = 0; r < n && axes.size() < maxAxes; r++) {
            int e = order[r];
            double variance = eigval[e] / (n - 1);
            if (!(variance > TINY_VARIANCE)) break;
            // Direction in embedding space: X^T v, normalised (|X^T v| = sqrt(lambda)).
            double[] u = new double[dim];
            for (int i = 0; i < n; i++) for (int d = 0; d < dim; d++) u[d] += x[i][d] * eigvec[i][e];
            double norm = 0;
            int biggest = 0;
            for (int d = 0; d < dim; d++) {
                norm += u[d] * u[d];
                if (Math.abs(u[d]) > Math.abs(u[biggest])) biggest = d;
            }
            double scale = Math.sqrt(variance) * REACH / Math.sqrt(norm) * Math.signum(u[biggest]);
            float[] axis = new float[dim];
            for (int d = 0; d < dim; d++) axis[d] = (float) (u[d] * scale);
            axes.add(axis);
        }
        return axes;
    }

    /** Eigen-decomposition of a symmetric matrix (destroyed); eigenvectors go into the columns of {@code vectors}. */
    private static double[] jacobi(double[][] a, double[][] vectors) {
        int n = a.length;
        for (int i = 0; i < n; i++) vectors[i][i] = 1;
        for (int sweep = 0; sweep < 100; sweep++) {
            double off = 0;
            for (int p = 0; p < n; p++) for (int q = p + 1; q < n; q++) off += a[p][q] * a[p][q];
            if (off < 1e-30) break;
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    if (Math.abs(a[p][q]) < 1e-300) continue;
                    double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
                    double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    if (theta == 0) t = 1;
                    double c = 1 / Math.sqrt(t * t + 1);
                    double s = t * c;
                    for (int k = 0; k < n; k++) {
                        double akp = a[k][p], akq = a[k][q];
                        a[k][p] = c * akp - s * akq;
                        a[k][q] = s * akp + c * akq;
                    }
                    for (int k = 0; k < n; k++) {
                        double apk = a[p][k], aqk = a[q][k];
                        a[p][k] = c * apk - s * aqk;
                        a[q][k] = s * apk + c * aqk;
                    }
                    for (int k = 0; k < n; k++) {
                        double vkp = vectors[k][p], vkq = vectors[k][q];
                        vectors[k][p] = c * vkp - s * vkq;
                        vectors[k][q] = s * vkp + c * vkq;
                    }
                }
            }
        }
        double[] values = new double[n];
        for (int i = 0; i < n; i++) values[i] = a[i][i];
        return values;
    }
}
