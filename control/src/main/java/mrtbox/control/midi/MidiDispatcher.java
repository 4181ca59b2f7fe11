package mrtbox.control.midi;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import mrtbox.control.mapping.Mapping;
import mrtbox.control.mapping.MappingBook;
import mrtbox.control.mapping.MidiSource;
import mrtbox.control.mapping.MidiSource.MessageType;
import mrtbox.control.notes.NoteInput;
import mrtbox.control.param.ChangeSource;
import mrtbox.control.param.ParamChange;
import mrtbox.control.param.ParamHandle;
import mrtbox.control.param.ParameterRegistry;
import mrtbox.control.param.RegistryListener;
import mrtbox.control.param.SetOutcome;
import mrtbox.control.param.StandardParams;
import mrtbox.control.scene.RecallReport;
import mrtbox.control.scene.Scene;
import mrtbox.control.scene.SceneBook;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MIDI thread of the box. It drains the inbound queue, parses and assembles each port's messages, and routes
 * every event: panic, learn, program change to scene, mappings, notes. Mapped values are coalesced and written to
 * the registry at most once per parameter per tick; feedback is flushed at most once per feedback period. All
 * mapping state lives on this one thread, so none of it needs a lock; the audio and generation threads never meet
 * it (they read registry snapshots).
 */
final class MidiDispatcher implements RegistryListener, MappingBook.Listener {
    private static final Logger log = LoggerFactory.getLogger(MidiDispatcher.class);
    private static final int BATCH = 4096;
    private static final int ALL_SOUND_OFF = 120, ALL_NOTES_OFF = 123;
    private static final long IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long EXPIRE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final MidiSettings settings;
    private final ParameterRegistry registry;
    private final SceneBook scenes;
    private final NoteInput notes;
    private final InboundQueue queue;
    private final PendingWrites pending = new PendingWrites();
    private final MappingEngine engine;
    final FeedbackSender feedback;
    final MidiLearn learn;
    final MidiMonitor monitor;
    private final long tickNanos;
    private final long feedbackNanos;
    private final long pairTimeoutNanos;
    private final List<InputPort> ports = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<String> externallyChanged = new ConcurrentLinkedQueue<>();
    private final List<Runnable> waitingForQuiet = new ArrayList<>();
    private final AtomicReference<List<Mapping>> newMappings = new AtomicReference<>();
    private volatile boolean refreshAll;
    private volatile boolean running;
    private volatile Thread thread;
    private long nextApply;
    private long nextFeedback;
    private long nextExpire;

    // counters: written by the dispatcher thread only
    private volatile long messages, events, applied, unknownBytes, sysexMessages, realtime, scenesRecalled, panics;

    MidiDispatcher(MidiSettings settings, ParameterRegistry registry, MappingBook book, SceneBook scenes, NoteInput notes) {
        this.settings = settings;
        this.registry = registry;
        this.scenes = scenes;
        this.notes = notes;
        this.queue = new InboundQueue(settings.queueCapacity());
        this.engine = new MappingEngine(registry, pending);
        this.feedback = new FeedbackSender(registry);
        this.learn = new MidiLearn(registry, book);
        this.monitor = new MidiMonitor(settings.monitorSize());
        this.tickNanos = TimeUnit.MILLISECONDS.toNanos(settings.tickMillis());
        this.feedbackNanos = TimeUnit.MILLISECONDS.toNanos(settings.feedbackMillis());
        this.pairTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(settings.pairTimeoutMillis());
        this.newMappings.set(book.list());
    }

    synchronized void start() {
        if (running) return;
        running = true;
        thread = new Thread(this::run, "mrtbox-midi");
        thread.setDaemon(true);
        queue.consumer(thread);
        thread.start();
    }

