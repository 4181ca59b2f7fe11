package mrtbox.inference.style;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every format an audio prompt may be decodes to the sound it holds: FLAC, Ogg Vorbis and MP3 fixtures (made with
 * Debian's encoders, see the README beside them) through their Java Sound service providers; WAV, AIFF and AU written
 * here with Java Sound. Each is a second of 440 Hz at -6 dBFS: the decoded audio must have that length, level
 * and pitch. Damaged and foreign files get a message that names the formats.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AudioPromptsFormatsTest {
    private static final int RATE = 16000;

    @ParameterizedTest
    @ValueSource(strings = {"tone.flac", "tone.ogg", "tone.mp3"})
    void compressedFixturesDecodeToTheirTone(String name, @TempDir Path dir) throws IOException {
        Path file = dir.resolve(name);
        try (InputStream in = getClass().getResourceAsStream("formats/" + name)) {
            assertNotNull(in, name);
            Files.copy(in, file);
        }
        assertIsTheTone(AudioPrompts.loadMono(file, RATE), name);
        float[] stereo = AudioPrompts.loadStereo(file, 48000);
        assertEquals(0, stereo.length % 2);
        assertEquals(1.0, stereo.length / 2 / 48000.0, 0.1, name + " stereo length");
    }

    @ParameterizedTest
    @ValueSource(strings = {"WAVE", "AIFF", "AU"})
    void javaSoundFormatsDecodeToTheirTone(String type, @TempDir Path dir) throws IOException {
        AudioFileFormat.Type t = switch (type) {
            case "WAVE" -> AudioFileFormat.Type.WAVE;
            case "AIFF" -> AudioFileFormat.Type.AIFF;
            default -> AudioFileFormat.Type.AU;
        };
        Path file = dir.resolve("tone." + t.getExtension());
        AudioFormat f = new AudioFormat(44100, 16, 2, true, t != AudioFileFormat.Type.WAVE);
        byte[] pcm = new byte[44100 * 4];
        for (int i = 0; i < 44100; i++) {
            int v = (int) Math.round(0.5 * 32767 * Math.sin(2 * Math.PI * 440 * i / 44100.0));
            for (int c = 0; c < 2; c++) {
                int at = 4 * i + 2 * c;
                if (f.isBigEndian()) { pcm[at] = (byte) (v >> 8); pcm[at + 1] = (byte) v; }
                else { pcm[at] = (byte) v; pcm[at + 1] = (byte) (v >> 8); }
            }
        }
        AudioSystem.write(new AudioInputStream(new ByteArrayInputStream(pcm), f, 44100), t, file.toFile());
        assertIsTheTone(AudioPrompts.loadMono(file, RATE), type);
    }

    @Test
    void damagedAndForeignFilesAreRefusedWithTheFormatsNamed(@TempDir Path dir) throws IOException {
        Path text = Files.writeString(dir.resolve("notes.txt"), "not audio at all, just some words in a file\n".repeat(20));
        IOException e = assertThrows(IOException.class, () -> AudioPrompts.loadMono(text, RATE));
        assertTrue(e.getMessage().contains(AudioPrompts.FORMATS), e.getMessage());

        byte[] flac = new byte[4096];
        new java.util.Random(5).nextBytes(flac);
        System.arraycopy("fLaC".getBytes(), 0, flac, 0, 4);
        Path damaged = Files.write(dir.resolve("damaged.flac"), flac);
        IOException d = assertThrows(IOException.class, () -> AudioPrompts.loadMono(damaged, RATE));
        assertTrue(d.getMessage().contains("damaged.flac"), d.getMessage());
    }

    /** A second (codec padding allowed), RMS of a -6 dBFS sine, and 440 Hz by zero crossings in the middle. */
    private static void assertIsTheTone(float[] mono, String what) {
        double seconds = mono.length / (double) RATE;
        assertTrue(seconds > 0.95 && seconds < 1.15, what + ": " + seconds + " s");
        int from = RATE / 10;
        int to = mono.length - RATE / 10;
        double sum = 0;
        int crossings = 0;
        for (int i = from; i < to; i++) {
            sum += mono[i] * mono[i];
            if ((mono[i - 1] < 0) != (mono[i] < 0)) crossings++;
        }
        double rms = Math.sqrt(sum / (to - from));
        assertEquals(0.5 / Math.sqrt(2), rms, 0.05, what + " level");
        double hz = crossings / 2.0 / ((to - from) / (double) RATE);
        assertEquals(440, hz, 10, what + " pitch");
    }
}
