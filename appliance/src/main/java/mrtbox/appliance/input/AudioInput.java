package mrtbox.appliance.input;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import mrtbox.appliance.audio.JavaSoundCapture;
import mrtbox.appliance.audio.RealtimeScheduling;
import mrtbox.control.status.InputStatus;
import mrtbox.inference.engine.InputTap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live audio input: a capture thread reads the interface's input block by block, meters it, applies the input gain and
 * appends it to the {@link InputRing} that readers see as an {@link InputTap}. The capture thread does not allocate,
 * lock or log. A supervisor thread reports what happens (clipping, a lost device) and, like the MIDI hotplug,
 * reopens the device by polling when it is missing or went away; a read that hangs on a vanished device is released
 * by closing the line. Nothing here ever stops the rest of the box.
 */
public final class AudioInput implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AudioInput.class);
    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    /** Frames per metering window: 100 ms at 48 kHz, the status rate. */
    private static final int METER_WINDOW = 4800;

    private final JavaSoundCapture device;
    private final InputRing ring;
    private final InputMeter meter = new InputMeter(METER_WINDOW);
    private final long reopenNanos;
    private volatile float gain = 1f;

    private volatile boolean running;
    private volatile boolean deviceUp;   // set up by the supervisor, down by the capture thread
    private volatile long readStartedNanos;
    private volatile boolean inRead;
    private volatile String lastError = "";
    private volatile long failures;
    private volatile long reopens;
    private Thread capture;
    private Thread supervisor;

    /**
     * @param device   the capture device (not yet open)
     * @param ring     where the audio goes
     * @param reopenMs how often a missing device is looked for again
     */
    public AudioInput(JavaSoundCapture device, InputRing ring, long reopenMs) {
        this.device = device;
        this.ring = ring;
        this.reopenNanos = TimeUnit.MILLISECONDS.toNanos(reopenMs);
    }

    public InputTap tap() {
        return ring;
    }

    /** Linear gain applied before the ring (the meter shows the device's own level, which is what clips). */
    public void gain(float linear) {
        this.gain = linear;
    }

    /** Opens the device (or keeps trying in the background when it is missing) and starts the threads. */
    public synchronized void start() {
        if (running) throw new IllegalStateException("audio input already started");
        running = true;
        tryOpen();
        capture = new Thread(this::captureLoop, "mrtbox-input");
        capture.setDaemon(true);
        capture.setPriority(Thread.MAX_PRIORITY);
        capture.start();
        supervisor = new Thread(this::supervise, "mrtbox-input-supervisor");
        supervisor.setDaemon(true);
        supervisor.start();
    }

    private boolean tryOpen() {
        try {
            device.open(ring.sampleRate());
            lastError = "";
            deviceUp = true;
            log.info("audio input open: {}", device.describe());
            return true;
        } catch (IOException | RuntimeException e) {
            lastError = e.getMessage();
            return false;
        }
    }

    private void captureLoop() {
        RealtimeScheduling.raiseCurrentThread(60);
        int block = device.blockFrames();
        float[] raw = new float[block * 2];
        while (running) {
            if (!deviceUp) {
                LockSupport.parkNanos(TICK_NANOS);
                continue;
            }
            readStartedNanos = System.nanoTime();
            inRead = true;
            int frames = device.read(raw);
            inRead = false;
            if (frames > 0) {
                meter.add(raw, frames);
                float g = gain;
                if (g != 1f) for (int i = 0; i < frames * 2; i++) raw[i] *= g;
                ring.write(raw, frames);
            }
            if (frames < block && running) {
                meter.silence();
                failures++;
                deviceUp = false;   // the supervisor closes, reports and reopens
            }
        }
    }

    private void supervise() {
        boolean wasUp = deviceUp;
        boolean reportedMissing = false;
        long nextAttempt = System.nanoTime() + reopenNanos;
        long lastClips = 0;
        long lastClipLog = 0;
        if (!wasUp) {
            log.warn("audio input not available ({}); looking for it every {} ms", lastError, reopenNanos / 1_000_000);
            reportedMissing = true;
        }
        while (running) {
            LockSupport.parkNanos(TICK_NANOS);
            if (!running) break;
            long now = System.nanoTime();
            if (deviceUp && inRead && now - readStartedNanos > TimeUnit.SECONDS.toNanos(2)) {
                log.warn("audio input read blocked for {} ms: closing {} to release it", (now - readStartedNanos) / 1_000_000, device.describe());
                lastError = "input device stopped delivering audio";
                device.close();   // the read returns short: the capture thread marks the device down
            }
            if (wasUp && !deviceUp) {
                if (lastError.isEmpty()) lastError = "input device stopped delivering audio";
                log.warn("audio input lost: {} ({}); looking for it every {} ms", device.describe(), lastError, reopenNanos / 1_000_000);
                device.close();
                reportedMissing = true;
                nextAttempt = now + reopenNanos;
            }
            wasUp = deviceUp;
            if (!deviceUp && now - nextAttempt >= 0) {
                if (tryOpen()) {
                    reopens++;
                    wasUp = true;
                    if (reportedMissing) log.info("audio input back: {}", device.describe());
                    reportedMissing = false;
                }
                nextAttempt = now + reopenNanos;
            }
            long clips = meter.levels().clippedSamples();
            if (clips > lastClips && now - lastClipLog > TimeUnit.SECONDS.toNanos(5)) {
                log.warn("audio input clipping: {} samples at full scale so far; turn the interface's input gain down", clips);
                lastClipLog = now;
                lastClips = clips;
            }
        }
    }

    /** What the input is doing, for the status. */
    public InputStatus status() {
        InputMeter.Levels l = meter.levels();
        return new InputStatus(true, device.describe(), deviceUp, l.peakDb(), l.rmsDb(), l.clippedSamples(),
                ring.framesWritten(), failures, reopens, deviceUp ? "" : lastError, "");
    }

    @Override
    public void close() {
        Thread c, s;
        synchronized (this) {
            if (!running) return;
            running = false;
            c = capture;
            s = supervisor;
        }
        try {
            s.join(2000);
            device.close();   // releases a blocked read
            c.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
