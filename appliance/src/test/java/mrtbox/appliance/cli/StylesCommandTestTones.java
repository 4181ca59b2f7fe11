package mrtbox.appliance.cli;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;

/** Generated test tones for the styles tests. */
public final class StylesCommandTestTones {
    private StylesCommandTestTones() {}

    /** A mono 16-bit sine tone at 48 kHz, written as WAV. */
    public static void writeTone(Path file, double hz, double amplitude, double seconds) throws Exception {
        int rate = 48000;
        int n = (int) (seconds * rate);
        ByteBuffer b = ByteBuffer.allocate(2 * n).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) b.putShort((short) Math.round(amplitude * 32767 * Math.sin(2 * Math.PI * hz * i / rate)));
        AudioFormat f = new AudioFormat(rate, 16, 1, true, false);
        try (AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(b.array()), f, n)) {
            AudioSystem.write(in, AudioFileFormat.Type.WAVE, file.toFile());
        }
    }
}
