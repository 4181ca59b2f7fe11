package mrtbox.appliance.audio;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import mrtbox.inference.engine.AudioSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audio thread and its supervisor. The audio thread pulls blocks from the engine and writes them to the
 * sink; a sound card paces it by blocking, the null and WAV sinks by the clock. It asks for SCHED_FIFO once.
 *
 * <p>When the device fails (a write fails, or blocks for far longer than its buffer), the audio thread keeps
 * pulling in real time by the clock, so generation never stalls, and the supervisor thread reopens the sink with
 * exponential backoff ({@code reopenMinMs} doubling up to {@code reopenMaxMs}). A write stuck on a vanished
 * device is released by closing the sink from the supervisor; if even that does not release it, the stuck
 * thread is abandoned (it never touches the engine again) and a fresh audio thread takes over.
 *
 * <p>Only the supervisor opens and closes the sink while the output runs; the audio thread only writes, and only
 * while the supervisor says the device is up. The audio thread does not allocate, lock or log.
 */
public final class AudioOutput implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AudioOutput.class);
    private static final int OUTSIDE = 0;
    private static final int IN_WRITE = 1;
    private static final int ABANDONED = 2;
    private static final long SUPERVISOR_TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final AudioSource source;
    private final AudioSink sink;
    private final AudioOutputSettings settings;
    private final OutputInsert insert;
    private final int blockFrames;
    private final long blockNanos;

    private volatile boolean running;
    private volatile boolean deviceUp;      // written by the supervisor (up) and the audio thread (down)
    private volatile AudioThread audio;
    private int audioThreadNumber;
    private Thread supervisor;

    private final AtomicLong framesToDevice = new AtomicLong();
    private final AtomicLong framesByClock = new AtomicLong();
    private final AtomicLong deviceFailures = new AtomicLong();
    private final AtomicLong reopens = new AtomicLong();
    private volatile String scheduling = "not started";
    private volatile String lastError = "";
    private final DeviceProblemLog problems;

    public AudioOutput(AudioSource source, AudioSink sink, AudioOutputSettings settings) {
        this(source, sink, settings, new DeviceProblemLog("audio output", log::warn, log::info));
    }

    AudioOutput(AudioSource source, AudioSink sink, AudioOutputSettings settings, DeviceProblemLog problems) {
        this.problems = problems;
        this.source = source;
        this.sink = sink;
        this.settings = settings;
        this.insert = settings.insert();
        this.blockFrames = settings.blockFrames();
        this.blockNanos = blockFrames * 1_000_000_000L / source.sampleRate();
    }

    /**
     * Opens the sink and starts the audio and supervisor threads. A device that cannot be opened now does not
     * stop the start: the output runs by the clock and keeps trying (the error is in {@link #stats()}).
     */
    public synchronized void start() {
        if (running) throw new IllegalStateException("audio output already started");
        running = true;
        tryOpen();
        startAudioThread();
        supervisor = new Thread(this::supervise, "mrtbox-audio-supervisor");
        supervisor.setDaemon(true);
        supervisor.start();
    }

    /** Opens the sink; a failure is said through {@link DeviceProblemLog} (once, then on change). */
    private boolean tryOpen() {
        try {
            sink.open(source.sampleRate(), source.channels(), blockFrames);
            deviceUp = true;
            lastError = "";
            log.info("audio output open: {} (device buffer {} frames)", sink.describe(), sink.bufferFrames());
            return true;
        } catch (IOException | RuntimeException e) {
            lastError = DeviceProblemLog.sentence(e);
            problems.unavailable(lastError, DeviceProblemLog.detail(e));
            return false;
        }
    }

    private void startAudioThread() {
        AudioThread t = new AudioThread();
        audio = t;
        Thread thread = new Thread(t, "mrtbox-audio-" + (++audioThreadNumber));
        thread.setDaemon(true);
        thread.setPriority(Thread.MAX_PRIORITY);
        t.thread = thread;
        thread.start();
    }

    /** What the output is doing, for status displays and tests. */
    public Stats stats() {
        return new Stats(sink.describe(), deviceUp, framesToDevice.get(), framesByClock.get(), deviceFailures.get(),
                reopens.get(), scheduling, lastError);
    }

    /**
     * @param device         the sink as configured and, once open, which device it found
     * @param deviceUp       the sink is open and taking audio
     * @param framesToDevice frames written to the sink
     * @param framesByClock  frames consumed by the clock while the device was gone (or for clock-paced sinks: 0)
     * @param deviceFailures times the device failed or blocked
     * @param reopens        successful reopens after a failure
     * @param scheduling     the audio thread's scheduling ("SCHED_FIFO 70" or why not)
     * @param lastError      the latest device problem as a sentence, empty when none
     */
    public record Stats(String device, boolean deviceUp, long framesToDevice, long framesByClock, long deviceFailures,
                        long reopens, String scheduling, String lastError) {}

    // ---- the audio thread ----

    private final class AudioThread implements Runnable {
        final AtomicInteger state = new AtomicInteger(OUTSIDE);
        volatile long writeStartedNanos;
        volatile Thread thread;

        @Override
        public void run() {
            scheduling = RealtimeScheduling.raiseCurrentThread(settings.realtimePriority());
            float[] block = new float[blockFrames * source.channels()];
            long deadline = System.nanoTime();
            while (running) {
                source.render(block, blockFrames);
                insert.process(block, blockFrames);
                if (deviceUp) {
                    writeStartedNanos = System.nanoTime();
                    if (!state.compareAndSet(OUTSIDE, IN_WRITE)) return;
                    boolean ok = sink.write(block, blockFrames);
                    if (!state.compareAndSet(IN_WRITE, OUTSIDE)) return;   // abandoned while stuck: hands off
                    if (ok) {
                        framesToDevice.addAndGet(blockFrames);
                        if (sink.pacesItself()) {
                            deadline = System.nanoTime();
                            continue;
                        }
                    } else {
                        deviceUp = false;           // the supervisor logs, closes and reopens
                        deviceFailures.incrementAndGet();
                        deadline = System.nanoTime();
                    }
                } else {
                    framesByClock.addAndGet(blockFrames);
                }
                // pace by the clock: one block per block time; after a long hiccup, do not race to catch up
                deadline += blockNanos;
                long wait = deadline - System.nanoTime();
                if (wait > 0) LockSupport.parkNanos(wait);
                else if (wait < -100 * 1_000_000L) deadline = System.nanoTime();
            }
        }
    }

    // ---- the supervisor: stuck writes, reopening with backoff ----

    private void supervise() {
        long backoffMs = settings.reopenMinMs();
        long nextAttempt = System.nanoTime();
        boolean wasUp = deviceUp;
        boolean releasedStuckWrite = false;
        while (running) {
            LockSupport.parkNanos(SUPERVISOR_TICK_NANOS);
            if (!running) break;
            AudioThread a = audio;
            long now = System.nanoTime();
            if (a.state.get() == IN_WRITE && now - a.writeStartedNanos > stuckLimitNanos()) {
                if (!releasedStuckWrite) {
                    log.warn("audio device write blocked for {} ms: closing {} to release it",
                            (now - a.writeStartedNanos) / 1_000_000, sink.describe());
                    lastError = "device write blocked";
                    releasedStuckWrite = true;
                    sink.close();
                } else if (now - a.writeStartedNanos > 2 * stuckLimitNanos() + TimeUnit.SECONDS.toNanos(1)
                        && a.state.compareAndSet(IN_WRITE, ABANDONED)) {
                    log.error("audio thread still blocked in the device after close: abandoning it and starting a new one");
                    deviceUp = false;
                    deviceFailures.incrementAndGet();
                    startAudioThread();
                }
                continue;
            }
            if (wasUp && !deviceUp) {
                problems.failed(sink.describe());
                sink.close();
                backoffMs = settings.reopenMinMs();
                nextAttempt = now + TimeUnit.MILLISECONDS.toNanos(backoffMs);
            }
            wasUp = deviceUp;
            releasedStuckWrite = releasedStuckWrite && a.state.get() == IN_WRITE;
            if (!deviceUp && now - nextAttempt >= 0) {
                if (tryOpen()) {
                    reopens.incrementAndGet();
                    wasUp = true;
                    problems.back(sink.describe());
                } else {
                    nextAttempt = now + TimeUnit.MILLISECONDS.toNanos(backoffMs);
                    backoffMs = Math.min(backoffMs * 2, settings.reopenMaxMs());
                }
            }
        }
    }

    private long stuckLimitNanos() {
        long bufferNanos = sink.bufferFrames() * 1_000_000_000L / source.sampleRate();
        return Math.max(TimeUnit.MILLISECONDS.toNanos(500), 4 * bufferNanos + blockNanos);
    }

    @Override
    public void close() {
        Thread s;
        AudioThread a;
        synchronized (this) {
            if (!running) return;
            running = false;
            s = supervisor;
            a = audio;
        }
        try {
            if (s != null) s.join(2000);
            sink.close();   // releases a blocked write
            if (a != null && a.thread != null) a.thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
