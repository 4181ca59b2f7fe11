package mrtbox.appliance.input;

import mrtbox.appliance.audio.OutputInsert;
import mrtbox.inference.engine.InputTap;

/**
 * Input monitoring: mixes the live input into the output (off by default: most players hear their instrument
 * directly, and an open microphone next to the speakers feeds back). Follows the input with its own read position,
 * a few blocks behind the newest captured frame, so it neither repeats nor skips audio while the two devices' clocks
 * agree; when they drift apart by more than the slack it jumps back to the target distance.
 */
public final class InputMonitor implements OutputInsert {
    private final InputTap tap;
    private final int behindFrames;
    private final float[] buffer;
    private long position = -1;
    private volatile boolean enabled;
    private volatile float level = 1f;

    /**
     * @param maxBlockFrames the largest block the output asks for
     * @param behindFrames   how far behind the newest input frame the monitor plays (jitter margin)
     */
    public InputMonitor(InputTap tap, int maxBlockFrames, int behindFrames) {
        this.tap = tap;
        this.behindFrames = behindFrames;
        this.buffer = new float[maxBlockFrames * 2];
    }

    public void enabled(boolean on) {
        this.enabled = on;
    }

    /** Linear level of the monitored input. */
    public void level(float linear) {
        this.level = linear;
    }

    @Override
    public void process(float[] block, int frames) {
        if (!enabled) {
            position = -1;
            return;
        }
        long newest = tap.framesWritten();
        long target = newest - behindFrames;
        if (position < 0 || position + frames > newest || position < target - 4L * behindFrames) position = target;
        tap.read(position + frames, buffer, frames);
        position += frames;
        float g = level;
        for (int i = 0; i < frames * 2; i++) block[i] += g * buffer[i];
    }
}
