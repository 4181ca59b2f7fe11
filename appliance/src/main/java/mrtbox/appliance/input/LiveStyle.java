package mrtbox.appliance.input;

import java.io.IOException;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import mrtbox.appliance.instrument.PromptResolver;
import mrtbox.inference.engine.InputTap;
import mrtbox.inference.style.BandLimitedResampler;
import mrtbox.inference.style.StyleEmbedder;
import mrtbox.inference.style.StylePrompt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live input as a prompt: a slot whose text is {@code :live} is conditioned on the style model's audio embedding
 * of the last clip (10 s for MusicCoCa) of input. A worker thread re-embeds every {@link #interval} seconds; the
 * generation thread only reads the newest embedding, and the {@link #version()} bump after each refresh makes the
 * controls re-blend. Until the first embedding exists (no style model, input just started) the slot counts as
 * empty and the prompt problems say why.
 */
public final class LiveStyle implements PromptResolver.Source, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LiveStyle.class);
    /** The slot text that means "the live input" ({@code live} is reserved among the named styles). */
    public static final String SYNTAX = ":live";

    private final InputTap tap;
    private final Supplier<Optional<StyleEmbedder>> embedder;
    private final BooleanSupplier wanted;
    private volatile double intervalSeconds = 2;
    private volatile float[] latest;
    private volatile long version;
    private volatile String waitingFor = "the first live embedding is being computed";
    private volatile boolean running;
    private Thread worker;
    private float[] window = new float[0];
    private BandLimitedResampler.Decimator decimator;
    private long decimatorRates;

    /**
     * @param embedder the loaded style model's embedder, once there is one (asked at every refresh)
     * @param wanted   whether any slot holds {@code :live} now: the worker embeds only then (embedding costs CPU)
     */
    public LiveStyle(InputTap tap, Supplier<Optional<StyleEmbedder>> embedder, BooleanSupplier wanted) {
        this.tap = tap;
        this.embedder = embedder;
        this.wanted = wanted;
    }

    /** Seconds between refreshes. */
    public void interval(double seconds) {
        this.intervalSeconds = seconds;
    }

    @Override
    public Optional<StylePrompt> resolve(String text) throws PromptResolver.PromptException {
        if (!SYNTAX.equals(text.strip().toLowerCase(Locale.ROOT))) return Optional.empty();
        float[] e = latest;
        if (e == null) throw new PromptResolver.PromptException("live input: " + waitingFor);
        return Optional.of(StylePrompt.embedding(e));
    }

    @Override
    public long version() {
        return version;
    }

    /** The newest embedding, or null before the first. */
    public float[] latest() {
        float[] e = latest;
        return e == null ? null : e.clone();
    }

    public synchronized void start() {
        if (running) return;
        running = true;
        worker = new Thread(this::work, "live-style");
        worker.setDaemon(true);
        worker.start();
    }

    private void work() {
        long next = System.nanoTime();
        while (running) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                try {
                    TimeUnit.NANOSECONDS.sleep(Math.min(wait, TimeUnit.MILLISECONDS.toNanos(100)));
                } catch (InterruptedException e) {
                    return;
                }
                continue;   // re-check: the interval may have changed, or we are closing
            }
            next = System.nanoTime() + (long) (intervalSeconds * 1e9);
            if (!wanted.getAsBoolean()) continue;
            try {
                refresh();
            } catch (IOException | RuntimeException e) {
                if (latest == null) waiting("the style model failed on the input: " + e.getMessage());
                log.warn("live style: the style model failed on the input: {}", e.getMessage());
            }
        }
    }

    /**
     * Embeds the newest clip of input now (the worker calls it; tests call it directly).
     *
     * @return whether a new embedding was published
     */
    public synchronized boolean refresh() throws IOException {
        Optional<StyleEmbedder> model = embedder.get();
        if (model.isEmpty()) return waiting("no style model is loaded");
        long newest = tap.framesWritten();
        if (newest == 0) return waiting("no input audio yet (is audio.input enabled and the device connected?)");
        StyleEmbedder m = model.get();
        int frames = (int) Math.round((double) m.clipSamples() * tap.sampleRate() / m.clipSampleRate());
        if (window.length != frames * 2) window = new float[frames * 2];
        tap.read(newest, window, frames);
        float[] mono = new float[frames];
        for (int i = 0; i < frames; i++) mono[i] = 0.5f * (window[2 * i] + window[2 * i + 1]);
        float[] resampled = resample(mono, tap.sampleRate(), m.clipSampleRate());
        float[] clip = new float[m.clipSamples()];
        // keep the newest samples: a resampled length that is off by one loses the oldest, never the newest
        int n = Math.min(clip.length, resampled.length);
        System.arraycopy(resampled, resampled.length - n, clip, clip.length - n, n);
        latest = m.embedAudioClip(clip);
        version++;
        return true;
    }

    /** Why there is no embedding yet; a new reason bumps the version, so the slot's prompt problem is re-read. */
    private synchronized boolean waiting(String why) {
        if (latest == null && !why.equals(waitingFor)) {
            waitingFor = why;
            version++;
        }
        return false;
    }

    /** 48 kHz to the style model's rate: a precomputed decimator for integer ratios (16 kHz), else the general path. */
    private float[] resample(float[] mono, int from, int to) {
        if (from == to) return mono;
        if (from % to != 0) return BandLimitedResampler.resample(mono, from, to);
        if (decimator == null || decimatorRates != ((long) from << 32 | to)) {
            decimator = BandLimitedResampler.decimator(from, to);
            decimatorRates = (long) from << 32 | to;
        }
        return decimator.apply(mono);
    }

    @Override
    public void close() throws InterruptedException {
        Thread w;
        synchronized (this) {
            running = false;
            w = worker;
        }
        if (w != null) {
            w.interrupt();
            w.join(2000);
        }
    }
}
