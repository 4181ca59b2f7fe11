package mrtbox.appliance.input;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import mrtbox.appliance.instrument.PromptResolver;
import mrtbox.inference.style.StyleEmbedder;
import mrtbox.inference.style.StylePrompt;
import mrtbox.inference.style.TinyStyleEmbedder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The {@code :live} slot with tiny-v1's style model (TinyStyleEmbedder: a fixed projection of the clip's block RMS
 * energies, so an input twice as loud embeds to exactly twice the vector): it follows the input as it changes.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LiveStyleTest {
    private static final int RATE = 48_000;
    private final StyleEmbedder embedder = new TinyStyleEmbedder(1, 64, 16_000, 160_000);

    /** Appends {@code seconds} of a stereo sine at {@code amplitude}. */
    private static void play(InputRing ring, double seconds, double amplitude, double hz) {
        int frames = (int) (seconds * RATE);
        float[] block = new float[1000 * 2];
        long start = ring.framesWritten();
        for (int done = 0; done < frames; done += 1000) {
            for (int i = 0; i < 1000; i++) {
                float v = (float) (amplitude * Math.sin(2 * Math.PI * hz * (start + done + i) / RATE));
                block[2 * i] = v;
                block[2 * i + 1] = v;
            }
            ring.write(block, 1000);
        }
    }

    private static double norm(float[] v) {
        double s = 0;
        for (float x : v) s += x * x;
        return Math.sqrt(s);
    }

    @Test
    void theLiveSlotFollowsTheInputAsItChanges() throws Exception {
        InputRing ring = InputRing.forSeconds(RATE, 20);
        LiveStyle live = new LiveStyle(ring, () -> Optional.of(embedder), () -> true);
        PromptResolver prompts = new PromptResolver().add(live);

        // before any input: the slot is empty and says why, the other slots are untouched
        assertFalse(live.refresh());
        List<StylePrompt> r = prompts.resolve(List.of(":live", "warm pads"));
        assertEquals(StylePrompt.text(""), r.get(0));
        assertEquals(StylePrompt.text("warm pads"), r.get(1));
        assertTrue(prompts.problems().get(0).contains("no input audio yet"), prompts.problems().toString());

        play(ring, 10, 0.1, 220);
        long v0 = prompts.version();
        assertTrue(live.refresh());
        float[] quiet = live.latest();
        assertEquals(v0 + 1, prompts.version(), "a refresh bumps the version, so the controls re-blend");
        assertEquals(StylePrompt.embedding(quiet), prompts.resolve(List.of(" :LIVE ")).get(0));
        assertTrue(prompts.problems().isEmpty());

        play(ring, 10, 0.4, 220);   // four times as loud for a whole clip
        assertTrue(live.refresh());
        float[] loud = live.latest();
        assertEquals(4.0, norm(loud) / norm(quiet), 0.01, "the embedding is linear in the clip's RMS");
        for (int d = 0; d < loud.length; d++) assertEquals(4 * quiet[d], loud[d], 0.02 * norm(loud) / 8);

        play(ring, 5, 0.1, 220);    // half the clip quiet again: in between
        assertTrue(live.refresh());
        double half = norm(live.latest()) / norm(quiet);
        assertTrue(half > 1.2 && half < 3.8, "half quiet, half loud: " + half);

        // a live embedding equals the embedder's own answer for the newest 10 s resampled to 16 kHz
        play(ring, 10, 0.25, 440);
        assertTrue(live.refresh());
        float[] expected = embedder.embedAudioClip(sine16k(0.25));
        float[] got = live.latest();
        for (int d = 0; d < got.length; d++) assertEquals(expected[d], got[d], 0.01 * norm(expected) / 8, "dim " + d);
    }

    /** 10 s of a 440 Hz sine at 16 kHz (the RMS per block, all the tiny embedder sees, does not depend on phase). */
    private static float[] sine16k(double amplitude) {
        float[] clip = new float[160_000];
        for (int i = 0; i < clip.length; i++) clip[i] = (float) (amplitude * Math.sin(2 * Math.PI * 440 * i / 16_000.0));
        return clip;
    }

    @Test
    void theWorkerRefreshesAtTheIntervalOffTheCallersThread() throws Exception {
        InputRing ring = InputRing.forSeconds(RATE, 20);
        play(ring, 3, 0.2, 330);
        try (LiveStyle live = new LiveStyle(ring, () -> Optional.of(embedder), () -> true)) {
            live.interval(0.5);
            live.start();
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (live.version() < 3 && System.nanoTime() < end) Thread.sleep(20);
            assertTrue(live.version() >= 3, "three refreshes at 0.5 s within 20 s, got " + live.version());
            float[] before = live.latest();
            play(ring, 10, 0.6, 330);
            long v = live.version();
            while (live.version() < v + 2 && System.nanoTime() < end) Thread.sleep(20);
            assertTrue(norm(live.latest()) > 2 * norm(before), "the worker picked up the louder input");
        }
    }

    @Test
    void withoutAStyleModelTheSlotSaysSo() throws Exception {
        InputRing ring = InputRing.forSeconds(RATE, 20);
        play(ring, 1, 0.2, 330);
        LiveStyle live = new LiveStyle(ring, Optional::empty, () -> true);
        assertFalse(live.refresh());
        PromptResolver.PromptException e = assertThrows(PromptResolver.PromptException.class, () -> live.resolve(":live"));
        assertEquals("live input: no style model is loaded", e.getMessage());
        assertEquals(Optional.empty(), live.resolve(":livebass"), "other texts are not this source's syntax");
        assertEquals(Optional.empty(), live.resolve("live"));
    }

    /**
     * A style model whose audio half is damaged (a corrupt {@code music_encoder.tflite}) still loads for text; the
     * live slot is refused with the reason, naming the file, and the worker goes on (text slots keep working).
     */
    @Test
    void aDamagedMusicEncoderCostsTheLiveSlotNotTheTextPrompts(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        mrtbox.inference.style.TinyMusicCoca.write(dir, 41, true);
        java.nio.file.Files.write(dir.resolve(mrtbox.inference.style.TfliteMusicCoca.MUSIC_ENCODER), "not a flatbuffer".getBytes());
        InputRing ring = InputRing.forSeconds(RATE, 20);
        play(ring, 2, 0.2, 330);
        try (mrtbox.inference.style.TfliteMusicCoca mc = mrtbox.inference.style.TfliteMusicCoca.load(dir);
             LiveStyle live = new LiveStyle(ring, () -> Optional.of(mc), () -> true)) {
            assertFalse(mc.hasAudio());
            assertEquals(768, mc.embedText("still steers").length, "text prompts work");
            PromptResolver prompts = new PromptResolver().add(live);
            live.interval(0.05);
            live.start();
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (System.nanoTime() < end) {
                prompts.resolve(List.of(":live", "warm pads"));
                if (prompts.problems().stream().anyMatch(p -> p.contains(mrtbox.inference.style.TfliteMusicCoca.MUSIC_ENCODER))) break;
                Thread.sleep(20);
            }
            List<StylePrompt> r = prompts.resolve(List.of(":live", "warm pads"));
            assertEquals(StylePrompt.text(""), r.get(0), "the live slot plays as empty");
            assertEquals(StylePrompt.text("warm pads"), r.get(1));
            String problem = prompts.problems().get(0);
            assertTrue(problem.contains("live input: the style model failed on the input: audio prompts are unavailable: ")
                    && problem.contains(mrtbox.inference.style.TfliteMusicCoca.MUSIC_ENCODER), problem);
        }
    }
}
