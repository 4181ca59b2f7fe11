package mrtbox.inference.mrt2;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import mrtbox.inference.codec.AudioDecoder;
import mrtbox.inference.weights.SafetensorsFile;
import mrtbox.inference.weights.SafetensorsWriter;
import mrtbox.inference.weights.WeightException;

/**
 * The states of one {@link Mrt2FrameModel} (spec section 2.6): the reset target a reset copies to the live state
 * (factory = empty windows and a silent codec, moved by {@link #load} and {@link #checkpoint}, carrying the seed it
 * was taken with), copies of the live state taken at once or at the next step boundary, and the state file format
 * (safetensors: the LLM's entries under their names, the codec stream's under {@code codec/...}, the seed and the
 * model in the metadata).
 */
public final class Mrt2States {
    static final String FORMAT = "mrtbox-mrt2-state";
    static final String CODEC_PREFIX = "codec/";

    private final String modelName;
    private final Mrt2Llm llm;
    private final AudioDecoder codec;
    private final LongSupplier streamSeed;
    /** Null = factory (no seed of its own). Written by the generation thread or by {@link #load}. */
    private volatile Mrt2State resetTarget;
    /** Copies asked for by another thread, taken by the generation thread at its next step. */
    private final AtomicReference<CompletableFuture<Mrt2State>> pending = new AtomicReference<>();

    Mrt2States(String modelName, Mrt2Llm llm, AudioDecoder codec, LongSupplier streamSeed) {
        this.modelName = modelName;
        this.llm = llm;
        this.codec = codec;
        this.streamSeed = streamSeed;
    }

    /** Where the next reset goes: null for the factory state. */
    Mrt2State resetTarget() {
        return resetTarget;
    }

    /** Makes the next reset go to the factory state (any thread; the live state is untouched until that reset). */
    public void forgetResetTarget() {
        resetTarget = null;
    }

    /** Makes {@code target} (null: the factory state) the live state of the LLM and the codec stream. */
    void restore(Mrt2State target) {
        if (target == null) {
            llm.reset();
            codec.reset();
            return;
        }
        llm.loadState(target.llm());
        if (target.codec() == null) codec.reset();
        else codec.loadStreamState(target.codec());
    }

    /** The live state becomes the reset target, with the current stream seed (what a prefill does when it ends). */
    public void checkpoint() {
        resetTarget = capture();
    }

    /** A copy of the live state (generation thread, or any thread while nothing steps). */
    public Mrt2State capture() {
        return new Mrt2State(llm.saveState(), codec.saveStreamState(), streamSeed.getAsLong());
    }

    /**
     * A copy taken by the generation thread at its next step that plays (so it is a whole frame's state, and after
     * any prefill in progress); the future completes there. Write it with {@link #write} on the caller's thread:
     * the generation thread only copies.
     */
    public CompletableFuture<Mrt2State> atNextStep() {
        CompletableFuture<Mrt2State> f = new CompletableFuture<>();
        CompletableFuture<Mrt2State> old = pending.getAndSet(f);
        if (old != null) f.whenComplete((v, e) -> { if (e != null) old.completeExceptionally(e); else old.complete(v); });
        return f;
    }

    /** At a step boundary on the generation thread: answers a pending {@link #atNextStep}, after {@code settle}. */
    void captureIfAsked(Runnable settle) {
        CompletableFuture<Mrt2State> f = pending.getAndSet(null);
        if (f == null) return;
        try {
            settle.run();
            f.complete(capture());
        } catch (RuntimeException e) {
            f.completeExceptionally(e);
        }
    }

    /** Writes the live state to a safetensors file (the calling thread must own the model). */
    public void save(Path file) throws IOException {
        write(capture(), file);
    }

    /** Writes a state in the file format above. */
    public void write(Mrt2State s, Path file) throws IOException {
        write(s, file, Map.of());
    }

