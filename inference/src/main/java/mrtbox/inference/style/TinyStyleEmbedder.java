package mrtbox.inference.style;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The built-in tiny models' style "model": seeded random weights, no training, so its embeddings carry no musical
 * meaning (like the tiny models' audio, it is noise, and says so in {@link #modelId()}). Text: the mean of a random
 * vector per lowercased word; audio: a random projection of per-block RMS energies. Deterministic for a seed.
 */
public final class TinyStyleEmbedder implements StyleEmbedder {
    private final long seed;
    private final int dim;
    private final int clipRate;
    private final int clipSamples;
    private final float[][] energyProjection;

    public TinyStyleEmbedder(long seed, int dim, int clipRate, int clipSamples) {
        this.seed = seed;
        this.dim = dim;
        this.clipRate = clipRate;
        this.clipSamples = clipSamples;
        SplittableRandom r = new SplittableRandom(seed ^ 0x5EED_A0D1L);
        energyProjection = new float[16][dim];
        for (float[] row : energyProjection) for (int d = 0; d < dim; d++) row[d] = (float) (r.nextDouble() * 2 - 1);
    }

    @Override
    public String modelId() {
        return "tiny-style-random-seed" + seed + "-d" + dim;
    }

    @Override
    public int dim() {
        return dim;
    }

    @Override
    public int clipSampleRate() {
        return clipRate;
    }

    @Override
    public int clipSamples() {
        return clipSamples;
    }

    @Override
    public float[] embedText(String text) {
        float[] e = new float[dim];
        String[] words = text.toLowerCase(Locale.ROOT).trim().split("\\s+");
        int n = 0;
        for (String w : words) {
            if (w.isEmpty()) continue;
            long h = seed;
            for (byte b : w.getBytes(StandardCharsets.UTF_8)) h = h * 1_000_003L + b;
            SplittableRandom r = new SplittableRandom(h);
            for (int d = 0; d < dim; d++) e[d] += (float) r.nextGaussian();
            n++;
        }
        if (n > 0) for (int d = 0; d < dim; d++) e[d] /= n;
        return e;
    }

    @Override
    public float[] embedAudioClip(float[] clip) {
        if (clip.length != clipSamples) throw new IllegalArgumentException("clip of " + clip.length + " samples, expected " + clipSamples);
        float[] e = new float[dim];
        int block = clipSamples / energyProjection.length;
        for (int b = 0; b < energyProjection.length; b++) {
            double s = 0;
            for (int i = b * block; i < (b + 1) * block; i++) s += clip[i] * clip[i];
            float rms = (float) Math.sqrt(s / Math.max(1, block));
            for (int d = 0; d < dim; d++) e[d] += rms * energyProjection[b][d];
        }
        return e;
    }
}
