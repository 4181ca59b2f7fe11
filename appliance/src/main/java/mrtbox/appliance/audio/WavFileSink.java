package mrtbox.appliance.audio;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import mrtbox.inference.engine.FloatRing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records the live output to a WAV file. The audio thread only copies into a ring (no disk on the audio thread);
 * a writer thread drains it to a {@link WavWriter}. Paced by the clock like the null sink. If the disk cannot
 * keep up for a whole second, audio is dropped and counted rather than blocking the output.
 */
public final class WavFileSink implements AudioSink {
    private static final Logger log = LoggerFactory.getLogger(WavFileSink.class);

    private final Path path;
    private final SampleFormat format;
    private FloatRing ring;
    private WavWriter writer;
    private Thread writerThread;
    private volatile boolean open;
    private final AtomicLong droppedFrames = new AtomicLong();
    private int channels;

    public WavFileSink(Path path, SampleFormat format) {
        this.path = path;
        this.format = format;
    }

    @Override
    public String describe() {
        return "WAV file " + path + " (" + (format.floating() ? "float" : format.bits() + "-bit") + ")";
    }

    @Override
    public synchronized void open(int sampleRate, int channels, int maxBlockFrames) throws IOException {
        if (open) return;
        this.channels = channels;
        this.ring = new FloatRing(FloatRing.capacityFor((long) sampleRate * channels));
        this.writer = new WavWriter(path, sampleRate, channels, format);
        open = true;
        writerThread = new Thread(this::drain, "mrtbox-wav-writer");
        writerThread.setDaemon(true);
        writerThread.start();
    }

    @Override
    public boolean write(float[] interleaved, int frames) {
        if (!open) return false;
        if (!ring.write(interleaved, 0, frames * channels)) droppedFrames.addAndGet(frames);
        return true;
    }

    private void drain() {
        float[] buf = new float[8192 * channels];
        try {
            while (open || ring.available() > 0) {
                int n = ring.read(buf, 0, buf.length);
                if (n == 0) {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
                    continue;
                }
                writer.write(buf, n / channels);
            }
        } catch (IOException e) {
            log.error("writing {} failed: recording stops here", path, e);
            open = false;
        }
    }

    @Override
    public boolean pacesItself() {
        return false;
    }

    public long droppedFrames() {
        return droppedFrames.get();
    }

    @Override
    public synchronized void close() {
        if (writer == null) return;
        open = false;
        try {
            writerThread.join(TimeUnit.SECONDS.toMillis(10));
            writer.close();
            if (droppedFrames.get() > 0) log.warn("{}: {} frames dropped (disk too slow)", path, droppedFrames.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            log.error("closing {} failed", path, e);
        } finally {
            writer = null;
        }
    }
}
