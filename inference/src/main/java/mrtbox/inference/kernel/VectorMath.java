package mrtbox.inference.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The element-wise and small-vector pieces of an LLM step in the Vector API: activations, the logit soft cap and
 * the dot products of attention. Between two weight-streaming products the other kernel threads wait for these,
 * so they run at vector speed (the scalar {@code Math.tanh} of a GELU over a 4096-wide hidden layer took 80 us,
 * the vector one 3 us). Float precision throughout: the activations are f32 in both engines.
 */
public final class VectorMath {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final float SQRT_2_OVER_PI = (float) Math.sqrt(2.0 / Math.PI);

    private VectorMath() {}

    /** v[o + i] = gelu(v[o + i] + bias[i]) for i in [0, n): the tanh approximation 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))). */
    public static void biasGelu(float[] v, int o, float[] bias, int n) {
        int i = 0;
        for (int upper = F.loopBound(n); i < upper; i += F.length()) {
            FloatVector x = FloatVector.fromArray(F, v, o + i).add(FloatVector.fromArray(F, bias, i));
            FloatVector inner = x.mul(x).mul(0.044715f).add(1f).mul(x).mul(SQRT_2_OVER_PI);
            x.mul(0.5f).mul(inner.lanewise(VectorOperators.TANH).add(1f)).intoArray(v, o + i);
        }
        for (; i < n; i++) {
            float x = v[o + i] + bias[i];
            v[o + i] = (float) (0.5 * x * (1 + Math.tanh(SQRT_2_OVER_PI * (x + 0.044715 * x * x * x))));
        }
    }

    /** dst[d + i] = cap tanh((src[s + i] + bias[b + i]) / cap) for i in [0, n). */
    public static void biasSoftCap(float[] src, int s, float[] bias, int b, float cap, float[] dst, int d, int n) {
        float inv = 1f / cap;
        int i = 0;
        for (int upper = F.loopBound(n); i < upper; i += F.length()) {
            FloatVector x = FloatVector.fromArray(F, src, s + i).add(FloatVector.fromArray(F, bias, b + i));
            x.mul(inv).lanewise(VectorOperators.TANH).mul(cap).intoArray(dst, d + i);
        }
        for (; i < n; i++) dst[d + i] = cap * (float) Math.tanh((src[s + i] + bias[b + i]) * inv);
    }

    /** The dot product of a[ao .. ao + n) and b[bo .. bo + n). */
    public static float dot(float[] a, int ao, float[] b, int bo, int n) {
        FloatVector acc = FloatVector.zero(F);
        int i = 0;
        for (int upper = F.loopBound(n); i < upper; i += F.length()) {
            acc = FloatVector.fromArray(F, a, ao + i).fma(FloatVector.fromArray(F, b, bo + i), acc);
        }
        float s = acc.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) s += a[ao + i] * b[bo + i];
        return s;
    }

    /** acc[ao + i] += p * v[vo + i] for i in [0, n). */
    public static void addScaled(float[] acc, int ao, float p, float[] v, int vo, int n) {
        FloatVector pv = FloatVector.broadcast(F, p);
        int i = 0;
        for (int upper = F.loopBound(n); i < upper; i += F.length()) {
            FloatVector.fromArray(F, v, vo + i).fma(pv, FloatVector.fromArray(F, acc, ao + i)).intoArray(acc, ao + i);
        }
        for (; i < n; i++) acc[ao + i] += p * v[vo + i];
    }
}
