package mrtbox.control.gpio;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Supplier;
import mrtbox.control.mapping.LearnControl;
import mrtbox.control.notes.NoteInput;
import mrtbox.control.param.ParameterRegistry;
import mrtbox.control.scene.SceneBook;
import mrtbox.control.status.StatusBoard;
import mrtbox.control.status.StatusReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hardware controls as one service for the appliance to start and stop. GPIO is optional: where there is none
 * (an x86 box, a Jetson whose chip Pi4J 2.8 cannot find) or a pin cannot be opened, {@link #start()} logs one line
 * saying that hardware controls are off and why, and returns normally. A configuration mistake is different: it
 * fails {@link #start()} with every problem listed, as the rest of the config does.
 *
 * <pre>
 * GpioService gpio = GpioService.builder(config.gpio(), registry)
 *         .scenes(sceneBook).notes(noteBus).learn(learnControl).status(statusBoard)
 *         .stateFlusher(lastStateTracker::flush)
 *         .build();
 * gpio.start();   ...   gpio.stop();
 * </pre>
 */
public final class GpioService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GpioService.class);

    /** Whether the controls are running, and why not when they are not. */
    public record Availability(boolean on, String detail) {
        static final Availability NOT_STARTED = new Availability(false, "not started");
    }

    private final GpioSettings settings;
    private final ParameterRegistry registry;
    private final SceneBook scenes;
    private final NoteInput notes;
    private final LearnControl learn;
    private final StatusBoard status;
    private final Runnable stateFlusher;
    private final CommandRunner commandRunner;
    private final GpioHardware hardware;
    private final Supplier<ControlScheduler> schedulerFactory;
    private final Executor blockingWork;

    private volatile Availability availability = Availability.NOT_STARTED;
    private ControlScheduler scheduler;
    private ExecutorService ownBlockingWork;
    private GpioPins pins;
    private final List<ButtonChannel> buttons = new ArrayList<>();
    private volatile LedChannel leds;
    private Consumer<StatusReport> statusListener;
    private volatile SafeShutdown shutdown;

    private GpioService(Builder b) {
        settings = b.settings;
        registry = b.registry;
        scenes = b.scenes;
        notes = b.notes;
        learn = b.learn;
        status = b.status;
        stateFlusher = b.stateFlusher;
        commandRunner = b.commandRunner;
        hardware = b.hardware;
        schedulerFactory = b.scheduler;
        blockingWork = b.blockingWork;
    }

    public static Builder builder(GpioSettings settings, ParameterRegistry registry) {
        return new Builder(settings, registry);
    }

    /**
     * Checks the settings (throws {@link IllegalArgumentException} listing every problem), then opens the pins or
     * logs once why hardware controls are off.
     */
    public synchronized void start() {
        if (scheduler != null) throw new IllegalStateException("already started");
        List<String> problems = problems();
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("hardware controls (gpio) configuration: " + String.join("; ", problems));
        }
        if (!settings.enabled()) {
            off("gpio.enabled is false");
            return;
        }
        if (!settings.hasControls()) {
            off("no buttons, encoders or LEDs are configured");
            return;
        }
        scheduler = schedulerFactory.get();
        try {
            pins = hardware.open();
            wire();
        } catch (GpioUnavailableException e) {
            release();
            off(e.getMessage());
            return;
        }
        availability = new Availability(true, pins.description() + ": " + settings.buttons().size() + " buttons, "
                + settings.encoders().size() + " encoders, " + settings.leds().size() + " LEDs");
        log.info("hardware controls on ({})", availability.detail());
    }

    /** Turns the LEDs off and releases every pin. Safe to call when off or never started. */
    public synchronized void stop() {
        release();
        if (availability.on()) availability = new Availability(false, "stopped");
    }

    @Override
    public void close() {
        stop();
    }

    public Availability availability() {
        return availability;
    }

    /** The state the status LEDs show now, or null when there are none running. */
    public LedState ledState() {
        LedChannel l = leds;
        return l == null ? null : l.state();
    }

    /** The safe-shutdown sequence while the controls are on (what a shutdown long press runs); else null. */
    public SafeShutdown safeShutdown() {
        return shutdown;
    }

    private List<String> problems() {
        List<String> out = new ArrayList<>(settings.problems(registry));
        for (GpioSettings.Button b : settings.buttons()) {
            for (String phrase : new String[] {b.press(), b.doublePress(), b.longPress()}) {
                ButtonAction a = parseQuietly(phrase);
                if (a == null) continue;
                String where = "gpio button '" + b.name() + "' " + a;
                switch (a.kind()) {
                    case SCENE_NEXT, SCENE_PREVIOUS, SCENE_RECALL -> { if (scenes == null) out.add(where + ": this box has no scene book"); }
                    case PANIC -> { if (notes == null) out.add(where + ": this box has no note input"); }
                    case LEARN -> { if (learn == null) out.add(where + ": this box has no MIDI learn"); }
                    case PLAY_STOP -> { if (status == null) out.add(where + ": needs the status board to know if it is playing"); }
                    case SHUTDOWN -> { if (stateFlusher == null) out.add(where + ": needs the state flusher (appliance wiring)"); }
                    default -> { }
                }
            }
        }
        if (!settings.leds().isEmpty() && status == null) out.add("gpio leds: need the status board (appliance wiring)");
        return out;
    }

    private static ButtonAction parseQuietly(String phrase) {
        if (phrase == null) return null;
        try {
            return ButtonAction.parse(phrase);
        } catch (IllegalArgumentException e) {
            return null; // already reported by GpioSettings.problems
        }
    }

    // Runs with the pins open; any pin that cannot be opened throws GpioUnavailableException.
    private void wire() {
        if (!settings.leds().isEmpty()) {
            List<LedChannel.Lamp> lamps = new ArrayList<>();
            for (GpioSettings.Led l : settings.leds()) {
                lamps.add(LedChannel.Lamp.of(pins.output(l.pin(), "status LED " + l.pin(), l.activeLow()), l));
            }
            leds = new LedChannel(lamps, new LedStatePolicy(settings.underrunHoldMs() * 1_000_000L), scheduler);
        }
        Executor work = blockingWork;
        if (work == null) {
            ownBlockingWork = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "mrtbox-gpio-shutdown");
                t.setDaemon(true);
                return t;
            });
            work = ownBlockingWork;
        }
        LedChannel ledsForShutdown = leds;
        shutdown = new SafeShutdown(settings.shutdown(), registry, stateFlusher, commandRunner, scheduler, work,
                s -> { if (ledsForShutdown != null) scheduler.execute(() -> ledsForShutdown.override(s)); });
        ControlActions actions = new ControlActions(registry, scenes, notes, learn, status, shutdown);

        for (GpioSettings.Button b : settings.buttons()) {
            ButtonChannel ch = new ButtonChannel(b, settings, scheduler, actions);
            buttons.add(ch);
            GpioPins.Input in = pins.input(b.pin(), ch.pull(), b.name(), high -> {
                long at = scheduler.nowNanos();
                scheduler.execute(() -> ch.onLevel(high, at));
            });
            boolean initial = in.high();
            scheduler.execute(() -> ch.start(initial));
        }
        for (GpioSettings.Encoder e : settings.encoders()) {
            EncoderChannel ch = new EncoderChannel(e, registry.require(e.parameter()), actions);
            GpioPins.Input a = pins.input(e.pinA(), GpioPins.Pull.UP, e.name() + " A", high -> {
                long at = scheduler.nowNanos();
                scheduler.execute(() -> ch.onA(high, at));
            });
            GpioPins.Input b = pins.input(e.pinB(), GpioPins.Pull.UP, e.name() + " B", high -> {
                long at = scheduler.nowNanos();
                scheduler.execute(() -> ch.onB(high, at));
            });
            boolean aHigh = a.high();
            boolean bHigh = b.high();
            scheduler.execute(() -> ch.start(aHigh, bHigh));
        }
        if (leds != null) {
            LedChannel l = leds;
            statusListener = report -> scheduler.execute(() -> l.onReport(report));
            status.addListener(statusListener);
            StatusReport now = status.current();
            scheduler.execute(() -> l.onReport(now));
        }
    }

    private void release() {
        if (statusListener != null) status.removeListener(statusListener);
        statusListener = null;
        ControlScheduler s = scheduler;
        if (s != null) {
            LedChannel l = leds;
            List<ButtonChannel> bs = new ArrayList<>(buttons);
            s.execute(() -> {
                bs.forEach(ButtonChannel::stop);
                if (l != null) l.stop();
            });
        }
        buttons.clear();
        leds = null;
        shutdown = null;
        if (s != null) s.close();
        scheduler = null;
        if (pins != null) pins.close();
        pins = null;
        if (ownBlockingWork != null) ownBlockingWork.shutdown();
        ownBlockingWork = null;
    }

    private void off(String reason) {
        availability = new Availability(false, reason);
        log.info("hardware controls are off: {}", reason);
    }

    public static final class Builder {
        private final GpioSettings settings;
        private final ParameterRegistry registry;
        private SceneBook scenes;
        private NoteInput notes;
        private LearnControl learn;
        private StatusBoard status;
        private Runnable stateFlusher;
        private CommandRunner commandRunner = new ProcessCommandRunner();
        private GpioHardware hardware = GpioHardware.raspberryPi();
        private Supplier<ControlScheduler> scheduler = () -> new ExecutorScheduler("mrtbox-gpio");
        private Executor blockingWork;

        private Builder(GpioSettings settings, ParameterRegistry registry) {
            this.settings = Objects.requireNonNull(settings, "settings");
            this.registry = Objects.requireNonNull(registry, "registry");
        }

        public Builder scenes(SceneBook v) { scenes = v; return this; }
        public Builder notes(NoteInput v) { notes = v; return this; }
        public Builder learn(LearnControl v) { learn = v; return this; }
        public Builder status(StatusBoard v) { status = v; return this; }
        /** Saves the last state now; called by safe shutdown before powering off. */
        public Builder stateFlusher(Runnable v) { stateFlusher = v; return this; }
        /** Default: {@link ProcessCommandRunner}. */
        public Builder commandRunner(CommandRunner v) { commandRunner = Objects.requireNonNull(v); return this; }
        /** Default: {@link GpioHardware#raspberryPi()}. */
        public Builder hardware(GpioHardware v) { hardware = Objects.requireNonNull(v); return this; }
        /** Default: one daemon thread on {@link System#nanoTime()}; tests pass a manual clock. */
        public Builder scheduler(Supplier<ControlScheduler> v) { scheduler = Objects.requireNonNull(v); return this; }
        /** Where the shutdown's flush and command run; default a daemon thread of its own. */
        public Builder blockingWork(Executor v) { blockingWork = v; return this; }

        public GpioService build() {
            return new GpioService(this);
        }
    }
}
