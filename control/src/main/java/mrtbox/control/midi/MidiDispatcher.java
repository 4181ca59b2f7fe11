package mrtbox.control.midi;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import mrtbox.control.mapping.Mapping;
import mrtbox.control.mapping.MappingBook;
import mrtbox.control.notes.NoteInput;
import mrtbox.control.param.ChangeSource;
import mrtbox.control.param.ParamChange;
import mrtbox.control.param.ParameterRegistry;
import mrtbox.control.param.RegistryListener;
import mrtbox.control.scene.SceneBook;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MIDI thread of the box. It drains the inbound queue into each port's {@link PortPipeline} (parser ->
 * decoder -> {@link EventRouter} -> mappings -> {@link PendingWrites}), and keeps the clock: the pending writes go
 * to the registry at most once per parameter per tick ({@link RegistryWriter}), feedback is flushed at most once per
 * feedback period, half pairs expire. The pipeline never calls back into the dispatcher. All mapping state lives on
 * this one thread, so none of it needs a lock; the audio and generation threads never meet it (they read registry
 * snapshots).
 */
final class MidiDispatcher implements RegistryListener, MappingBook.Listener {
    private static final Logger log = LoggerFactory.getLogger(MidiDispatcher.class);
    private static final int BATCH = 4096;
    private static final long IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long EXPIRE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final InboundQueue queue;
    private final PendingWrites pending = new PendingWrites();
    private final MappingEngine engine;
    private final MidiCounters counters = new MidiCounters();
    private final RegistryWriter writer;
    final EventRouter router;
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
    private volatile boolean running;
    private volatile Thread thread;
    private long nextApply;
    private long nextFeedback;
    private long nextExpire;

    MidiDispatcher(MidiSettings settings, ParameterRegistry registry, MappingBook book, SceneBook scenes, NoteInput notes) {
        this.queue = new InboundQueue(settings.queueCapacity());
        this.engine = new MappingEngine(registry, pending);
        this.feedback = new FeedbackSender(registry);
        this.learn = new MidiLearn(registry, book);
        this.monitor = new MidiMonitor(settings.monitorSize());
        this.writer = new RegistryWriter(registry, pending, engine, feedback, counters);
        this.router = new EventRouter(settings, registry, scenes, notes, learn, monitor, engine, pending, writer, feedback, counters);
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

    /** A new input: its receiver feeds the queue, its pipeline the router. */
    InputPort openPort(String name) {
        InputPort p = new InputPort(name, queue, new PortPipeline(name, pairTimeoutNanos, monitor, counters, router));
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
        feedback.requestRefresh();
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
        MidiCounters c = counters;
        return new MidiStats(c.messages, queue.dropped(), c.events, c.applied, pending.coalesced(), engine.triggersFired(),
                c.unknownBytes, c.sysexMessages, c.realtime, c.scenesRecalled, c.panics, feedback.sent(), feedback.errors(),
                inputs, outputs, cpu < 0 ? -1 : cpu / 1000);
    }

    // ---- registry and mapping book listeners (other threads) ----

    @Override
    public void onChange(ParamChange change) {
        ChangeSource.Kind kind = change.source().kind();
        if (!running || kind == ChangeSource.Kind.MIDI) return; // our own writes: feedback is marked where they are applied
        if (kind == ChangeSource.Kind.SCENE) feedback.requestRefresh();
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
            counters.messages++;
            item.port().pipeline.feed(item.bytes(), item.length(), item.sysexContinuation(), item.nanos());
        }
        long now = System.nanoTime();
        boolean anyPendingPair = false;
        boolean expire = now - nextExpire >= 0; // half pairs wait 20 ms: checking each millisecond is plenty
        if (expire) nextExpire = now + EXPIRE_NANOS;
        for (InputPort p : ports) {
            if (expire) p.pipeline.expire(now);
            anyPendingPair |= p.pipeline.hasPendingPair();
            if (p.closed() && !p.pipeline.hasPendingPair() && queue.isEmpty()) ports.remove(p);
        }
        if (!writer.idle() && now - nextApply >= 0) {
            writer.apply();
            nextApply = now + tickNanos;
        }
        String id;
        while ((id = externallyChanged.poll()) != null) feedback.markTarget(engine, id, null, null);
        if (feedback.takeRefresh()) feedback.markAll(engine);
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
}