    /** Writes a state with more metadata (a scene's name, the state layout it belongs to). */
    public void write(Mrt2State s, Path file, Map<String, String> metadata) throws IOException {
        SafetensorsWriter w = new SafetensorsWriter().metadata("format", FORMAT).metadata("model", modelName);
        metadata.forEach(w::metadata);
        if (s.seed() != null) w.metadata("seed", Long.toString(s.seed()));
        Map<String, long[]> shapes = llm.stateShapes();
        s.llm().forEach((k, v) -> w.put(k, shapes.get(k), v));
        if (s.codec() != null) {
            Map<String, long[]> cs = codec.streamStateShapes();
            s.codec().forEach((k, v) -> w.put(CODEC_PREFIX + k, cs.get(k), v));
        }
        w.write(file);
    }

    /**
     * Reads a state file into the reset target (validated entirely, LLM and codec, before anything changes; the
     * live state is untouched until the next reset). Any thread may call it. A file without codec entries (saved
     * before they existed) starts the codec from silence.
     */
    public void load(Path file) throws IOException {
        resetTarget = read(file);
    }

    /**
     * Reads and validates a state file entirely (LLM and codec) without changing anything; any thread. A file without
     * codec entries (saved before they existed) starts the codec from silence.
     */
    public Mrt2State read(Path file) throws IOException {
        Map<String, float[]> st = new LinkedHashMap<>();
        Map<String, float[]> cs = new LinkedHashMap<>();
        Long fileSeed = null;
        Map<String, long[]> shapes = llm.stateShapes();
        Map<String, long[]> codecShapes = codec.streamStateShapes();
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            String format = f.metadata().get("format");
            if (format != null && !format.equals(FORMAT)) throw new WeightException(file + ": format '" + format + "' is not an MRT2 state");
            for (Map.Entry<String, long[]> e : shapes.entrySet()) {
                if (!f.names().contains(e.getKey())) throw new WeightException(file + ": not a state of this model: no tensor '" + e.getKey() + "'");
                st.put(e.getKey(), f.read(e.getKey(), e.getValue()).toArray());
            }
            boolean anyCodec = f.names().stream().anyMatch(n -> n.startsWith(CODEC_PREFIX));
            if (anyCodec) {
                for (Map.Entry<String, long[]> e : codecShapes.entrySet()) {
                    String name = CODEC_PREFIX + e.getKey();
                    if (!f.names().contains(name)) throw new WeightException(file + ": the codec state lacks '" + name + "' (another codec configuration?)");
                    cs.put(e.getKey(), f.read(name, e.getValue()).toArray());
                }
                for (String n : f.names()) {
                    if (n.startsWith(CODEC_PREFIX) && !codecShapes.containsKey(n.substring(CODEC_PREFIX.length()))) {
                        throw new WeightException(file + ": the codec state has '" + n + "', which this model's codec does not carry");
                    }
                }
            }
            String seedText = f.metadata().get("seed");
            if (seedText != null) {
                try {
                    fileSeed = Long.parseLong(seedText);
                } catch (NumberFormatException e) {
                    throw new WeightException(file + ": metadata seed '" + seedText + "' is not a whole number");
                }
            }
        }
        try {
            llm.checkState(st);
            if (!cs.isEmpty()) codec.checkStreamState(cs);
        } catch (IllegalArgumentException e) {
            throw new WeightException(file + ": " + e.getMessage());
        }
        return new Mrt2State(st, cs.isEmpty() ? null : cs, fileSeed);
    }

    /**
     * The state layout of this model: every LLM and codec state tensor's name and shape, hashed. Two models with the
     * same layout can take each other's states; a saved state records it so another model's state is refused.
     */
    public String layout() {
        StringBuilder b = new StringBuilder();
        new java.util.TreeMap<>(llm.stateShapes()).forEach((k, v) -> b.append(k).append(java.util.Arrays.toString(v)).append(';'));
        new java.util.TreeMap<>(codec.streamStateShapes()).forEach((k, v) -> b.append(CODEC_PREFIX).append(k).append(java.util.Arrays.toString(v)).append(';'));
        return String.format("%08x", b.toString().hashCode());
    }

    /** The state's size in memory: its float entries times four bytes (the arrays' headers aside). */
    public static long bytes(Mrt2State s) {
        long floats = 0;
        for (float[] v : s.llm().values()) floats += v.length;
        if (s.codec() != null) for (float[] v : s.codec().values()) floats += v.length;
        return floats * Float.BYTES;
    }
}
