package mrtbox.inference.engine;

import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import mrtbox.inference.guard.EqualPowerCrossfade;
import mrtbox.inference.guard.GuardSettings;
import mrtbox.inference.guard.GuardStatus;
import mrtbox.inference.model.ModelInfo;
import mrtbox.inference.model.StepControls;
import mrtbox.inference.model.StreamingModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real-time engine: a generation thread steps the model into a preallocated ring, paced by how fast the
 * output drains it; the audio thread (owned by whoever plays the sound) pulls from {@link #output()}, which fades,
 * sets the volume, limits and meters; a metering thread publishes {@link EngineMetrics} and runs the stall
 * watchdog.
 *
 * <p>The engine knows nothing of parameters: it calls the controls supplier once per step on the generation
 * thread and uses the immutable value it returns. Transport and volume calls may come from any thread and never
 * block. The engine does not own the model; close the model after the engine.
 *
 * <pre>{@code
 * Engine engine = new Engine(model, controlsSupplier, EngineSettings.DEFAULTS);
 * engine.start();             // threads up, silent
 * audioThreadPulls(engine.output());
 * engine.play();              // fades in when the first audio is buffered
 * }</pre>
 */
public final class Engine implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Engine.class);
    private static final int STEP_WINDOW = 256;
    private static final int SPECTRUM_FFT = 2048;

    private final ModelInfo info;
    private final EngineSettings settings;
    private final NanoClock clock;
    private final Transport transport = new Transport(true);
    private final FloatRing ring;
    private final OutputChain chain;
    private final Generator generator;
    private final Pacer pacer;
    private final StepTimes stepTimes = new StepTimes(STEP_WINDOW);
    private final StepHistogram stepHistogram = new StepHistogram();
    private final StallWatchdog watchdog;
    private final GuardedStep guard;
    private final AtomicLong droppedSteps = new AtomicLong();
    private final AtomicLong stalls = new AtomicLong();
    private volatile String lastError = "";
    private volatile boolean closing;
    private volatile GenerationWorker worker;
    private long abandonedAtNanos;          // monitor thread only
    private boolean reportedNotReturning;   // monitor thread only
    private int workerNumber;
    private Thread monitorThread;
    private volatile EngineMetrics metrics;

    public Engine(StreamingModel model, Supplier<StepControls> controls, EngineSettings settings) {
        this(model, controls, settings, NanoClock.SYSTEM);
    }

    public Engine(StreamingModel model, Supplier<StepControls> controls, EngineSettings settings, NanoClock clock) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(controls, "controls");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.info = model.info();
        this.pacer = Pacer.forModel(info, settings);
        int rate = info.sampleRate();
        int resumeFrames = info.shape() == ModelInfo.Shape.FRAME
                ? EngineSettings.frames(settings.leadMs(), rate)
                : info.samplesPerStep();
        long ringFrames = Math.max(pacer.peakBufferedFrames(), resumeFrames) + info.samplesPerStep()
                + EngineSettings.frames(settings.fadeMs(), rate) + 8192;
        this.ring = new FloatRing(FloatRing.capacityFor(ringFrames * info.channels()));
        this.chain = buildChain(info, settings, ring, transport, resumeFrames);
        this.generator = new Generator(model, ring, transport, controls);
        this.guard = new GuardedStep(model, transport::seed, chain.volume()::muted, GuardSettings.DEFAULTS.withEnabled(false));
        generator.guard(guard);
        this.watchdog = new StallWatchdog(settings.stallSeconds());
        this.metrics = emptyMetrics();
    }

    /** The output stages for a model and settings (shared with the offline renderer). */
    static OutputChain buildChain(ModelInfo info, EngineSettings s, FloatRing ring, Transport transport, int resumeFrames) {
        int rate = info.sampleRate();
        int ch = info.channels();
        Playout playout = new Playout(ring, transport, ch, EngineSettings.frames(s.fadeMs(), rate),
                EngineSettings.frames(s.stopFadeMs(), rate), resumeFrames);
        VolumeControl volume = new VolumeControl(ch, rate, s.volumeSmoothingMs(), s.volumeDb(), s.muted());
        LookaheadLimiter limiter = s.limiterEnabled()
                ? new LookaheadLimiter(ch, rate, s.limiterCeilingDb(), s.limiterLookaheadMs(), s.limiterReleaseMs())
                : null;
        FloatRing tap = new FloatRing(FloatRing.capacityFor((long) rate * ch));   // one second for the meters
        return new OutputChain(rate, ch, playout, volume, limiter, tap);
    }

    public ModelInfo modelInfo() {
        return info;
    }

    public EngineSettings settings() {
        return settings;
    }

    /** What the audio thread pulls from. One audio thread at a time. */
    public AudioSource output() {
        return chain;
    }

    /**
     * Starts the generation and metering threads; the model is reset with the seed ({@link #setSeed}) first.
     * The output stays silent until {@link #play()}.
     */
    public synchronized void start() {
        if (monitorThread != null) throw new IllegalStateException("engine already started");
        startWorker(true);   // the first thing the generation thread does: reset the model with the seed
        monitorThread = new Thread(this::monitorLoop, "mrtbox-engine-monitor");
        monitorThread.setDaemon(true);
        monitorThread.start();
        log.info("engine started: model {} ({}, {} frames per step), ring {} floats, limiter {}", info.name(),
                info.shape(), info.samplesPerStep(), ring.capacity(),
                settings.limiterEnabled() ? "on at " + settings.limiterCeilingDb() + " dBFS" : "off");
    }

    /** Plays: stale audio from before a stop is dropped and the output fades in when fresh audio is buffered. */
    public void play() {
        transport.flushBefore(ring.writePosition());
        transport.setPlaying(true);
    }

    /** Fades out and stops generating. */
    public void stop() {
        transport.setPlaying(false);
    }

    public boolean playing() {
        return transport.playing();
    }

    /**
     * Forgets the model's context and restarts it with {@code seed}. The old audio keeps playing until the first
     * new step is ready, then fades over to it (no gap for a fast model, no click for any).
     */
    public void reset(long seed) {
        transport.requestReset(seed);
    }

    /**
     * Changes the model's state at the next step boundary and crossfades (equal power) from the old stream to the new
     * one over up to {@code crossfadeMs}: {@code action} runs on the generation thread, which owns the model there
     * (it restores a snapshot: a scene's music, a rollback). The crossfade uses the old audio already buffered ahead
     * (no extra model work), so it is at most {@link #maxCrossfadeFrames}; the new stream is heard from the lead minus
     * the crossfade after the swap (when its first steps are ready by then; otherwise a fade out and in at the mark). A newer request replaces one not
     * yet run; a reset wins over a swap.
     */
    public void swapState(Runnable action, double crossfadeMs) {
        Objects.requireNonNull(action, "action");
        int frames = Math.min(Math.max(EngineSettings.frames(settings.fadeMs(), info.sampleRate()),
                EqualPowerCrossfade.framesFor(crossfadeMs, info.sampleRate())), maxCrossfadeFrames());
        transport.requestSwap(action, new EqualPowerCrossfade(info.channels(), frames));
    }

    /**
     * The longest swap crossfade the buffered audio holds in time on a model that just keeps up (real-time factor 1):
     * a frame model steps when its buffer falls below the lead, so about the lead less one step is ahead at a step
     * boundary, and the new stream's first crossfade plus one fade of audio must be made while the old plays to the
     * crossfade's start (MRT2 at the default 160 ms lead: (160 - 40 - 10) / 2 = 55 ms); a chunk model's new chunk
     * lands with at least the pacer's margin of old audio left (default 250 ms, less one fade: 240 ms).
     */
    public int maxCrossfadeFrames() {
        int rate = info.sampleRate();
        int fade = EngineSettings.frames(settings.fadeMs(), rate);
        int max = info.shape() == ModelInfo.Shape.FRAME
                ? (EngineSettings.frames(settings.leadMs(), rate) - info.samplesPerStep() - fade) / 2
                : EngineSettings.frames(settings.chunkMarginMs(), rate) - fade;
        return Math.max(1, max);
    }

    /** The seed the next watchdog recovery or reset without a seed uses. */
    public void setSeed(long seed) {
        transport.setSeed(seed);
    }

    public void setVolumeDb(double db) {
        chain.volume().setVolumeDb(db);
    }

    public void setMuted(boolean muted) {
        chain.volume().setMuted(muted);
    }

    /**
     * The output guard's settings, in force from the next step (any thread). The guard is off until this turns it on:
     * the box sets it from its {@code guard.*} parameters.
     */
    public void setGuardSettings(GuardSettings s) {
        guard.settings(s);
    }

    public GuardSettings guardSettings() {
        return guard.settings();
    }

    /** What the output guard has seen and done (any thread; never blocks). */
    public GuardStatus guardStatus() {
        return guard.status();
    }

    /** The latest metrics (published every {@code monitorIntervalMs}); never blocks. */
    public EngineMetrics metrics() {
        return metrics;
    }

    public StepTimes.Summary stepTimeSummary() {
        return stepTimes.summary();
    }

    /** Every completed step's duration since start, in buckets (for the metrics); never blocks. */
    public StepHistogram.Snapshot stepHistogram() {
        return stepHistogram.snapshot();
    }

    @Override
    public void close() {
        closing = true;
        transport.setPlaying(false);
        Thread m;
        GenerationWorker w;
        synchronized (this) {
            m = monitorThread;
            w = worker;
        }
        join(m);
        if (w != null) join(w.thread());
    }

    private static void join(Thread t) {
        if (t == null) return;
        try {
            t.join(TimeUnit.SECONDS.toMillis(5));
            if (t.isAlive()) log.warn("{} did not stop within 5 s (a model step may be hung); leaving it", t.getName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- for the worker ----

    FloatRing ring() { return ring; }
    Transport transport() { return transport; }
    NanoClock clock() { return clock; }
    StepTimes stepTimes() { return stepTimes; }
    StepHistogram stepHistogramRecorder() { return stepHistogram; }
    StallWatchdog watchdog() { return watchdog; }
    boolean closing() { return closing; }

    long countDroppedStep() {
        return droppedSteps.incrementAndGet();
    }

    void countStall() {
        stalls.incrementAndGet();
    }

    void noteError(String message) {
        lastError = message;
    }

    void workerDied(GenerationWorker dead) {
        // the monitor notices a dead worker and restarts it; nothing to do on the dying thread
        noteError("generation thread died");
    }

    private synchronized void startWorker(boolean resetFirst) {
        GenerationWorker w = new GenerationWorker(this, generator, pacer, resetFirst);
        worker = w;
        w.start(++workerNumber);
    }

    // ---- metering thread: watchdog, meters, metrics ----

    private void monitorLoop() {
        int ch = info.channels();
        LevelMeter meter = new LevelMeter(ch);
        SpectrumAnalyzer spectrum = new SpectrumAnalyzer(info.sampleRate(), ch, SPECTRUM_FFT, settings.spectrumBands());
        float[] drain = new float[4096 * ch];
        double[] peakDb = new double[ch];
        double[] rmsDb = new double[ch];
        float[] column = new float[spectrum.bands()];
        long interval = TimeUnit.MILLISECONDS.toNanos(settings.monitorIntervalMs());
        FloatRing tap = chain.tap();
        while (!closing) {
            LockSupport.parkNanos(interval);
            watch();
            int n;
            while ((n = tap.read(drain, 0, drain.length)) > 0) {
                meter.feed(drain, n);
                spectrum.feed(drain, n);
            }
            meter.takeReport(peakDb, rmsDb);
            spectrum.column(column);
            metrics = snapshot(peakDb, rmsDb, column);
        }
    }

    private void watch() {
        GenerationWorker w = worker;
        if (closing || w == null) return;
        if (w.abandoned()) {
            restartWhenReturned(w);
            return;
        }
        if (!w.thread().isAlive()) {
            countStall();
            log.warn("generation thread ended unexpectedly: restarting it (stalls: {})", stalls.get());
            startWorker(true);
            return;
        }
        long slowest = stepTimes.summary().max();
        if (w.inStep() && watchdog.stalled(clock.nanoTime(), w.stepStartedNanos(), slowest) && w.abandon()) {
            long stallCount = stalls.incrementAndGet();
            String message = "model step hung for more than " + watchdog.limitNanos(slowest) / 1_000_000 + " ms";
            noteError(message);
            log.warn("{}: abandoning it; generation restarts with a reset model once the step returns (stalls: {})",
                    message, stallCount);
            abandonedAtNanos = clock.nanoTime();
            reportedNotReturning = false;
            w.thread().interrupt();
            restartWhenReturned(w);
        }
    }

    /**
     * The models are not thread-safe: a replacement worker may touch the model (and the step buffer) only after the
     * abandoned thread has left it. Until then generation waits; past the stall limit once more it says so (the
     * box's health then turns to an error when no step finishes, and the service restart brings a fresh model).
     */
    private void restartWhenReturned(GenerationWorker abandoned) {
        long waited = clock.nanoTime() - abandonedAtNanos;
        if (abandoned.thread().isAlive()) {
            if (!reportedNotReturning && waited > watchdog.limitNanos(0)) {
                reportedNotReturning = true;
                String message = "model step hung and has not returned for " + waited / 1_000_000
                        + " ms; generation waits for it (a model never runs on two threads)";
                noteError(message);
                log.error(message);
            }
            return;
        }
        log.info("the hung step returned after {} ms: resetting the model and restarting generation", waited / 1_000_000);
        startWorker(true);
    }

    private EngineMetrics snapshot(double[] peakDb, double[] rmsDb, float[] column) {
        StepTimes.Summary s = stepTimes.summary();
        // the median, not the mean: a few slow steps (JIT warm-up, a prefill) must not call a fast model too slow
        double rtf = s.median() > 0 ? info.secondsPerStep() * 1e9 / s.median() : 0;
        double leadMs = (ring.buffered() / info.channels() + chain.latencyFrames()) * 1000.0 / info.sampleRate();
        return new EngineMetrics(info.name(), transport.playing(), chain.audible(), s.totalSteps(),
                s.median() / 1e6, s.p95() / 1e6, s.p99() / 1e6, s.max() / 1e6, rtf, leadMs, chain.underruns(),
                droppedSteps.get(), stalls.get(), chain.limiterReductionDb(), peakDb, rmsDb, column, lastError);
    }

    private EngineMetrics emptyMetrics() {
        double[] floor = new double[info.channels()];
        java.util.Arrays.fill(floor, LevelMeter.FLOOR_DB);
        return new EngineMetrics(info.name(), false, false, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, floor, floor,
                new float[0], "");
    }
}
