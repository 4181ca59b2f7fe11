package mrtbox.web.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;

/** Real audio files for upload tests, written by Java Sound. */
public final class Audio {
    private Audio() {}

    /** A 440 Hz sine as a 16-bit mono 48 kHz WAV file. */
    public static byte[] sineWav(double seconds) throws IOException {
        int n = (int) (48000 * seconds);
        byte[] pcm = new byte[n * 2];
        for (int i = 0; i < n; i++) {
            short s = (short) (Math.sin(2 * Math.PI * 440 * i / 48000.0) * 8000);
            pcm[2 * i] = (byte) s;
            pcm[2 * i + 1] = (byte) (s >> 8);
        }
        AudioFormat f = new AudioFormat(48000f, 16, 1, true, false);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AudioSystem.write(new AudioInputStream(new java.io.ByteArrayInputStream(pcm), f, n), AudioFileFormat.Type.WAVE, out);
        return out.toByteArray();
    }
}
