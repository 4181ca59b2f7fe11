package mrtbox.inference.style;

import org.junit.jupiter.api.Timeout;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import mrtbox.inference.text.SentencePieceTokenizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MRT2's MusicCoCa path through the real TFLite interpreter on small models of the release's dtypes and shapes
 * ({@link TinyMusicCoca}), every output checked against values computed by hand.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)   // TensorFlow: a hung session must not stall the build
class TfliteMusicCocaTest {

    static void assertClose(float[] expect, float[] got, double tol) {
        assertEquals(expect.length, got.length);
        for (int i = 0; i < expect.length; i++) assertEquals(expect[i], got[i], tol, "index " + i);
    }

    @Test
    void textIsPackedMatchedByDtypeAndMapped(@TempDir Path dir) throws Exception {
        TinyMusicCoca w = TinyMusicCoca.write(dir, 3, true);
        SentencePieceTokenizer spm = SentencePieceTokenizer.load(dir.resolve("spm.model"));
        MusicCocaText packer = new MusicCocaText(spm, MusicCocaText.Lowering.ASCII);
        try (TfliteMusicCoca mc = TfliteMusicCoca.load(dir)) {
            assertEquals(768, mc.dim());
            assertTrue(mc.hasMapper());
            assertTrue(mc.modelId().startsWith("musiccoca-tflite:"));
            String prompt = "Warm Analog SYNTH pads";
            MusicCocaText.Packed p = packer.pack(prompt);
            float[] raw = w.expectText(p.ids(), p.paddings());
            float[] expect = w.expectMapped(raw, NumpyRandomState.randnFloat32(0, 768));
            float[] got = mc.embedText(prompt);
            assertClose(expect, got, 1e-5);
            double norm = 0;
            for (float v : got) norm += v * v;
            assertEquals(1.0, Math.sqrt(norm), 1e-5, "the mapper's output is L2-normalised");
            assertNotEquals(0, p.textIds());
        }
    }

    @Test
    void withoutMapperTheTextEmbeddingIsRaw(@TempDir Path dir) throws Exception {
        TinyMusicCoca w = TinyMusicCoca.write(dir, 4, false);
        SentencePieceTokenizer spm = SentencePieceTokenizer.load(dir.resolve("spm.model"));
        try (TfliteMusicCoca mc = TfliteMusicCoca.load(dir)) {
            assertFalse(mc.hasMapper());
            MusicCocaText.Packed p = new MusicCocaText(spm, MusicCocaText.Lowering.ASCII).pack("dub techno");
            assertClose(w.expectText(p.ids(), p.paddings()), mc.embedText("dub techno"), 1e-5);
            // the empty prompt is BOS alone
            assertClose(w.expectText(new int[] {1}, new float[] {0f}), mc.embedText(""), 1e-6);
            String tooLong = "slow evolving ambient drones with granular textures ".repeat(30);
            assertTrue(mc.droppedTextTokens(tooLong) > 0);
            assertEquals(0, mc.droppedTextTokens("dub techno"));
        }
    }

    @Test
    void audioRunsPreprocessorThenEncoder(@TempDir Path dir) throws Exception {
        TinyMusicCoca w = TinyMusicCoca.write(dir, 5, false);
        try (TfliteMusicCoca mc = TfliteMusicCoca.load(dir)) {
            assertTrue(mc.hasAudio());
            assertEquals(16000, mc.clipSampleRate());
            assertEquals(160000, mc.clipSamples());
            SplittableRandom r = new SplittableRandom(6);
            float[] clip = new float[160000];
            for (int i = 0; i < clip.length; i++) clip[i] = (float) (Math.sin(i * 0.01) * 0.5 + r.nextGaussian() * 0.1);
            assertClose(w.expectAudio(clip), mc.embedAudioClip(clip), 1e-4);
            float[] shortClip = java.util.Arrays.copyOf(clip, 40000); // zero-padded like the reference
            assertClose(w.expectAudio(shortClip), mc.embedAudioClip(shortClip), 1e-4);
        }
    }

    @Test
    void quantizerGivesTheFirst12Tokens(@TempDir Path dir) throws Exception {
        TinyMusicCoca w = TinyMusicCoca.write(dir, 7, false);
        try (TfliteMusicCoca mc = TfliteMusicCoca.load(dir)) {
            StyleQuantizer q = mc.quantizer();
            assertEquals(768, q.dim());
            float[] e = mc.embedText("jazz trio");
            int[] tokens = q.encode(e, 12);
            assertArrayEquals(w.expectTokens(e, 12), tokens);
            IOException tooMany = assertThrows(IOException.class, () -> q.encode(e, 17));
            assertTrue(tooMany.getMessage().contains("gave 16 tokens, 17 are needed"), tooMany.getMessage());
        }
    }

    @Test
    void behindTheStyleMixerTextAndAudioPromptsBlendToTokens(@TempDir Path dir) throws Exception {
        TinyMusicCoca w = TinyMusicCoca.write(dir, 8, true);
        Path wav = dir.resolve("loop.wav");
        StyleMixerTest.writeWav(wav, 16000, 1, 3.0); // one clip, zero-padded to 10 s
        try (TfliteMusicCoca mc = TfliteMusicCoca.load(dir);
             StyleMixer m = new StyleMixer(mc, mc.quantizer(), 12, StyleBlend.ZeroWeights.FIRST_PROMPT, EmbeddingCache.inMemory(), null)) {
            long s = m.submit(List.of(StylePrompt.text("Deep House"), StylePrompt.audio(wav)), new float[] {3f, 1f});
            assertTrue(m.await(s, Duration.ofSeconds(60)));
            assertTrue(m.current().warnings().isEmpty(), m.current().warnings().toString());
            float[] text = mc.embedText("Deep House");
            float[] audio = w.expectAudio(AudioPrompts.loadMono(wav, 16000));
            float[] blend = new float[768];
            for (int d = 0; d < 768; d++) blend[d] = 0.75f * text[d] + 0.25f * audio[d];
            assertClose(blend, m.current().embedding(), 1e-4);
            assertArrayEquals(w.expectTokens(m.current().embedding(), 12), m.current().tokens());
        }
    }

