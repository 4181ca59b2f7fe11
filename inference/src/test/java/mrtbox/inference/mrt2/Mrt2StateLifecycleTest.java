package mrtbox.inference.mrt2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import mrtbox.inference.codec.SpectroStreamEncoder;
import mrtbox.inference.model.NoteFrame;
import mrtbox.inference.model.StepControls;
import mrtbox.inference.style.AudioPrompts;
import mrtbox.inference.weights.FloatTensor;
import mrtbox.inference.weights.SafetensorsFile;
import mrtbox.inference.weights.SafetensorsWriter;
import mrtbox.inference.weights.WeightException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The MRT2 state lifecycle as the box reaches it: codec state in save/load, prefill from audio, live prefill, seed rotation. */
@Timeout(120)
class Mrt2StateLifecycleTest {
    private static final int[] STYLE = {325, 98, 979, 657, 802, 453, 1, 2, 3, 4, 5, 6};
    private static final long SEED = 7;
    static SpectroStreamEncoder encoder;

    @BeforeAll
    static void open() {
        encoder = Mrt2Models.tinyEncoder(SEED);
    }

    @AfterAll
    static void close() {
        encoder.close();
    }

    private static StepControls controls(float temperature, NoteFrame notes) {
        return new StepControls(STYLE, null, temperature, 40, 3f, notes, Map.of(Mrt2FrameModel.CFG_NOTES, 2.0));
    }

    private static float[][] audio(Mrt2FrameModel m, StepControls c, int frames) {
        float[][] out = new float[frames][1920 * 2];
        for (int f = 0; f < frames; f++) m.step(c, out[f]);
        return out;
    }

    private static int[][] ids(Mrt2FrameModel m, StepControls c, int frames) {
        int[][] ids = new int[frames][];
        float[] out = new float[1920 * 2];
        for (int f = 0; f < frames; f++) {
            m.step(c, out);
            ids[f] = m.lastIds();
        }
        return ids;
    }

