package mrtbox.inference.inject;

import mrtbox.inference.engine.InputTap;

/**
 * An input tap over a fixed array of "captured" stereo audio, with a settable capture position: what a real
 * capture ring returns, minus the device. Frame p holds a known value so tests can tell which frames were read.
 */
public final class ArrayInputTap implements InputTap {
    private final float[] audio;
    private long written;

    /** @param audio interleaved stereo at 48 kHz, frame 0 = absolute frame 0 */
    public ArrayInputTap(float[] audio) {
        this.audio = audio;
        this.written = audio.length / 2;
    }

    /** A deterministic test signal: two sines per channel plus a slow ramp, distinct at every frame. */
    public static float[] signal(int frames) {
        float[] a = new float[frames * 2];
        for (int i = 0; i < frames; i++) {
            double t = i / 48_000.0;
            a[2 * i] = (float) (0.4 * Math.sin(2 * Math.PI * 220 * t) + 0.2 * Math.sin(2 * Math.PI * 1375 * t) + 0.1 * i / frames);
            a[2 * i + 1] = (float) (0.3 * Math.sin(2 * Math.PI * 330 * t) - 0.2 * Math.sin(2 * Math.PI * 2750 * t) - 0.1 * i / frames);
        }
        return a;
    }

    public void framesWritten(long n) {
        if (n > audio.length / 2) throw new IllegalArgumentException("only " + audio.length / 2 + " frames of audio");
        written = n;
    }

    @Override
    public int sampleRate() {
        return 48_000;
    }

    @Override
    public long framesWritten() {
        return written;
    }

    @Override
    public int read(long endFrame, float[] dst, int count) {
        int real = 0;
        for (int i = 0; i < count; i++) {
            long p = endFrame - count + i;
            boolean have = p >= 0 && p < written;
            dst[2 * i] = have ? audio[(int) (2 * p)] : 0f;
            dst[2 * i + 1] = have ? audio[(int) (2 * p + 1)] : 0f;
            if (have) real++;
        }
        return real;
    }

    /** The frames [end - count, end) as {@link #read} returns them. */
    public float[] window(long end, int count) {
        float[] out = new float[count * 2];
        read(end, out, count);
        return out;
    }
}