    @Test
    void missingOrWrongFilesAreNamed(@TempDir Path dir) throws Exception {
        IOException none = assertThrows(IOException.class, () -> TfliteMusicCoca.load(dir));
        assertTrue(none.getMessage().contains("spm.model, text_encoder.tflite, pretrained_vector_quantizer.tflite"), none.getMessage());
        TinyMusicCoca.write(dir, 9, false);
        Files.delete(dir.resolve(TfliteMusicCoca.MUSIC_ENCODER));
        assertEquals(List.of(TfliteMusicCoca.MUSIC_ENCODER), TfliteMusicCoca.missingAudio(dir));
        try (TfliteMusicCoca mc = TfliteMusicCoca.load(dir)) {
            assertFalse(mc.hasAudio());
            IOException noAudio = assertThrows(IOException.class, () -> mc.embedAudioClip(new float[160000]));
            assertTrue(noAudio.getMessage().contains("audio prompts need"), noAudio.getMessage());
            assertEquals("", mc.problem(), "audio files left out make a smaller install, not a damaged one");
            assertEquals(768, mc.embedText("still works").length);
        }
        // a text encoder with two float inputs (no int32 ids) is refused, naming what it found
        Files.copy(dir.resolve(TfliteMusicCoca.AUDIO_PREPROCESSOR), dir.resolve(TfliteMusicCoca.TEXT_ENCODER), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        IOException wrong = assertThrows(IOException.class, () -> TfliteMusicCoca.load(dir));
        assertTrue(wrong.getMessage().contains("expected an int32 ids input and a float32 paddings input"), wrong.getMessage());
    }

    /** A damaged audio file (preprocessor or music encoder) costs the audio prompts only: text still embeds exactly. */
    @Test
    void aDamagedAudioFileCostsOnlyTheAudioPrompts(@TempDir Path dir) throws Exception {
        TinyMusicCoca w = TinyMusicCoca.write(dir, 10, false);
        for (String damaged : List.of(TfliteMusicCoca.MUSIC_ENCODER, TfliteMusicCoca.AUDIO_PREPROCESSOR)) {
            byte[] good = Files.readAllBytes(dir.resolve(damaged));
            Files.write(dir.resolve(damaged), "not a flatbuffer".getBytes());
            try (TfliteMusicCoca mc = TfliteMusicCoca.load(dir)) {
                assertFalse(mc.hasAudio(), damaged);
                IOException noAudio = assertThrows(IOException.class, () -> mc.embedAudioClip(new float[160000]));
                assertTrue(noAudio.getMessage().startsWith("audio prompts are unavailable: ") && noAudio.getMessage().contains(damaged), noAudio.getMessage());
                assertEquals(noAudio.getMessage(), mc.problem(), "a damaged part is a problem (health says so)");
                MusicCocaText.Packed p = new MusicCocaText(SentencePieceTokenizer.load(dir.resolve(TfliteMusicCoca.SPM)), MusicCocaText.Lowering.ASCII).pack("dub techno");
                assertClose(w.expectText(p.ids(), p.paddings()), mc.embedText("dub techno"), 1e-5);
            }
            Files.write(dir.resolve(damaged), good);
        }
    }
    /**
     * The mapper is optional ("used when present"): a damaged one, or one of the wrong shape, costs only itself. The
     * model loads, says which part it could not use and why, and text embeds as without a mapper.
     */
    @Test
    void aDamagedMapperCostsOnlyItself(@TempDir Path dir) throws Exception {
        TinyMusicCoca w = TinyMusicCoca.write(dir, 11, true);
        try (TfliteMusicCoca mc = TfliteMusicCoca.load(dir)) {
            assertEquals("", mc.problem(), "every installed part works");
        }
        MusicCocaText.Packed p = new MusicCocaText(SentencePieceTokenizer.load(dir.resolve(TfliteMusicCoca.SPM)), MusicCocaText.Lowering.ASCII).pack("dub techno");
        Files.write(dir.resolve(TfliteMusicCoca.MAPPER), "not a flatbuffer".getBytes());
        try (TfliteMusicCoca mc = TfliteMusicCoca.load(dir)) {
            assertFalse(mc.hasMapper());
            assertTrue(mc.problem().startsWith("mapper.tflite unusable: "), mc.problem());
            assertClose(w.expectText(p.ids(), p.paddings()), mc.embedText("dub techno"), 1e-5);
            assertTrue(mc.hasAudio(), "the audio half is untouched");
        }
        // a flatbuffer of the wrong shape (the preprocessor's one input) is named with what it found
        Files.copy(dir.resolve(TfliteMusicCoca.AUDIO_PREPROCESSOR), dir.resolve(TfliteMusicCoca.MAPPER), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        try (TfliteMusicCoca mc = TfliteMusicCoca.load(dir)) {
            assertFalse(mc.hasMapper());
            assertTrue(mc.problem().startsWith("mapper.tflite unusable: expected inputs (embedding, noise) of 768 floats"), mc.problem());
            assertClose(w.expectText(p.ids(), p.paddings()), mc.embedText("dub techno"), 1e-5);
        }
    }
}
