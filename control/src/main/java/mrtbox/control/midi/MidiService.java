package mrtbox.control.midi;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sound.midi.Receiver;
import mrtbox.control.mapping.MappingBook;
import mrtbox.control.mapping.MidiSource;
import mrtbox.control.notes.NoteInput;
import mrtbox.control.param.ParameterRegistry;
import mrtbox.control.scene.SceneBook;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MIDI control of the box: opens every controller the system offers (hotplug by polling), applies the mappings to
 * the parameter registry, runs MIDI learn, recalls scenes on program change, forwards notes, sends feedback, and
 * keeps a monitor of recent messages. Built with {@link #builder}; {@link #start()} and {@link #stop()} once each.
 *
 * <p>Threads: one dispatcher thread ("mrtbox-midi") owns all mapping state; one poller ("mrtbox-midi-hotplug")
 * watches devices. MIDI delivery threads only enqueue.
 */
public final class MidiService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MidiService.class);

    private final MidiSettings settings;
    private final ParameterRegistry registry;
    private final MappingBook mappings;
    private final MidiDispatcher dispatcher;
    private final DeviceWatcher watcher;
    private ScheduledExecutorService poller;

    private MidiService(Builder b) {
        this.settings = b.settings;
        this.registry = b.registry;
        this.mappings = b.mappings;
        this.dispatcher = new MidiDispatcher(b.settings, b.registry, b.mappings, b.scenes, b.notes);
        this.watcher = new DeviceWatcher(b.provider, b.settings, dispatcher);
        mappings.addListener(dispatcher); // MappingBook has no removal; the dispatcher ignores changes while stopped
    }

    public static Builder builder(ParameterRegistry registry, MappingBook mappings) {
        return new Builder(registry, mappings);
    }

    /** The ports the JDK sees now, inputs and outputs, for {@code mrtbox devices}. */
    public static List<MidiPort> availablePorts() {
        return new JdkMidiDeviceProvider().ports();
    }

    public synchronized void start() {
        if (poller != null) return;
        registry.addListener(dispatcher);
        dispatcher.start();
        poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mrtbox-midi-hotplug");
            t.setDaemon(true);
            return t;
        });
        poller.scheduleWithFixedDelay(this::pollSafely, 0, settings.pollMillis(), TimeUnit.MILLISECONDS);
        log.info("MIDI started (devices polled every {} ms)", settings.pollMillis());
    }

    public synchronized void stop() {
        if (poller == null) return;
        poller.shutdownNow();
        try {
            poller.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        poller = null;
        watcher.closeAll();
        dispatcher.stop();
        registry.removeListener(dispatcher);
        log.info("MIDI stopped");
    }

    @Override
    public void close() {
        stop();
    }

    /** Polls the devices now (the poller does this every {@code pollMillis}; a udev hook may call it sooner). */
    public void pollDevices() {
        watcher.poll();
    }

    /**
     * A receiver that feeds messages in as if they came from a device of this name: for virtual sources (OSC to
     * MIDI bridges) and tests. Close it when done.
     */
    public Receiver receiver(String deviceName) {
        Objects.requireNonNull(deviceName, "deviceName");
        InputPort p = dispatcher.openPort(deviceName);
        return new Receiver() {
            @Override
            public void send(javax.sound.midi.MidiMessage message, long timeStamp) {
                p.send(message, timeStamp);
            }

            @Override
            public void close() {
                dispatcher.closePort(p);
            }
        };
    }

    /** The control that ends all notes and mutes the output, or null for none. */
    public MidiSource panic() {
        return dispatcher.router.panicControl();
    }

    /**
     * Changes the panic control while running (or before start): the next message is judged against it. A note or
     * CC, or null for none; anything else is refused with the reason and changes nothing.
     */
    public void setPanic(MidiSource control) {
        dispatcher.router.panicControl(control);
        log.info("MIDI panic control: {}", control == null ? "none" : describe(control));
    }

    /** "note 0 on channel 16 of any device", as the log says it. */
    static String describe(MidiSource s) {
        return s.type().word() + " " + s.number() + " on " + (s.channel() == 0 ? "any channel" : "channel " + s.channel())
                + " of " + (s.device().isEmpty() ? "any device" : "'" + s.device() + "'");
    }

    public MidiLearn learn() {
        return dispatcher.learn;
    }

    public MidiMonitor monitor() {
        return dispatcher.monitor;
    }

    public Set<String> connectedInputs() {
        return watcher.inputNames();
    }

    public Set<String> connectedOutputs() {
        return watcher.outputNames();
    }

    public MidiStats stats() {
        return dispatcher.stats(watcher.inputNames().size(), watcher.outputNames().size());
    }

    /** Sends every mapped value to the controllers again (after a reconnect, or on demand from the page). */
    public void refreshFeedback() {
        dispatcher.requestFullFeedback();
    }

    /**
     * Waits until everything received so far has been applied and fed back (half pairs included, after their
     * timeout). For an orderly stop and for tests; returns false when it did not settle in time.
     */
    public boolean settle(Duration timeout) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        dispatcher.whenQuiet(done::countDown);
        return done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void pollSafely() {
        try {
            watcher.poll();
        } catch (RuntimeException e) {
            log.warn("MIDI device poll failed (next poll retries)", e);
        }
    }

    public static final class Builder {
        private final ParameterRegistry registry;
        private final MappingBook mappings;
        private SceneBook scenes;
        private NoteInput notes;
        private MidiSettings settings = MidiSettings.defaults();
        private MidiDeviceProvider provider = new JdkMidiDeviceProvider();

        private Builder(ParameterRegistry registry, MappingBook mappings) {
            this.registry = Objects.requireNonNull(registry, "registry");
            this.mappings = Objects.requireNonNull(mappings, "mappings");
        }

        /** Program change recalls these scenes (by index, in name order); none: program changes are mappable. */
        public Builder scenes(SceneBook s) { this.scenes = s; return this; }
        /** Where unmapped notes go (the model's note conditioning); none: notes are only mappable. */
        public Builder notes(NoteInput n) { this.notes = n; return this; }
        public Builder settings(MidiSettings s) { this.settings = Objects.requireNonNull(s); return this; }
        public Builder provider(MidiDeviceProvider p) { this.provider = Objects.requireNonNull(p); return this; }

        public MidiService build() {
            return new MidiService(this);
        }
    }
}
