package mrtbox.inference.engine;

import java.util.concurrent.locks.LockSupport;

/** Test audio thread: pulls blocks from an {@link AudioSource} at the sample rate, by the clock, and keeps them. */
final class ClockedListener implements AutoCloseable {
    static final int BLOCK = 256;
    private final AudioSource source;
    private final float[] recorded;
    private volatile int recordedFrames;
    private volatile boolean running = true;
    private final Thread thread;

    ClockedListener(AudioSource source, double maxSeconds) {
        this.source = source;
        this.recorded = new float[(int) (maxSeconds * source.sampleRate()) * source.channels()];
        this.thread = new Thread(this::run, "test-audio");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        int ch = source.channels();
        float[] block = new float[BLOCK * ch];
        long period = BLOCK * 1_000_000_000L / source.sampleRate();
        long next = System.nanoTime();
        while (running) {
            source.render(block, BLOCK);
            int at = recordedFrames;
            if ((at + BLOCK) * ch <= recorded.length) {
                System.arraycopy(block, 0, recorded, at * ch, BLOCK * ch);
                recordedFrames = at + BLOCK;
            }
            next += period;
            long wait = next - System.nanoTime();
            if (wait > 0) LockSupport.parkNanos(wait);
        }
    }

    int frames() {
        return recordedFrames;
    }

    float[] samples() {
        return java.util.Arrays.copyOf(recorded, recordedFrames * source.channels());
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
