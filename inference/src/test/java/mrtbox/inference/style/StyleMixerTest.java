package mrtbox.inference.style;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import mrtbox.inference.codec.ResidualQuantizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StyleMixerTest {
    static final int DIM = 16;
    static final Duration WAIT = Duration.ofSeconds(60); // bounded; generous for a loaded CI box

    /** The tiny embedder, counting calls and optionally held at a gate to simulate a slow model. */
    static final class CountingEmbedder implements StyleEmbedder {
        final TinyStyleEmbedder inner = new TinyStyleEmbedder(7, DIM, 16000, 16000);
        final AtomicInteger textCalls = new AtomicInteger();
        final AtomicInteger clipCalls = new AtomicInteger();
        volatile CountDownLatch gate = new CountDownLatch(0);

        @Override public String modelId() { return inner.modelId(); }
        @Override public int dim() { return DIM; }
        @Override public int clipSampleRate() { return inner.clipSampleRate(); }
        @Override public int clipSamples() { return inner.clipSamples(); }

        @Override public float[] embedText(String text) throws IOException {
            textCalls.incrementAndGet();
            try {
                gate.await();
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
            return inner.embedText(text);
        }

        @Override public float[] embedAudioClip(float[] clip) {
            clipCalls.incrementAndGet();
            return inner.embedAudioClip(clip);
        }
    }

    static ResidualQuantizer quantizer() {
        SplittableRandom r = new SplittableRandom(3);
        float[] cb = new float[12 * 64 * DIM];
        for (int i = 0; i < cb.length; i++) cb[i] = (float) r.nextGaussian() * 0.5f;
        return new ResidualQuantizer(12, 64, DIM, cb);
    }

    @Test
    void anOffsetIsAddedAfterTheBlendAndBeforeTheQuantizer() throws Exception {
        CountingEmbedder emb = new CountingEmbedder();
        ResidualQuantizer q = quantizer();
        try (StyleMixer m = new StyleMixer(emb, q, 12, StyleBlend.ZeroWeights.FIRST_PROMPT, EmbeddingCache.inMemory(), null)) {
            List<StylePrompt> prompts = List.of(StylePrompt.text("dark techno"), StylePrompt.text("flute"));
            float[] offset = new float[DIM];
            for (int d = 0; d < DIM; d++) offset[d] = 0.25f * (d % 3 - 1);
            long s = m.submit(prompts, new float[] {3f, 1f}, offset);
            assertTrue(m.await(s, WAIT));
            float[] expect = StyleBlend.blend(List.of(emb.inner.embedText("dark techno"), emb.inner.embedText("flute")),
                    new float[] {3f, 1f}, StyleBlend.ZeroWeights.FIRST_PROMPT);
            for (int d = 0; d < DIM; d++) expect[d] += offset[d];
            assertArrayEquals(expect, m.current().embedding(), "weights normalised, the offset added unscaled");
            assertArrayEquals(q.encode(expect, 12), m.current().tokens());

            long s2 = m.submit(prompts, new float[] {3f, 1f}, new float[DIM + 1]);
            assertTrue(m.await(s2, WAIT));
            assertEquals(List.of("style offset left out: it has " + (DIM + 1) + " values, the style model uses " + DIM),
                    m.current().warnings());
        }
    }

    @Test
    void blendsCachedEmbeddingsAndQuantizes(@TempDir Path dir) throws Exception {
        CountingEmbedder emb = new CountingEmbedder();
        ResidualQuantizer q = quantizer();
        try (StyleMixer m = new StyleMixer(emb, q, 12, StyleBlend.ZeroWeights.FIRST_PROMPT, new EmbeddingCache(dir), null)) {
            assertEquals(null, m.current());
            List<StylePrompt> prompts = List.of(StylePrompt.text("dark techno"), StylePrompt.text("flute"), StylePrompt.text(""));
            long s = m.submit(prompts, new float[] {0.75f, 0.25f, 1f});
            assertTrue(m.await(s, WAIT));
            float[] expect = StyleBlend.blend(List.of(emb.inner.embedText("dark techno"), emb.inner.embedText("flute")),
                    new float[] {0.75f, 0.25f}, StyleBlend.ZeroWeights.FIRST_PROMPT);
            assertArrayEquals(expect, m.current().embedding());
            assertArrayEquals(q.encode(expect, 12), m.current().tokens());
            assertEquals(2, emb.textCalls.get());

            // New weights only: no embedding calls, just a re-blend.
            long s2 = m.submit(prompts, new float[] {0f, 1f, 0f});
            assertTrue(m.await(s2, WAIT));
            assertArrayEquals(emb.inner.embedText("flute"), m.current().embedding());
            assertEquals(2, emb.textCalls.get());

            // All weights zero: MRT2 uses the first prompt at weight 1.
            long s3 = m.submit(prompts, new float[] {0f, 0f, 0f});
            assertTrue(m.await(s3, WAIT));
            assertArrayEquals(emb.inner.embedText("dark techno"), m.current().embedding());

            // No prompt at all: the empty string is embedded.
            long s4 = m.submit(List.of(StylePrompt.text(" ")), new float[] {1f});
            assertTrue(m.await(s4, WAIT));
            assertArrayEquals(emb.inner.embedText(""), m.current().embedding());
        }
        // A new mixer over the same cache directory embeds nothing again.
        CountingEmbedder fresh = new CountingEmbedder();
        try (StyleMixer m = new StyleMixer(fresh, q, 12, StyleBlend.ZeroWeights.ZERO_VECTOR, new EmbeddingCache(dir), null)) {
            long s = m.submit(List.of(StylePrompt.text("dark techno"), StylePrompt.text("flute")), new float[] {1f, 1f});
            assertTrue(m.await(s, WAIT));
            assertEquals(0, fresh.textCalls.get());
        }
    }

    @Test
    void generationThreadNeverWaitsForASlowEmbedding() throws Exception {
        CountingEmbedder emb = new CountingEmbedder();
        StyleMixer.MixedStyle initial = new StyleMixer.MixedStyle(null, new int[] {325, 98, 979, 657, 802, 453, 475, 622, 729, 934, 567, 782}, 0, List.of());
        try (StyleMixer m = new StyleMixer(emb, quantizer(), 12, StyleBlend.ZeroWeights.FIRST_PROMPT, EmbeddingCache.inMemory(), initial)) {
            emb.gate = new CountDownLatch(1);
            long s = m.submit(List.of(StylePrompt.text("slow one")), new float[] {1f});
            long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (emb.textCalls.get() == 0 && System.nanoTime() < waitUntil) Thread.sleep(1); // worker now held at the gate
            assertEquals(1, emb.textCalls.get(), "the worker should have started embedding");
            long t0 = System.nanoTime();
            for (int i = 0; i < 1000; i++) assertSame(initial, m.current());
            assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(1), "current() must not block");
            // Requests made while the worker is busy collapse to the newest one.
            m.submit(List.of(StylePrompt.text("second")), new float[] {1f});
            long last = m.submit(List.of(StylePrompt.text("third")), new float[] {1f});
            emb.gate.countDown();
            assertTrue(m.await(last, WAIT));
            assertTrue(s < last);
            assertArrayEquals(emb.inner.embedText("third"), m.current().embedding());
            assertEquals(2, emb.textCalls.get(), "the superseded 'second' request is never embedded");
        }
    }

    @Test
    void audioPromptsAreResampledClippedAndBadFilesReported(@TempDir Path dir) throws Exception {
        Path wav = dir.resolve("tone.wav");
        writeWav(wav, 48000, 2, 2.5); // 2.5 s stereo at 48 kHz -> 40000 samples at 16 kHz -> 3 clips of 1 s
        Path notAudio = dir.resolve("notes.txt");
        Files.writeString(notAudio, "this is not audio");
        CountingEmbedder emb = new CountingEmbedder();
        try (StyleMixer m = new StyleMixer(emb, quantizer(), 12, StyleBlend.ZeroWeights.FIRST_PROMPT, EmbeddingCache.inMemory(), null)) {
            long s = m.submit(List.of(StylePrompt.audio(wav), StylePrompt.audio(notAudio), StylePrompt.text("bass")),
                    new float[] {1f, 1f, 1f});
            assertTrue(m.await(s, WAIT));
            StyleMixer.MixedStyle style = m.current();
            assertNotNull(style.embedding());
            assertEquals(3, emb.clipCalls.get());
            assertEquals(1, style.warnings().size());
            assertTrue(style.warnings().get(0).contains("notes.txt") && style.warnings().get(0).contains("not an audio file"),
                    style.warnings().get(0));
            float[] mono = AudioPrompts.loadMono(wav, 16000);
            assertEquals(40000, mono.length);
        }
    }

    @Test
    void anUploadIsKeyedByTheHashTakenAtUploadAndNeverReadAgainOnAReblend(@TempDir Path dir) throws Exception {
        Path wav = dir.resolve("slot-1-0123456789ab.wav");
        writeWav(wav, 48000, 2, 2.5);
        Path plain = dir.resolve("plain.wav");
        Files.copy(wav, plain);
        CountingEmbedder emb = new CountingEmbedder();
        try (StyleMixer m = new StyleMixer(emb, quantizer(), 12, StyleBlend.ZeroWeights.FIRST_PROMPT, EmbeddingCache.inMemory(), null)) {
            StylePrompt upload = StylePrompt.audio(wav, "upload-0123456789ab");
            long s = m.submit(List.of(upload, StylePrompt.text("bass")), new float[] {1f, 1f});
            assertTrue(m.await(s, WAIT));
            float[] first = m.current().embedding();
            int clips = emb.clipCalls.get();
            assertEquals(3, clips);
            // The file is gone (or being rewritten): a re-blend keyed by the upload's hash does not touch it.
            Files.delete(wav);
            s = m.submit(List.of(upload, StylePrompt.text("bass")), new float[] {1f, 0.5f});
            assertTrue(m.await(s, WAIT));
            assertEquals(List.of(), m.current().warnings(), "the re-blend read nothing from disk");
            assertEquals(clips, emb.clipCalls.get(), "embedded once");
            s = m.submit(List.of(upload, StylePrompt.text("bass")), new float[] {1f, 1f});
            assertTrue(m.await(s, WAIT));
            assertArrayEquals(first, m.current().embedding());

            // A prompt without a stored hash is hashed from the file on each blend, so a missing file is said.
            s = m.submit(List.of(StylePrompt.audio(plain)), new float[] {1f});
            assertTrue(m.await(s, WAIT));
            Files.delete(plain);
            s = m.submit(List.of(StylePrompt.audio(plain), StylePrompt.text("bass")), new float[] {1f, 1f});
            assertTrue(m.await(s, WAIT));
            assertEquals(1, m.current().warnings().size(), m.current().warnings().toString());
        }
    }

    static void writeWav(Path file, int rate, int channels, double seconds) throws IOException {
        int frames = (int) (rate * seconds);
        ByteBuffer b = ByteBuffer.allocate(frames * channels * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < frames; i++) {
            for (int c = 0; c < channels; c++) b.putShort((short) (12000 * Math.sin(2 * Math.PI * 440 * (c + 1) * i / rate)));
        }
        AudioFormat f = new AudioFormat(rate, 16, channels, true, false);
        try (AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(b.array()), f, frames)) {
            AudioSystem.write(in, AudioFileFormat.Type.WAVE, file.toFile());
        }
    }
}
