package mrtbox.inference.engine;

/**
 * How the engine paces, fades, limits and watches. Immutable; build with {@link #builder()}. Defaults are the
 * values the appliance ships with.
 *
 * @param leadMs            frame models: audio kept buffered ahead of the output (default 160 ms)
 * @param chunkMarginMs     chunk models: start the next chunk when the buffer falls to the predicted step time
 *                          plus this margin (default 250 ms: device buffer plus scheduling jitter)
 * @param fadeMs            fade for underruns, resets and (re)starts (default 10 ms)
 * @param stopFadeMs        fade out on stop (default 50 ms)
 * @param volumeSmoothingMs time constant of the volume and mute smoothing (default 10 ms)
 * @param volumeDb          initial output volume
 * @param muted             initial mute
 * @param limiterEnabled    the look-ahead limiter (default on; off only for bit-exact tests and measurements)
 * @param limiterCeilingDb  no output sample exceeds this (default -1 dBFS)
 * @param limiterLookaheadMs look-ahead = attack time (default 5 ms); also the limiter's added latency
 * @param limiterReleaseMs  release time constant (default 80 ms)
 * @param stallSeconds      the watchdog declares a stall when one step has run this long (default 10 s; never
 *                          less than 4x the slowest recent step, so slow chunk models are not killed)
 * @param monitorIntervalMs how often metrics are computed and the watchdog looks (default 100 ms)
 * @param spectrumBands     log-spaced bands in the spectrum column (default 32)
 */
public record EngineSettings(double leadMs, double chunkMarginMs, double fadeMs, double stopFadeMs,
                             double volumeSmoothingMs, double volumeDb, boolean muted, boolean limiterEnabled,
                             double limiterCeilingDb, double limiterLookaheadMs, double limiterReleaseMs,
                             double stallSeconds, int monitorIntervalMs, int spectrumBands) {

    public static final EngineSettings DEFAULTS = builder().build();

    public EngineSettings {
        positive("leadMs", leadMs);
        positive("chunkMarginMs", chunkMarginMs);
        positive("fadeMs", fadeMs);
        positive("stopFadeMs", stopFadeMs);
        positive("volumeSmoothingMs", volumeSmoothingMs);
        positive("limiterLookaheadMs", limiterLookaheadMs);
        positive("limiterReleaseMs", limiterReleaseMs);
        positive("stallSeconds", stallSeconds);
        if (limiterCeilingDb > 0) throw new IllegalArgumentException("limiterCeilingDb must be <= 0 dBFS, got " + limiterCeilingDb);
        if (monitorIntervalMs < 10) throw new IllegalArgumentException("monitorIntervalMs must be >= 10, got " + monitorIntervalMs);
        if (spectrumBands < 1 || spectrumBands > 256) throw new IllegalArgumentException("spectrumBands must be 1..256, got " + spectrumBands);
        if (!Double.isFinite(volumeDb)) throw new IllegalArgumentException("volumeDb must be finite");
    }

    private static void positive(String name, double v) {
        if (!(v > 0) || !Double.isFinite(v)) throw new IllegalArgumentException(name + " must be a positive number, got " + v);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.leadMs = leadMs;
        b.chunkMarginMs = chunkMarginMs;
        b.fadeMs = fadeMs;
        b.stopFadeMs = stopFadeMs;
        b.volumeSmoothingMs = volumeSmoothingMs;
        b.volumeDb = volumeDb;
        b.muted = muted;
        b.limiterEnabled = limiterEnabled;
        b.limiterCeilingDb = limiterCeilingDb;
        b.limiterLookaheadMs = limiterLookaheadMs;
        b.limiterReleaseMs = limiterReleaseMs;
        b.stallSeconds = stallSeconds;
        b.monitorIntervalMs = monitorIntervalMs;
        b.spectrumBands = spectrumBands;
        return b;
    }

    static int frames(double ms, int sampleRate) {
        return Math.max(1, (int) Math.round(ms * sampleRate / 1000));
    }

    public static final class Builder {
        private double leadMs = 160;
        private double chunkMarginMs = 250;
        private double fadeMs = 10;
        private double stopFadeMs = 50;
        private double volumeSmoothingMs = 10;
        private double volumeDb = 0;
        private boolean muted = false;
        private boolean limiterEnabled = true;
        private double limiterCeilingDb = -1;
        private double limiterLookaheadMs = 5;
        private double limiterReleaseMs = 80;
        private double stallSeconds = 10;
        private int monitorIntervalMs = 100;
        private int spectrumBands = 32;

        private Builder() {}

        public Builder leadMs(double v) { leadMs = v; return this; }
        public Builder chunkMarginMs(double v) { chunkMarginMs = v; return this; }
        public Builder fadeMs(double v) { fadeMs = v; return this; }
        public Builder stopFadeMs(double v) { stopFadeMs = v; return this; }
        public Builder volumeSmoothingMs(double v) { volumeSmoothingMs = v; return this; }
        public Builder volumeDb(double v) { volumeDb = v; return this; }
        public Builder muted(boolean v) { muted = v; return this; }
        public Builder limiterEnabled(boolean v) { limiterEnabled = v; return this; }
        public Builder limiterCeilingDb(double v) { limiterCeilingDb = v; return this; }
        public Builder limiterLookaheadMs(double v) { limiterLookaheadMs = v; return this; }
        public Builder limiterReleaseMs(double v) { limiterReleaseMs = v; return this; }
        public Builder stallSeconds(double v) { stallSeconds = v; return this; }
        public Builder monitorIntervalMs(int v) { monitorIntervalMs = v; return this; }
        public Builder spectrumBands(int v) { spectrumBands = v; return this; }

        public EngineSettings build() {
            return new EngineSettings(leadMs, chunkMarginMs, fadeMs, stopFadeMs, volumeSmoothingMs, volumeDb, muted,
                    limiterEnabled, limiterCeilingDb, limiterLookaheadMs, limiterReleaseMs, stallSeconds,
                    monitorIntervalMs, spectrumBands);
        }
    }
}
