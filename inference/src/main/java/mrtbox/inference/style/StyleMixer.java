package mrtbox.inference.style;

import java.io.IOException;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import mrtbox.inference.codec.ResidualQuantizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the prompt slots (texts, audio files, raw embeddings, each with a weight) into the style the model is
 * conditioned on: cached embeddings, weighted blend in embedding space, then greedy RVQ to style tokens.
 *
 * <p>All of that runs on the mixer's own worker thread. {@link #submit} only hands over the newest request
 * (older pending ones are dropped), and the generation thread calls {@link #current()}, a volatile read of the
 * last completed {@link MixedStyle}: it never waits for an embedding. Re-blending with new weights costs only the
 * quantizer once the prompts are cached. A prompt that cannot be embedded (a file that is not audio) is left
 * out of the blend and reported in {@link MixedStyle#warnings()}; the mixer keeps running.
 */
public final class StyleMixer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StyleMixer.class);

    /**
     * A completed style.
     *
     * @param embedding the blended embedding (null for a built-in default given only as tokens)
     * @param tokens    RVQ tokens of the blend, {@code tokenLevels} of them
     * @param version   the {@link #submit} sequence number this answers (0: the initial style)
     * @param warnings  prompts that were left out, and why
     */
    public record MixedStyle(float[] embedding, int[] tokens, long version, List<String> warnings) {
        public MixedStyle {
            warnings = List.copyOf(warnings);
        }
    }

    private record Request(long seq, List<StylePrompt> prompts, float[] weights, float[] offset) {}

    private final StyleEmbedder embedder;
    private final StyleQuantizer quantizer;
    private final int tokenLevels;
    private final StyleBlend.ZeroWeights fallback;
    private final EmbeddingCache cache;
    private final Thread worker;
    private final Object lock = new Object();
    private Request pending; // guarded by lock
    private long nextSeq = 1; // guarded by lock
    private boolean closed; // guarded by lock
    private volatile MixedStyle current;

    /** With codebooks held in memory (greedy RVQ). */
    public StyleMixer(StyleEmbedder embedder, ResidualQuantizer quantizer, int tokenLevels, StyleBlend.ZeroWeights fallback,
                      EmbeddingCache cache, MixedStyle initial) {
        this(embedder, StyleQuantizer.of(quantizer), tokenLevels, fallback, cache, initial);
    }

    /**
     * @param initial the style served until the first request completes (e.g. MRT2's default "piano" tokens)
     */
    public StyleMixer(StyleEmbedder embedder, StyleQuantizer quantizer, int tokenLevels, StyleBlend.ZeroWeights fallback,
                      EmbeddingCache cache, MixedStyle initial) {
        if (quantizer.dim() != embedder.dim()) {
            throw new IllegalArgumentException("style quantizer is " + quantizer.dim() + "-d, embedder " + embedder.dim() + "-d");
        }
        this.embedder = embedder;
        this.quantizer = quantizer;
        this.tokenLevels = tokenLevels;
        this.fallback = fallback;
        this.cache = cache;
        this.current = initial;
        this.worker = new Thread(this::work, "style-mixer");
        worker.setDaemon(true);
        worker.start();
    }

    /** The embedder this mixer uses (thread-safe: the live input embeds its own clips with it too). */
    public StyleEmbedder embedder() {
        return embedder;
    }

    /** The last completed style; never blocks. */
    public MixedStyle current() {
        return current;
    }

    /** Asks for a new blend; returns its sequence number at once. Supersedes any request not yet started. */
    public long submit(List<StylePrompt> prompts, float[] weights) {
        return submit(prompts, weights, null);
    }

    /**
     * As {@link #submit(List, float[])}, with a style-space offset added to the blended embedding before it is
     * quantized (MRT2's {@code e + sum_c coeff_c * PCA_c}: navigation along axes, not a prompt, so it is not
     * weight-normalised).
     *
     * @param offset one value per embedding dimension (another length is left out with a warning), or null for none
     */
    public long submit(List<StylePrompt> prompts, float[] weights, float[] offset) {
        if (prompts.size() != weights.length) throw new IllegalArgumentException(prompts.size() + " prompts, " + weights.length + " weights");
        synchronized (lock) {
            if (closed) throw new IllegalStateException("style mixer closed");
            pending = new Request(nextSeq++, List.copyOf(prompts), weights.clone(), offset == null ? null : offset.clone());
            lock.notifyAll();
            return pending.seq;
        }
    }

    /** Waits until a style answering request {@code seq} (or a later one) is current. For offline use and tests. */
    public boolean await(long seq, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (current == null || current.version() < seq) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || closed) return false;
                lock.wait(Math.max(1, left / 1_000_000));
            }
            return true;
        }
    }

    private void work() {
        while (true) {
            Request r;
            synchronized (lock) {
                while (pending == null && !closed) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (closed) return;
                r = pending;
                pending = null;
            }
            MixedStyle s;
            try {
                s = mix(r);
            } catch (RuntimeException | IOException e) {
                log.error("style request {} failed, keeping the previous style: {}", r.seq, e.toString());
                MixedStyle prev = current;
                List<String> w = List.of("style update failed: " + e.getMessage());
                s = prev == null ? null : new MixedStyle(prev.embedding(), prev.tokens(), r.seq, w);
            }
            synchronized (lock) {
                if (s != null) current = s;
                lock.notifyAll();
            }
        }
    }

    private MixedStyle mix(Request r) throws IOException {
        List<float[]> embeddings = new ArrayList<>();
        List<Float> weights = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (int i = 0; i < r.prompts.size(); i++) {
            StylePrompt p = r.prompts.get(i);
            if (p.isEmpty()) continue;
            try {
                embeddings.add(embed(p));
                weights.add(r.weights[i]);
                int dropped = p.kind() == StylePrompt.Kind.TEXT ? embedder.droppedTextTokens(p.text()) : 0;
                if (dropped > 0) {
                    warnings.add("prompt " + (i + 1) + " (" + p + ") is too long: its last " + dropped
                            + " tokens were cut off, as the reference does");
                }
            } catch (IOException | RuntimeException e) {
                String msg = "prompt " + (i + 1) + " (" + p + ") left out: " + e.getMessage();
                log.warn(msg);
                warnings.add(msg);
            }
        }
        float[] blended;
        if (embeddings.isEmpty()) {
            // No usable prompt: MRT2 embeds the empty string; the v1 demo uses the zero vector.
            blended = fallback == StyleBlend.ZeroWeights.FIRST_PROMPT ? embed(StylePrompt.text("")) : new float[embedder.dim()];
        } else {
            float[] w = new float[weights.size()];
            for (int i = 0; i < w.length; i++) w[i] = weights.get(i);
            blended = StyleBlend.blend(embeddings, w, fallback);
        }
        if (r.offset != null && r.offset.length == blended.length) {
            for (int d = 0; d < blended.length; d++) blended[d] += r.offset[d];
        } else if (r.offset != null) {
            warnings.add("style offset left out: it has " + r.offset.length + " values, the style model uses " + blended.length);
        }
        return new MixedStyle(blended, quantizer.encode(blended, tokenLevels), r.seq, warnings);
    }

    /** The embedding of one prompt, from the cache when this model has seen it before. */
    float[] embed(StylePrompt p) throws IOException {
        if (p.kind() == StylePrompt.Kind.EMBEDDING) {
            float[] e = p.embedding();
            if (e.length != embedder.dim()) throw new IOException("embedding has " + e.length + " values, the model uses " + embedder.dim());
            return e;
        }
        // An upload's hash was computed once when it was stored: a re-blend reads nothing from disk.
        String key = p.kind() == StylePrompt.Kind.TEXT ? "text:" + p.text()
                : "audio:" + (p.contentHash() != null ? p.contentHash() : sha256(p));
        var cached = cache.get(embedder.modelId(), key, embedder.dim());
        if (cached.isPresent()) return cached.get();
        float[] e = p.kind() == StylePrompt.Kind.TEXT ? embedder.embedText(p.text()) : embedAudio(p);
        if (e.length != embedder.dim()) throw new IOException("the style model returned " + e.length + " values, expected " + embedder.dim());
        cache.put(embedder.modelId(), key, e);
        return e;
    }

    private float[] embedAudio(StylePrompt p) throws IOException {
        return AudioPrompts.embed(embedder, p.audio());
    }

    private static String sha256(StylePrompt p) throws IOException {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(Files.readAllBytes(p.audio())));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IOException("no such file: " + p.audio());
        }
    }

    @Override
    public void close() throws InterruptedException {
        synchronized (lock) {
            closed = true;
            lock.notifyAll();
        }
        worker.join(5000);
    }
}
