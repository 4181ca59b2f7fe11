package mrtbox.inference.engine;

/**
 * Output volume in dB and mute, smoothed with a one-pole filter (time constant {@code smoothingMs}) so that
 * knob moves and mute never click. Control threads set the target; the audio thread applies it.
 */
final class VolumeControl {
    /** Closer than this (-100 dB) the gain snaps to its target, so mute reaches true silence and unity is exact. */
    private static final float SNAP = 1e-5f;

    private final int channels;
    private final float coefficient;
    private volatile float targetGain;
    private volatile boolean muted;
    private float gain;   // audio thread only

    VolumeControl(int channels, int sampleRate, double smoothingMs, double volumeDb, boolean muted) {
        this.channels = channels;
        this.coefficient = (float) (1 - Math.exp(-1000.0 / (smoothingMs * sampleRate)));
        this.targetGain = dbToGain(volumeDb);
        this.muted = muted;
        this.gain = muted ? 0f : targetGain;
    }

    static float dbToGain(double db) {
        if (!Double.isFinite(db)) throw new IllegalArgumentException("volume must be a finite dB value, got " + db);
        return db == 0 ? 1f : (float) Math.pow(10, db / 20);
    }

    void setVolumeDb(double db) {
        targetGain = dbToGain(db);
    }

    void setMuted(boolean muted) {
        this.muted = muted;
    }

    boolean muted() {
        return muted;
    }

    void process(float[] buf, int frames) {
        float target = muted ? 0f : targetGain;
        if (gain == target) {
            if (gain == 1f) return;   // unity: bit-exact pass-through
            for (int i = 0, n = frames * channels; i < n; i++) buf[i] *= gain;
            return;
        }
        for (int f = 0; f < frames; f++) {
            gain += (target - gain) * coefficient;
            if (Math.abs(target - gain) < SNAP) gain = target;
            for (int c = 0; c < channels; c++) buf[f * channels + c] *= gain;
        }
    }
}
