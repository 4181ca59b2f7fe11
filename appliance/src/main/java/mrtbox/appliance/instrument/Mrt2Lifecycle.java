package mrtbox.appliance.instrument;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import mrtbox.appliance.catalog.Mrt2Parameters;
import mrtbox.control.param.ChangeSource;
import mrtbox.control.param.ParamChange;
import mrtbox.control.param.ParameterRegistry;
import mrtbox.control.param.RegistryListener;
import mrtbox.control.param.StandardParams;
import mrtbox.inference.codec.SpectroStreamEncoder;
import mrtbox.inference.mrt2.Mrt2AudioPrefill;
import mrtbox.inference.mrt2.Mrt2FrameModel;
import mrtbox.inference.mrt2.Mrt2Prefill;
import mrtbox.inference.mrt2.Mrt2State;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MRT2's state lifecycle as a performer reaches it: the {@code mrt2.*} lifecycle parameters of the registry (so OSC,
 * OSCQuery, MIDI learn and the page have them) drive prefill from an audio file or silence, the factory reset, state
 * save and load, and the seed rotation. Everything slow (reading and encoding audio, loading the encoder, reading
 * and writing state files) runs on this class's own worker thread, never on the generation or audio thread; the
 * model takes the ready tokens or state at its next step ({@link mrtbox.inference.mrt2.Mrt2Prefill#schedule},
 * {@link mrtbox.inference.mrt2.Mrt2States#atNextStep}), and a reset through the engine (fade out, skip stale audio) makes the
 * change heard. {@code mrt2.state_status} says how the last request went.
 */
public final class Mrt2Lifecycle implements RegistryListener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Mrt2Lifecycle.class);
    private static final ChangeSource SOURCE = ChangeSource.of(ChangeSource.Kind.ENGINE, "mrt2");
    private static final Pattern STATE_NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    /** How long a save waits for the generation thread's next step (it only comes while playing). */
    static final long SNAPSHOT_TIMEOUT_MS = 5000;

    /** Opens the model's audio encoder (on the worker, the first time a prefill needs it). */
    @FunctionalInterface
    public interface EncoderOpener {
        SpectroStreamEncoder open() throws Exception;
    }

    private final ParameterRegistry registry;
    private final Mrt2FrameModel model;
    private final EncoderOpener encoderOpener;
    private final EngineBridge.Target engine;
    private final Path stateDir;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "mrtbox-mrt2-lifecycle");
        t.setDaemon(true);
        return t;
    });
    private SpectroStreamEncoder encoder;   // worker thread only
    private int[] silenceIds;               // worker thread only

    private Mrt2Lifecycle(ParameterRegistry registry, Mrt2FrameModel model, EncoderOpener encoderOpener, EngineBridge.Target engine, Path stateDir) {
        this.registry = registry;
        this.model = model;
        this.encoderOpener = encoderOpener;
        this.engine = engine;
        this.stateDir = stateDir;
    }

    /**
     * Follows the lifecycle parameters (which must be registered) until {@link #close}; applies the current seed
     * rotation at once.
     *
     * @param stateDir where {@code prefill/}, {@code prompts/} and {@code mrt2-states/} are
     */
    public static Mrt2Lifecycle attach(ParameterRegistry registry, Mrt2FrameModel model, EncoderOpener encoderOpener,
                                       EngineBridge.Target engine, Path stateDir) {
        Mrt2Lifecycle l = new Mrt2Lifecycle(registry, model, encoderOpener, engine, stateDir);
        model.seedRotation(registry.snapshot().integer(registry.require(Mrt2Parameters.SEED_ROTATION)));
        registry.addListener(l);
        return l;
    }

    @Override
    public void onChange(ParamChange change) {
        switch (change.id()) {
            case Mrt2Parameters.SEED_ROTATION -> model.seedRotation(((Number) change.newValue()).longValue());
            case Mrt2Parameters.PREFILL -> submit("prefill", this::prefillFromFile);
            case Mrt2Parameters.PREFILL_SILENCE -> submit("silent prefill", this::prefillSilence);
            case Mrt2Parameters.RESET_FACTORY -> submit("factory reset", () -> {
                model.states().forgetResetTarget();
                reset();
                return "reset to the factory state";
            });
            case Mrt2Parameters.STATE_SAVE -> submit("state save", this::save);
            case Mrt2Parameters.STATE_LOAD -> submit("state load", this::load);
            default -> { }
        }
    }

    /** One request on the worker; what it returns (or the error) goes to the status parameter and the log. */
    private interface Work {
        String run() throws Exception;
    }

    private void submit(String what, Work work) {
        worker.execute(() -> {
            String status;
            try {
                status = work.run();
                log.info("mrt2 {}: {}", what, status);
            } catch (Exception e) {
                status = what + " failed: " + (e.getMessage() == null ? e.toString() : e.getMessage());
                log.warn("mrt2 {}", status);
            }
            registry.set(Mrt2Parameters.STATE_STATUS, status.length() > 400 ? status.substring(0, 400) : status, SOURCE);
        });
    }

    private String prefillFromFile() throws Exception {
        String text = registry.snapshot().text(registry.require(Mrt2Parameters.PREFILL_FILE)).trim();
        if (text.isEmpty()) throw new IllegalArgumentException("no prefill file: set " + Mrt2Parameters.PREFILL_FILE + " first");
        Path file = resolvePrefillFile(text);
        int[][] tokens = Mrt2AudioPrefill.fromFile(encoder(), file);
        model.prefill().schedule(tokens);
        reset();
        return String.format("prefilling from %s: %d frames (%.1f s)", file.getFileName(), tokens.length, tokens.length * 0.04);
    }

    private String prefillSilence() throws Exception {
        if (silenceIds == null) silenceIds = Mrt2AudioPrefill.silence(encoder());
        model.prefill().scheduleSilence(silenceIds, Mrt2Prefill.SILENT_FRAMES);
        reset();
        return "prefilling with " + Mrt2Prefill.SILENT_FRAMES * 40 / 1000 + " s of silence";
    }

    private String save() throws Exception {
        Path file = stateFile();
        Mrt2State s;
        try {
            s = model.states().atNextStep().get(SNAPSHOT_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the model took no step in " + SNAPSHOT_TIMEOUT_MS / 1000 + " s: a state is saved while playing");
        }
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        model.states().write(s, tmp);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return "saved the state to " + file;
    }

    private String load() throws Exception {
        Path file = stateFile();
        if (!Files.isRegularFile(file)) throw new IOException("no saved state " + file);
        model.states().load(file);
        reset();
        return "loaded the state " + file.getFileName() + " as the reset target";
    }

    private void reset() {
        engine.reset(registry.snapshot().integer(registry.require(StandardParams.SEED)));
    }

    private SpectroStreamEncoder encoder() throws Exception {
        if (encoder == null) encoder = encoderOpener.open();
        return encoder;
    }

    private Path stateFile() {
        String name = registry.snapshot().text(registry.require(Mrt2Parameters.STATE_NAME)).trim();
        if (!STATE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("state name '" + name + "' must be 1 to 64 letters, digits, '.', '_' or '-'");
        }
        return stateDir.resolve("mrt2-states").resolve(name + ".safetensors");
    }

    /** An absolute path as is; a name in {@code <state>/prefill/}, then {@code <state>/prompts/}. */
    Path resolvePrefillFile(String text) throws IOException {
        Path p = Path.of(text);
        if (p.isAbsolute()) {
            if (!Files.isRegularFile(p)) throw new IOException("no prefill file " + p);
            return p;
        }
        List<Path> tried = List.of(stateDir.resolve("prefill").resolve(text), stateDir.resolve("prompts").resolve(text));
        for (Path c : tried) {
            if (!c.normalize().startsWith(stateDir.normalize())) throw new IOException("prefill file '" + text + "' leaves the state directory");
            if (Files.isRegularFile(c)) return c;
        }
        throw new IOException("no prefill file '" + text + "' (looked in " + tried.get(0).getParent() + " and " + tried.get(1).getParent() + ")");
    }

    /** Stops following the registry, lets a running request finish (bounded), closes the encoder. */
    @Override
    public void close() {
        registry.removeListener(this);
        worker.shutdown();
        try {
            if (!worker.awaitTermination(10, TimeUnit.SECONDS)) worker.shutdownNow();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (encoder != null) encoder.close();
    }
}
