package mrtbox.appliance.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileLock;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import mrtbox.appliance.config.LoadedConfig;
import mrtbox.appliance.config.MrtboxConfig;
import mrtbox.appliance.config.ResolvedPaths;
import mrtbox.appliance.state.JsonDocuments;
import mrtbox.appliance.state.LastStateFile;
import mrtbox.appliance.state.Loaded;
import mrtbox.appliance.state.ScenesFile;
import mrtbox.appliance.state.StateStore;
import mrtbox.control.param.ChangeSource;
import mrtbox.control.param.ParameterRegistry;
import mrtbox.control.param.StandardParams;
import mrtbox.control.scene.LastStateTracker;
import mrtbox.control.scene.RecallReport;
import mrtbox.control.scene.SceneBook;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running box: owns the state directory, the parameter registry, the scenes, the last-state saver and the
 * components its {@link Assembly} builds. {@link #start()} brings it up in this order, {@link #stop()} takes it down
 * in reverse:
 * <ol>
 *   <li>lock the state directory; register the standard parameters</li>
 *   <li>assemble the components on the {@link Foundation} (each registers its parameters)</li>
 *   <li>load scenes; restore the last state (problems are logged, the rest applied)</li>
 *   <li>start saving the last state on change (debounced)</li>
 *   <li>start the components in order</li>
 * </ol>
 */
public final class Appliance {
    private static final Logger log = LoggerFactory.getLogger(Appliance.class);
    public static final ChangeSource RESTORE = ChangeSource.of(ChangeSource.Kind.INTERNAL, "last-state");

    private final Foundation foundation;
    private final Assembly assembly;
    private final Deque<Component> running = new ArrayDeque<>();
    private FileLock stateLock;
    private LastStateTracker tracker;
    /** Saved values of parameters this run does not have (another model's): written back so they are not lost. */
    private Map<String, Object> carried = Map.of();
    private boolean started;
    private boolean stopped;
    private volatile Runnable lastStateFlush = () -> {};
    private volatile Foundation.ExitRequest exitRequest = why -> {
        throw new IllegalStateException("cannot exit (" + why + "): this appliance runs without a service around it");
    };

    public Appliance(LoadedConfig config, ResolvedPaths paths, Assembly assembly, Clock clock) {
        ParameterRegistry registry = new ParameterRegistry();
        this.foundation = new Foundation(config, paths, new StateStore(paths.state(), clock), registry, new SceneBook(registry),
                () -> lastStateFlush.run(), why -> exitRequest.request(why));
        this.assembly = assembly;
    }

    /** The config, directories, state store, registry and scenes the components are built on. */
    public Foundation foundation() {
        return foundation;
    }

    /** Who carries out {@link Foundation#exit} (the run command: a clean stop, then exit). */
    public void onExitRequest(Foundation.ExitRequest handler) {
        this.exitRequest = handler;
    }

    /**
     * The parameters this box has once it is assembled, exactly as {@link #start} registers them (the standard ones
     * with the chosen model's guidance, then every component's own), without starting any component: nothing is
     * opened, played or listened on. For the generated OSC address table. Call instead of {@link #start}, once.
     */
    public synchronized ParameterRegistry parameters() throws Exception {
        if (started) throw new IllegalStateException("already started");
        started = true;
        stopped = true;
        FileLock lock = foundation.store().lock();
        try {
            foundation.registry().registerAll(StandardParams.all(assembly.guidance(foundation)));
            assembly.assemble(foundation);
        } finally {
            lock.release();
            lock.channel().close();
        }
        return foundation.registry();
    }

    /** Starts everything; on failure stops what had started and rethrows. Call once. */
    public synchronized void start() throws Exception {
        start(registry -> {});
    }

    /**
     * Starts everything, calling {@code beforeComponents} once every parameter is registered and the last state is
     * restored but before any component starts (no audio is open yet): a check that throws stops the start there.
     */
    public synchronized void start(Consumer<ParameterRegistry> beforeComponents) throws Exception {
        if (started) throw new IllegalStateException("already started");
        started = true;
        try {
            stateLock = foundation.store().lock();
            foundation.registry().registerAll(StandardParams.all(assembly.guidance(foundation)));
            List<Component> made = List.copyOf(assembly.assemble(foundation));
            loadScenes();
            restoreLastState();
            MrtboxConfig.LastState saving = foundation.config().lastState();
            tracker = new LastStateTracker(foundation.registry(), this::saveLastState,
                    Duration.ofMillis(saving.quietMs()), Duration.ofMillis(saving.maxDelayMs()));
            lastStateFlush = tracker::flush;
            beforeComponents.accept(foundation.registry());
            for (Component c : made) {
                log.info("starting {}", c.name());
                c.start();
                running.push(c);
            }
        } catch (Exception | Error e) {
            log.error("start failed: {}", e.toString());
            stop();
            throw e;
        }
        log.info("running: {} parameters, {} scenes, components {}", foundation.registry().specs().size(),
                foundation.scenes().list().size(), names());
    }

    /** Stops components in reverse order, saves the last state, releases the state directory. Safe to call twice. */
    public synchronized void stop() {
        if (stopped || !started) return;
        stopped = true;
        while (!running.isEmpty()) {
            Component c = running.pop();
            try {
                log.info("stopping {}", c.name());
                c.stop();
            } catch (Exception e) {
                log.error("stopping {} failed (going on with the rest)", c.name(), e);
            }
        }
        if (tracker != null) tracker.close(); // flushes the last state
        if (stateLock != null) {
            try {
                stateLock.release();
                stateLock.channel().close();
            } catch (IOException e) {
                log.warn("could not release the state directory lock: {}", e.toString());
            }
        }
        log.info("stopped");
    }

    private List<String> names() {
        List<String> out = new ArrayList<>();
        running.descendingIterator().forEachRemaining(c -> out.add(c.name()));
        return out;
    }

    private void loadScenes() {
        Loaded<ScenesFile> loaded = foundation.store().load(ScenesFile.TYPE);
        if (loaded.problem() != null) log.error("scenes: {}", loaded.problemReport());
        foundation.scenes().load(loaded.value().toScenes());
        foundation.scenes().addListener(scenes -> {
            try {
                foundation.store().save(ScenesFile.TYPE, ScenesFile.of(scenes));
            } catch (IOException e) {
                log.error("could not save the scenes: {}", e.toString());
            }
        });
        log.info("scenes: {} loaded from {}", loaded.value().scenes().size(), loaded.file());
    }

    private void restoreLastState() {
        Loaded<LastStateFile> loaded = foundation.store().load(LastStateFile.TYPE);
        if (loaded.problem() != null) log.error("last state: {}", loaded.problemReport());
        Map<String, Object> values = loaded.value().values();
        Map<String, Object> unknown = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : values.entrySet()) {
            if (foundation.registry().handle(e.getKey()) == null) unknown.put(e.getKey(), e.getValue());
        }
        carried = Map.copyOf(unknown);
        if (loaded.status() == Loaded.Status.MISSING) log.info("last state: none saved yet, starting from defaults");
        if (loaded.status() != Loaded.Status.LOADED) return;
        RecallReport report = SceneBook.apply("last state", values, foundation.registry(), RESTORE);
        log.info("last state: restored {} values from {}", report.applied(), loaded.file());
        for (String p : report.problems()) log.warn("last state: {}", p);
    }

    private void saveLastState(Map<String, Object> values) {
        Map<String, Object> all = new LinkedHashMap<>(values);
        carried.forEach(all::putIfAbsent);
        try {
            foundation.store().save(LastStateFile.TYPE, new LastStateFile(all));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // the tracker logs it and retries
        }
    }

    /** The config as one line of JSON, for the log. */
    public static String describe(MrtboxConfig config) {
        return JsonDocuments.toTree(MrtboxConfig.TYPE, config).toString();
    }
}
