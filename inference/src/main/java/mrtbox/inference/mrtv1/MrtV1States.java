package mrtbox.inference.mrtv1;

import static mrtbox.inference.mrtv1.MrtV1Vocab.CODEBOOK;
import static mrtbox.inference.mrtv1.MrtV1Vocab.CONTEXT_FRAMES;
import static mrtbox.inference.mrtv1.MrtV1Vocab.LEVELS;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import mrtbox.inference.weights.SafetensorsFile;
import mrtbox.inference.weights.SafetensorsWriter;
import mrtbox.inference.weights.WeightException;

/**
 * The states of one {@link MrtV1ChunkModel} as other threads see them: copies taken by the generation thread at its
 * next chunk boundary, and the state file format (safetensors: {@code context} and {@code own_context} as [250, 16]
 * codes, -1 where empty, stored as F32 which holds them exactly; {@code tail} as [1920, 2]; the model, seed and chunk
 * counter in the metadata).
 */
public final class MrtV1States {
    static final String FORMAT = "mrtbox-mrtv1-state";
    private static final long[] CONTEXT_SHAPE = {CONTEXT_FRAMES, LEVELS};
    private static final long[] TAIL_SHAPE = {ChunkCrossfade.FADE, ChunkCrossfade.CHANNELS};

    private final String modelName;
    private final Supplier<MrtV1State> capture;
    private final AtomicReference<CompletableFuture<MrtV1State>> pending = new AtomicReference<>();

    MrtV1States(String modelName, Supplier<MrtV1State> capture) {
        this.modelName = modelName;
        this.capture = capture;
    }

    /**
     * A copy taken by the generation thread when its next chunk begins (the state after the last whole chunk); the
     * future completes there. Write it with {@link #write} on the caller's thread: the generation thread only copies.
     */
    public CompletableFuture<MrtV1State> atNextStep() {
        CompletableFuture<MrtV1State> f = new CompletableFuture<>();
        CompletableFuture<MrtV1State> old = pending.getAndSet(f);
        if (old != null) f.whenComplete((v, e) -> { if (e != null) old.completeExceptionally(e); else old.complete(v); });
        return f;
    }

    /** At a chunk boundary on the generation thread: answers a pending {@link #atNextStep}. */
    void captureIfAsked() {
        CompletableFuture<MrtV1State> f = pending.getAndSet(null);
        if (f == null) return;
        try {
            f.complete(capture.get());
        } catch (RuntimeException e) {
            f.completeExceptionally(e);
        }
    }

    /** Writes a state in the file format above, with more metadata (a scene's name, the state layout). */
    public void write(MrtV1State s, Path file, Map<String, String> metadata) throws IOException {
        SafetensorsWriter w = new SafetensorsWriter().metadata("format", FORMAT).metadata("model", modelName);
        metadata.forEach(w::metadata);
        w.metadata("seed", Long.toString(s.seed())).metadata("chunk_index", Long.toString(s.chunkIndex()));
        w.put("context", CONTEXT_SHAPE, codes(s.context()));
        w.put("own_context", CONTEXT_SHAPE, codes(s.ownContext()));
        w.put("tail", TAIL_SHAPE, s.tail());
        w.write(file);
    }

    /** Reads and validates a state file entirely (every code, the tail, seed and counter); any thread. */
    public MrtV1State read(Path file) throws IOException {
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            Map<String, String> m = f.metadata();
            String format = m.get("format");
            if (!FORMAT.equals(format)) throw new WeightException(file + ": format '" + format + "' is not an MRT v1 state");
            int[][] context = codes(file, "context", f.read("context", CONTEXT_SHAPE).toArray());
            int[][] own = codes(file, "own_context", f.read("own_context", CONTEXT_SHAPE).toArray());
            float[] tail = f.read("tail", TAIL_SHAPE).toArray();
            for (float v : tail) if (!Float.isFinite(v)) throw new WeightException(file + ": the tail has a non-finite sample");
            return new MrtV1State(context, own, tail, number(file, m, "seed"), number(file, m, "chunk_index"));
        }
    }

    /**
     * The state layout: the shapes and code range every MRT v1 state has, hashed (all MRT v1 models share them; a
     * saved state records it so a state of another layout is refused).
     */
    public String layout() {
        return String.format("%08x", ("v1;context" + java.util.Arrays.toString(CONTEXT_SHAPE) + ";codebook" + CODEBOOK
                + ";tail" + java.util.Arrays.toString(TAIL_SHAPE)).hashCode());
    }

    /** The state's size in memory: its codes and tail samples, four bytes each (the arrays' headers aside). */
    public static long bytes(MrtV1State s) {
        return 4L * (2L * CONTEXT_FRAMES * LEVELS + s.tail().length);
    }

    private static float[] codes(int[][] frames) {
        float[] out = new float[CONTEXT_FRAMES * LEVELS];
        for (int f = 0; f < CONTEXT_FRAMES; f++) for (int l = 0; l < LEVELS; l++) out[f * LEVELS + l] = frames[f][l];
        return out;
    }

    private static int[][] codes(Path file, String name, float[] flat) throws WeightException {
        int[][] out = new int[CONTEXT_FRAMES][LEVELS];
        for (int i = 0; i < flat.length; i++) {
            float v = flat[i];
            if (v != Math.rint(v) || v < -1 || v >= CODEBOOK) {
                throw new WeightException(file + ": " + name + " frame " + i / LEVELS + " level " + i % LEVELS + " holds " + v + ", not a code (-1..." + (CODEBOOK - 1) + ")");
            }
            out[i / LEVELS][i % LEVELS] = (int) v;
        }
        return out;
    }

    private static long number(Path file, Map<String, String> m, String key) throws WeightException {
        String t = m.get(key);
        try {
            long v = Long.parseLong(t);
            if (key.equals("chunk_index") && v < 0) throw new NumberFormatException();
            return v;
        } catch (NumberFormatException e) {
            throw new WeightException(file + ": metadata " + key + " '" + t + "' is not a " + (key.equals("chunk_index") ? "count" : "whole number"));
        }
    }
}