    /** Two tones (220 Hz left, 330 Hz right, 0.4 amplitude) as 16-bit PCM. */
    static Path toneWav(Path file, int rate, int channels, double seconds) throws IOException {
        int n = (int) Math.round(seconds * rate);
        ByteBuffer b = ByteBuffer.allocate(n * channels * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < channels; c++) {
                double f = c == 0 ? 220 : 330;
                b.putShort((short) Math.round(0.4 * 32767 * Math.sin(2 * Math.PI * f * i / rate)));
            }
        }
        AudioFormat fmt = new AudioFormat(rate, 16, channels, true, false);
        try (AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(b.array()), fmt, n)) {
            AudioSystem.write(in, AudioFileFormat.Type.WAVE, file.toFile());
        }
        return file;
    }

    @Test
    void saveLoadContinueGivesBitIdenticalAudioFromTheFirstFrame(@TempDir Path dir) throws Exception {
        try (Mrt2FrameModel m = Mrt2Models.tiny(8, true)) {
            NoteTracker notes = new NoteTracker();
            notes.noteOn(60);
            m.reset(3);
            audio(m, controls(0f, notes.nextFrame()), 5);
            Path file = dir.resolve("state.safetensors");
            m.states().save(file);
            float[][] uninterrupted = audio(m, controls(0f, notes.nextFrame()), 6);
            try (SafetensorsFile f = SafetensorsFile.open(file)) {
                assertTrue(f.names().stream().anyMatch(n -> n.startsWith("codec/")), "the codec's stream state is saved: " + f.names());
                assertEquals("3", f.metadata().get("seed"));
            }
            m.reset(99);   // scramble both the LLM and the codec
            audio(m, controls(1f, NoteFrame.SILENT), 3);
            m.states().load(file);
            m.reset(3);
            float[][] resumed = audio(m, controls(0f, notes.nextFrame()), 6);
            for (int f = 0; f < 6; f++) assertArrayEquals(uninterrupted[f], resumed[f], "frame " + f + " after the load");
            boolean sound = false;
            for (float v : resumed[0]) sound |= v != 0f;
            assertTrue(sound, "no 40 ms of codec silence after a load: the decoder continues");
        }
    }

    @Test
    void aDamagedCodecStateIsRejectedAndTheTargetStays(@TempDir Path dir) throws Exception {
        try (Mrt2FrameModel m = Mrt2Models.tiny(8, false)) {
            m.reset(3);
            int[][] before = ids(m, controls(0f, NoteFrame.SILENT), 4);
            Path good = dir.resolve("good.safetensors");
            m.reset(3);
            m.states().save(good);
            m.states().load(good);
            // the same file with one codec buffer cut short
            Path bad = dir.resolve("bad.safetensors");
            SafetensorsWriter w = new SafetensorsWriter();
            String victim = null;
            try (SafetensorsFile f = SafetensorsFile.open(good)) {
                for (String n : f.names()) {
                    FloatTensor t = f.read(n);
                    if (victim == null && n.startsWith("codec/")) {
                        victim = n;
                        long[] s = t.shape().clone();
                        s[0] = s[0] + 1;
                        w.put(n, s, Arrays.copyOf(t.toArray(), (int) FloatTensor.elementCount(s)));
                    } else {
                        w.put(t);
                    }
                }
            }
            w.write(bad);
            WeightException e = assertThrows(WeightException.class, () -> m.states().load(bad));
            assertTrue(e.getMessage().contains(victim), e.getMessage());
            m.reset(3);
            assertArrayEquals(before, ids(m, controls(0f, NoteFrame.SILENT), 4), "the good target is still in force");
        }
    }

    @Test
    void prefillFromAWavForcesTheTrimmedEncodedFramesIntoTheContext(@TempDir Path dir) throws Exception {
        Path wav = toneWav(dir.resolve("tones.wav"), 48000, 2, 2.6);
        int[][] tokens = Mrt2AudioPrefill.fromFile(encoder, wav);
        // by hand: the same samples (16-bit, so exact), encoded directly, 25 frames dropped each side, as unique ids
        float[] pcm = AudioPrompts.loadStereo(wav, 48000);
        int[][] codes = encoder.encode(pcm, 48000, 12);
        assertEquals(65, codes.length, "2.6 s = 65 frames of 40 ms");
        assertEquals(15, tokens.length);
        for (int t = 0; t < tokens.length; t++) {
            for (int k = 0; k < 12; k++) assertEquals(6 + 1024 * k + codes[t + 25][k], tokens[t][k], "frame " + t + " level " + k);
        }
        try (Mrt2FrameModel m = Mrt2Models.tiny(SEED, true); Mrt2FrameModel direct = Mrt2Models.tiny(SEED, true)) {
            m.reset(1);
            m.prefill().run(tokens, controls(0f, NoteFrame.SILENT));
            assertEquals(14, m.llm().frame(), "N - 1 forced frames");
            assertArrayEquals(tokens[14], m.llm().previousIds(), "the last frame is seeded without a step");
            direct.reset(1);
            int[][] byHand = new int[15][12];
            for (int t = 0; t < 15; t++) for (int k = 0; k < 12; k++) byHand[t][k] = Mrt2Vocab.audioId(k, codes[t + 25][k]);
            direct.prefill().run(byHand, controls(0f, NoteFrame.SILENT));
            assertArrayEquals(ids(direct, controls(0f, NoteFrame.SILENT), 3), ids(m, controls(0f, NoteFrame.SILENT), 3));
        }
    }

    @Test
    void monoAndOtherRatesAreConvertedAndBadFilesSayWhatIsWrong(@TempDir Path dir) throws Exception {
        Path mono = toneWav(dir.resolve("mono44.wav"), 44100, 1, 2.5);
        float[] st = AudioPrompts.loadStereo(mono, 48000);
        assertEquals((int) (Math.round(2.5 * 44100) * 48000L / 44100) * 2, st.length, "resampled to 48 kHz");
        for (int i = 0; i < st.length; i += 2) assertEquals(st[i], st[i + 1], "mono goes to both channels");
        assertEquals(13, Mrt2AudioPrefill.fromFile(encoder, mono).length, "2.5 s = 63 frames, 13 after the trim");

        IOException shortClip = assertThrows(IOException.class, () -> Mrt2AudioPrefill.fromFile(encoder, toneWav(dir.resolve("short.wav"), 48000, 2, 1.5)));
        assertTrue(shortClip.getMessage().contains("short.wav") && shortClip.getMessage().contains("too short"), shortClip.getMessage());
        Path text = Files.writeString(dir.resolve("notes.wav"), "these are not samples");
        IOException notAudio = assertThrows(IOException.class, () -> Mrt2AudioPrefill.fromFile(encoder, text));
        assertTrue(notAudio.getMessage().contains("not an audio file"), notAudio.getMessage());
        assertThrows(java.nio.file.NoSuchFileException.class, () -> Mrt2AudioPrefill.fromFile(encoder, dir.resolve("missing.wav")));
        IOException quad = assertThrows(IOException.class, () -> Mrt2AudioPrefill.fromFile(encoder, toneWav(dir.resolve("quad.wav"), 48000, 4, 2.5)));
        assertTrue(quad.getMessage().contains("4 channels"), quad.getMessage());
    }

    @Test
    void silenceIdsAreTheMiddleFrameOfALongSilentClip() {
        int[] ids = Mrt2AudioPrefill.silence(encoder);
        int frames = 4 * encoder.contextFrames() + 9;
        int[] mid = encoder.encode(new float[frames * 1920 * 2], 48000, 12)[frames / 2];
        for (int k = 0; k < 12; k++) assertEquals(Mrt2Vocab.audioId(k, mid[k]), ids[k]);
    }

    @Test
    void aScheduledPrefillStartsAtTheNextStepPlaysSilenceAndEndsWhereTheDirectOneDoes() throws Exception {
        int[][] tokens = new int[6][12];
        for (int f = 0; f < 6; f++) for (int k = 0; k < 12; k++) tokens[f][k] = Mrt2Vocab.audioId(k, (f * 53 + k * 7) % 1024);
        try (Mrt2FrameModel live = Mrt2Models.tiny(SEED, true); Mrt2FrameModel direct = Mrt2Models.tiny(SEED, true)) {
            live.prefill().budget(java.time.Duration.ZERO);   // one forced frame per step
            live.reset(4);
            ids(live, controls(1f, NoteFrame.SILENT), 2);
            int framesBefore = live.llm().frame();
            Thread other = new Thread(() -> live.prefill().schedule(tokens));
            other.start();
            other.join();
            assertTrue(live.prefill().active());
            assertEquals(framesBefore, live.llm().frame(), "nothing changes until the generation thread's next step");
            assertThrows(IllegalArgumentException.class, () -> live.prefill().schedule(new int[][] {{1, 2, 3}}), "frames are checked by the caller");
            int silentSteps = 0;
            float[] out = new float[1920 * 2];
            while (live.prefill().active()) {
                live.step(controls(1f, NoteFrame.SILENT), out);
                for (float v : out) assertEquals(0f, v, "prefill steps are silent");
                silentSteps++;
                assertTrue(silentSteps <= 6);
            }
            assertEquals(6, silentSteps, "5 forced frames, then the seed-and-checkpoint step");
            assertArrayEquals(tokens[5], live.llm().previousIds());
            direct.reset(4);
            direct.prefill().run(tokens, controls(1f, NoteFrame.SILENT));
            assertArrayEquals(ids(direct, controls(0f, NoteFrame.SILENT), 3), ids(live, controls(0f, NoteFrame.SILENT), 3));
            // a reset during a prefill does not cut it short: the prefilled state is what plays after it
            live.prefill().schedule(tokens);
            live.step(controls(1f, NoteFrame.SILENT), out);
            live.reset(4);
            while (live.prefill().active()) live.step(controls(1f, NoteFrame.SILENT), out);
            direct.reset(4);
            assertArrayEquals(ids(direct, controls(0f, NoteFrame.SILENT), 3), ids(live, controls(0f, NoteFrame.SILENT), 3));
        }
    }

    @Test
    void aSnapshotAskedForByAnotherThreadIsTakenAtTheNextPlayingStepAfterAnyPrefill(@TempDir Path dir) throws Exception {
        int[][] tokens = new int[3][12];
        for (int f = 0; f < 3; f++) for (int k = 0; k < 12; k++) tokens[f][k] = Mrt2Vocab.audioId(k, (f * 31 + k * 5) % 1024);
        try (Mrt2FrameModel m = Mrt2Models.tiny(SEED, false); Mrt2FrameModel other = Mrt2Models.tiny(SEED, false)) {
            m.prefill().budget(java.time.Duration.ZERO);
            m.reset(2);
            m.prefill().schedule(tokens);
            java.util.concurrent.CompletableFuture<Mrt2State> asked =
                    java.util.concurrent.CompletableFuture.supplyAsync(m.states()::atNextStep).get();
            float[] out = new float[1920 * 2];
            for (int i = 0; i < 3; i++) {
                m.step(controls(1f, NoteFrame.SILENT), out);
                assertFalse(asked.isDone(), "not during the prefill (step " + i + ")");
            }
            m.step(controls(1f, NoteFrame.SILENT), out);
            Mrt2State s = asked.getNow(null);
            assertEquals(2f, s.llm().get("frame")[0], "the prefilled state: N - 1 forced frames");
            assertEquals(2L, s.seed());
            Path file = dir.resolve("snap.safetensors");
            m.states().write(s, file);
            other.states().load(file);
            other.reset(99);
            assertArrayEquals(tokens[2], other.llm().previousIds());
            m.reset(99);   // back to the prefilled target: both continue alike
            assertArrayEquals(ids(m, controls(0f, NoteFrame.SILENT), 3), ids(other, controls(0f, NoteFrame.SILENT), 3));
        }
    }

    @Test
    void seedRotationActsOnlyAtResetAndZeroReplaysTheTargetsTake(@TempDir Path dir) throws Exception {
        int[][] tokens = new int[4][12];
        for (int f = 0; f < 4; f++) for (int k = 0; k < 12; k++) tokens[f][k] = Mrt2Vocab.audioId(k, (f * 11 + k * 97) % 1024);
        StepControls hot = controls(1.3f, NoteFrame.SILENT);
        try (Mrt2FrameModel m = Mrt2Models.tiny(SEED, false)) {
            m.reset(10);
            assertEquals(10, m.streamSeed(), "factory target: the engine's seed");
            m.prefill().run(tokens, hot);
            m.seedRotation(5);   // set now, acts at the next reset only
            int[][] take = ids(m, hot, 4);
            m.seedRotation(0);
            m.reset(77);
            assertEquals(10, m.streamSeed(), "rotation 0: the prefilled target's own seed");
            assertArrayEquals(take, ids(m, hot, 4), "the same take again: the rotation set mid-take did not touch it");
            m.seedRotation(5);
            m.reset(77);
            assertEquals(82, m.streamSeed(), "rotation: the engine's seed plus the rotation");
            assertNotEquals(Arrays.deepToString(take), Arrays.deepToString(ids(m, hot, 4)), "another take");
            m.seedRotation(0);
            // a saved state carries its seed: loaded into another model it replays the take under rotation 0
            m.reset(0);
            Path file = dir.resolve("take.safetensors");
            m.states().save(file);
            try (Mrt2FrameModel other = Mrt2Models.tiny(SEED, false)) {
                other.states().load(file);
                other.reset(1234);
                assertEquals(10, other.streamSeed());
                assertArrayEquals(take, ids(other, hot, 4));
                other.resetToFactory(1234);
                assertEquals(1234, other.streamSeed());
                assertEquals(0, other.llm().frame());
            }
            assertFalse(m.prefill().active());
        }
    }
}
