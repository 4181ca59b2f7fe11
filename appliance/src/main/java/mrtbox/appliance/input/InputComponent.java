package mrtbox.appliance.input;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import mrtbox.appliance.audio.JavaSoundCapture;
import mrtbox.appliance.audio.OutputInsert;
import mrtbox.appliance.config.MrtboxConfig;
import mrtbox.appliance.instrument.LoadedStyleModel;
import mrtbox.appliance.instrument.PromptResolver;
import mrtbox.appliance.service.Component;
import mrtbox.control.param.ChangeSource;
import mrtbox.control.param.ParamChange;
import mrtbox.control.param.ParamSnapshot;
import mrtbox.control.param.ParamSpec;
import mrtbox.control.param.ParameterRegistry;
import mrtbox.control.param.RegistryListener;
import mrtbox.control.param.StandardParams;
import mrtbox.control.status.InputStatus;
import mrtbox.inference.engine.InputTap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The interface's input ({@code audio.input} in the config): captures it into a ring, offered as the {@link #tap()}
 * ({@link InputTap#NONE} when the input is off); offers the {@link #outputInsert()} that monitors the input and plays
 * the calibration clicks; adds the {@code :live} prompt syntax (embedded by the engine's style model, once loaded);
 * runs the latency calibration on {@code input.calibrate}. Built before the engine, which takes the tap and insert.
 */
public final class InputComponent implements Component {
    private static final Logger log = LoggerFactory.getLogger(InputComponent.class);
    /** Ring length: the live slot's 10 s clip plus room for readers that lag. */
    static final double RING_SECONDS = 20;
    static final int MAX_OUTPUT_BLOCK = 8192;
    static final int CALIBRATION_CLICKS = 3;

    private final ParameterRegistry registry;
    private final MrtboxConfig.Input config;
    private final AudioInput input;            // null when the input is off
    private final InputTap tap;
    private final InputMonitor monitor;
    private final LatencyCalibration calibration;
    private final OutputInsert insert;
    private final LiveStyle live;
    private final RegistryListener listener = this::changed;
    private final AtomicBoolean calibrating = new AtomicBoolean();
    private volatile String calibrationText = "";
    private ExecutorService calibrator;

    public InputComponent(ParameterRegistry registry, MrtboxConfig.Input config, PromptResolver prompts, LoadedStyleModel styleModel) {
        this.registry = registry;
        this.config = config;
        for (ParamSpec spec : InputParams.all()) {
            if (registry.handle(spec.id()) == null) registry.register(spec);
        }
        if (config.enabled()) {
            InputRing ring = InputRing.forSeconds(48_000, RING_SECONDS);
            int bufferFrames = Integer.highestOneBit((int) Math.round(config.bufferMs() * 48.0) * 2 - 1);
            input = new AudioInput(new JavaSoundCapture(config.device(), config.channels(), bufferFrames), ring, 1000);
            tap = ring;
        } else {
            input = null;
            tap = InputTap.NONE;
        }
        this.monitor = new InputMonitor(tap, MAX_OUTPUT_BLOCK, 1024);
        this.calibration = new LatencyCalibration(tap, Duration.ofSeconds(1));
        this.insert = input == null ? OutputInsert.NONE : OutputInsert.chain(monitor, calibration);
        this.live = new LiveStyle(tap, styleModel::embedder, this::anySlotIsLive);
        prompts.add(live);
    }

    /** The captured input for the engine's audio injection ({@link InputTap#NONE} when the input is off). */
    public InputTap tap() {
        return tap;
    }

    /** What the audio output mixes in: the input monitor and the calibration clicks (nothing when the input is off). */
    public OutputInsert outputInsert() {
        return insert;
    }

    @Override
    public String name() {
        return "input";
    }

    @Override
    public void start() {
        ParamSnapshot s = registry.snapshot();
        apply(s);
        registry.addListener(listener);
        calibrator = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "input-calibration");
            t.setDaemon(true);
            return t;
        });
        if (input != null) input.start();
        else log.info("audio input off (audio.input.enabled is false): :live slots stay empty, input.calibrate does nothing");
        live.start();
    }

    private void apply(ParamSnapshot s) {
        float gain = (float) Math.pow(10, s.number(registry.require(InputParams.GAIN_DB)) / 20);
        if (input != null) input.gain(gain);
        monitor.level(gain);
        monitor.enabled(s.bool(registry.require(InputParams.MONITOR)));
        live.interval(s.number(registry.require(InputParams.LIVE_INTERVAL)));
    }

    private void changed(ParamChange c) {
        if (!c.id().startsWith("input.")) return;
        if (c.id().equals(InputParams.CALIBRATE)) calibrate();
        else apply(c.snapshot());
    }

    /** Whether a prompt slot holds {@code :live} (the live worker embeds only then). */
    private boolean anySlotIsLive() {
        ParamSnapshot s = registry.snapshot();
        for (int slot = 1; slot <= StandardParams.PROMPT_SLOTS; slot++) {
            if (LiveStyle.SYNTAX.equals(s.text(registry.require(StandardParams.promptText(slot))).strip().toLowerCase(java.util.Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }

    /** Starts a calibration in the background unless one runs; the result lands in input.delay_ms. */
    void calibrate() {
        if (input == null) {
            calibrationText = "failed: the audio input is off (set audio.input.enabled)";
            log.warn("latency calibration: {}", calibrationText);
            return;
        }
        InputStatus now = input.status();
        if (!now.open()) {
            calibrationText = "failed: the audio input is not open (" + now.error() + ")";
            log.warn("latency calibration {}", calibrationText);
            return;
        }
        if (!calibrating.compareAndSet(false, true)) return;
        calibrationText = "measuring";
        try {
            calibrator.execute(this::runCalibration);
        } catch (RejectedExecutionException e) {
            calibrating.set(false);   // stopping
        }
    }

    private void runCalibration() {
        try {
            LatencyCalibration.Result r = calibration.measure(CALIBRATION_CLICKS, Duration.ofSeconds(10));
            registry.set(InputParams.DELAY_MS, r.delayMs(), ChangeSource.INTERNAL);
            calibrationText = String.format("%.1f ms (%d clicks, frames %s, correlation %.2f)", r.delayMs(),
                    r.clicks().size(), r.clicks(), r.correlation());
            log.info("latency calibration: round trip {}", calibrationText);
        } catch (Exception e) {
            calibrationText = "failed: " + e.getMessage();
            log.warn("latency calibration {}", calibrationText);
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
        } finally {
            calibrating.set(false);
        }
    }

    /** The input's part of the status report, with the last calibration's result. */
    public InputStatus status() {
        InputStatus s = input == null ? InputStatus.OFF : input.status();
        return s.withCalibration(calibrationText);
    }

    /** The live prompt source (tests). */
    LiveStyle live() {
        return live;
    }

    Optional<AudioInput> input() {
        return Optional.ofNullable(input);
    }

    @Override
    public void stop() throws Exception {
        registry.removeListener(listener);
        live.close();
        calibrator.shutdownNow();
        calibrator.awaitTermination(2, TimeUnit.SECONDS);
        if (input != null) input.close();
    }
}