    void stop() {
        Thread t;
        synchronized (this) {
            running = false;
            t = thread;
        }
        if (t == null) return;
        LockSupport.unpark(t);
        try {
            t.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A new input: its receiver feeds this dispatcher. */
    InputPort openPort(String name) {
        InputPort p = new InputPort(name, queue, this, pairTimeoutNanos);
        ports.add(p);
        return p;
    }

    /** The port stops accepting messages; the dispatcher forgets it once its queued messages and half pairs are done. */
    void closePort(InputPort p) {
        p.close();
        queue.wake();
    }

    /** After a controller connects: send it every mapped value. */
    void requestFullFeedback() {
        refreshAll = true;
        queue.wake();
    }

    /** Runs {@code done} on the dispatcher once everything received so far is applied and fed back. */
    void whenQuiet(Runnable done) {
        queue.offer(new InboundQueue.Item(null, null, 0, false, System.nanoTime(), done));
    }

    MidiStats stats(int inputs, int outputs) {
        Thread t = thread;
        long cpu = -1;
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        if (t != null && mx.isThreadCpuTimeSupported()) cpu = mx.getThreadCpuTime(t.getId());
        return new MidiStats(messages, queue.dropped(), events, applied, pending.coalesced(), engine.triggersFired(),
                unknownBytes, sysexMessages, realtime, scenesRecalled, panics, feedback.sent(), feedback.errors(), inputs, outputs,
                cpu < 0 ? -1 : cpu / 1000);
    }

    // ---- registry and mapping book listeners (other threads) ----

    @Override
    public void onChange(ParamChange change) {
        ChangeSource.Kind kind = change.source().kind();
        if (!running || kind == ChangeSource.Kind.MIDI) return; // our own writes: feedback is marked where they are applied
        if (kind == ChangeSource.Kind.SCENE) refreshAll = true;
        externallyChanged.add(change.id());
        queue.wake();
    }

    @Override
    public void mappingsChanged(List<Mapping> mappings) {
        newMappings.set(mappings);
        queue.wake();
    }

    // ---- the loop ----

    private void run() {
        while (running) {
            try {
                loopOnce();
            } catch (RuntimeException e) {
                log.error("MIDI dispatcher error (carrying on)", e); // a bug must not silence every controller
            }
        }
    }

    private void loopOnce() {
        takeNewMappings();
        int n = 0;
        InboundQueue.Item item;
        while (n < BATCH && (item = queue.poll()) != null) {
            n++;
            takeNewMappings(); // a mapping made before a message was sent applies to that message
            if (item.marker() != null) {
                waitingForQuiet.add(item.marker());
                continue;
            }
            messages++;
            InputPort p = item.port();
            p.nanos = item.nanos();
            p.parser.feed(item.bytes(), item.length(), item.sysexContinuation());
        }
        long now = System.nanoTime();
        boolean anyPendingPair = false;
        boolean expire = now - nextExpire >= 0; // half pairs wait 20 ms: checking each millisecond is plenty
        if (expire) nextExpire = now + EXPIRE_NANOS;
        for (InputPort p : ports) {
            if (expire) p.decoder.expire(now);
            anyPendingPair |= p.decoder.hasPending();
            if (p.closed() && !p.decoder.hasPending() && queue.isEmpty()) ports.remove(p);
        }
        if (!pending.isEmpty() && now - nextApply >= 0) {
            applyPending();
            nextApply = now + tickNanos;
        }
        String id;
        while ((id = externallyChanged.poll()) != null) feedback.markTarget(engine, id, null, null);
        if (refreshAll) {
            refreshAll = false;
            feedback.markAll(engine);
        }
        if (feedback.hasDirty() && now - nextFeedback >= 0) {
            feedback.flush(now);
            nextFeedback = now + feedbackNanos;
        }
        boolean quiet = queue.isEmpty() && pending.isEmpty() && !feedback.hasDirty() && !anyPendingPair
                && externallyChanged.isEmpty() && newMappings.get() == null;
        if (quiet && !waitingForQuiet.isEmpty()) {
            for (Runnable r : waitingForQuiet) r.run();
            waitingForQuiet.clear();
        }
        if (n < BATCH && queue.isEmpty()) {
            long wait = IDLE_NANOS;
            if (!pending.isEmpty()) wait = Math.min(wait, nextApply - now);
            if (feedback.hasDirty()) wait = Math.min(wait, nextFeedback - now);
            if (anyPendingPair) wait = Math.min(wait, pairTimeoutNanos / 4);
            if (!waitingForQuiet.isEmpty()) wait = Math.min(wait, TimeUnit.MILLISECONDS.toNanos(1));
            if (wait > 0) queue.park(this, wait);
        }
    }

    private void takeNewMappings() {
        List<Mapping> m = newMappings.getAndSet(null);
        if (m != null) feedback.markAll(engine.setMappings(m)); // a new mapping shows its value on the controller
    }

    private void applyPending() {
        for (PendingWrites.Write w : pending.drain()) {
            SetOutcome o = registry.set(w.target(), w.value(), ChangeSource.of(ChangeSource.Kind.MIDI, w.device()));
            if (o.status() == SetOutcome.Status.ACCEPTED || o.status() == SetOutcome.Status.ADJUSTED) {
                applied++;
                feedback.markTarget(engine, w.target().id(), w.by(), w.device());
            } else if (!o.ok()) {
                log.debug("MIDI write to {} refused: {}", w.target().id(), o.reason());
            }
        }
    }

    // ---- parsed messages (dispatcher thread, via InputPort's parser and decoder) ----

    MidiStreamParser.Sink sinkFor(InputPort p) {
        return new MidiStreamParser.Sink() {
            @Override
            public void channelMessage(int status, int data1, int data2) {
                int kind = status & 0xF0;
                int[] bytes = kind == 0xC0 || kind == 0xD0 ? new int[] {status, data1} : new int[] {status, data1, data2};
                monitor.record(p.name, MessageText.hex(bytes), MessageText.channelMessage(status, data1, data2));
                p.decoder.channelMessage(status, data1, data2, p.nanos);
            }

            @Override
            public void systemMessage(int status, int data1, int data2) {
                if (status == 0xF8 || status == 0xFE) {
                    realtime++;
                    return;
                }
                monitor.record(p.name, MessageText.hex(status), MessageText.systemMessage(status, data1, data2));
            }

            @Override
            public void sysex(int length, byte[] head, int headLength, boolean terminated) {
                sysexMessages++;
                monitor.record(p.name, MessageText.hex(head, headLength, length),
                        "SysEx, " + length + " bytes" + (terminated ? "" : ", cut off by another status byte"));
            }

            @Override
            public void unknown(int b) {
                unknownBytes++;
                monitor.record(p.name, MessageText.hex(b), b >= 0x80 ? "undefined status byte, ignored" : "data byte without a status, ignored");
            }
        };
    }

    void onEvent(InputPort p, ControlEvent e) {
        events++;
        if ((e.type() == MessageType.CC14 || e.type() == MessageType.NRPN)) monitor.record(p.name, "", MessageText.assembled(e));
        if (isPanicControl(e, p.name)) {
            if (e.pressed()) panic(p.name);
            return; // its release too: neither learned, mapped nor played
        }
        if (learn.offer(e, p.name)) return;
        if (e.type() == MessageType.PROGRAM_CHANGE && onSceneChannel(e.channel())) {
            recallScene(e.raw(), p.name);
            return;
        }
        boolean mapped = engine.handle(e, p.name, p.nanos);
        if (mapped || notes == null || !onChannel(settings.noteChannel(), e.channel())) return;
        ChangeSource src = ChangeSource.of(ChangeSource.Kind.MIDI, p.name);
        if (e.type() == MessageType.NOTE) {
            if (e.pressed()) notes.noteOn(e.number(), e.raw(), src);
            else notes.noteOff(e.number(), src);
        } else if (e.type() == MessageType.CC && (e.number() == ALL_SOUND_OFF || e.number() == ALL_NOTES_OFF)) {
            notes.allNotesOff(src); // what a keyboard or sequencer sends when it stops
        }
    }

    private boolean isPanicControl(ControlEvent e, String port) {
        MidiSource s = settings.panic();
        if (s == null || s.type() != e.type() || s.number() != e.number()) return false;
        if (s.channel() != 0 && s.channel() != e.channel()) return false;
        return s.device().isEmpty() || port.toLowerCase(Locale.ROOT).contains(s.device().toLowerCase(Locale.ROOT));
    }

    private void panic(String port) {
        panics++;
        ChangeSource src = ChangeSource.of(ChangeSource.Kind.MIDI, port);
        if (notes != null) notes.allNotesOff(src);
        ParamHandle mute = registry.handle(StandardParams.MUTE);
        if (mute != null) {
            pending.remove(mute); // a knob move queued before the panic must not unmute after it
            registry.set(mute, Boolean.TRUE, src);
            feedback.markTarget(engine, StandardParams.MUTE, null, null);
        }
        monitor.record(port, "", "PANIC: all notes off, output muted");
        log.warn("MIDI panic from '{}': all notes off, output muted", port);
    }

    private boolean onSceneChannel(int channel) {
        return scenes != null && onChannel(settings.sceneChannel(), channel);
    }

    private static boolean onChannel(int setting, int channel) {
        return setting == 0 || setting == channel;
    }

    private void recallScene(int program, String port) {
        if (!pending.isEmpty()) applyPending(); // moves made before the program change must not land after it
        Scene scene = scenes.byIndex(program).orElse(null);
        if (scene == null) {
            monitor.record(port, "", "program change " + program + ": there is no scene " + (program + 1));
            return;
        }
        RecallReport r = scenes.recall(scene.name());
        scenesRecalled++;
        refreshAll = true;
        monitor.record(port, "", "recalled scene " + (program + 1) + " '" + scene.name() + "' (" + r.applied() + " values"
                + (r.clean() ? ")" : ", " + r.problems().size() + " not applied)"));
    }
}
