package mrtbox.appliance.audio;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WavAndSampleFormatTest {
    @TempDir Path dir;

    @Test
    void encodingRoundsClipsAndDecodesBack() {
        float[] in = {0f, 0.5f, -0.5f, 1f, -1f, 1.5f, -3f, Float.NaN};
        for (SampleFormat f : SampleFormat.values()) {
            byte[] out = new byte[in.length * f.bytesPerSample()];
            assertEquals(out.length, f.encode(in, in.length, out));
            double step = f.floating() ? 0 : 1.0 / ((1L << (f.bits() - 1)) - 1);
            for (int i = 0; i < 7; i++) {
                float expected = f.floating() ? in[i] : Math.max(-1f, Math.min(1f, in[i]));
                assertEquals(expected, f.decode(out, i * f.bytesPerSample()), step, f + " sample " + i);
            }
        }
        byte[] b = new byte[2];
        SampleFormat.PCM16.encode(new float[] {1f}, 1, b);
        assertEquals(32767, ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getShort());
        assertThrows(IllegalArgumentException.class, () -> SampleFormat.parse("12"));
        assertEquals(SampleFormat.FLOAT32, SampleFormat.parse("float"));
    }

    @Test
    void integerWavFilesHaveACorrectHeaderAndReadBackThroughJavaSound() throws Exception {
        for (SampleFormat f : new SampleFormat[] {SampleFormat.PCM16, SampleFormat.PCM24, SampleFormat.PCM32}) {
            Path file = dir.resolve("t" + f.bits() + ".wav");
            float[] tone = new float[2 * 4800];
            for (int i = 0; i < 4800; i++) tone[2 * i] = tone[2 * i + 1] = (float) (0.5 * Math.sin(i * 0.1));
            try (WavWriter w = new WavWriter(file, 48000, 2, f)) {
                w.write(tone, 3000);
                w.write(java.util.Arrays.copyOfRange(tone, 6000, tone.length), 1800);
                assertEquals(4800, w.framesWritten());
            }
            assertEquals(44 + 4800L * 2 * f.bytesPerSample(), Files.size(file));
            try (AudioInputStream in = AudioSystem.getAudioInputStream(file.toFile())) {
                AudioFormat af = in.getFormat();
                assertEquals(48000f, af.getSampleRate());
                assertEquals(2, af.getChannels());
                assertEquals(f.bits(), af.getSampleSizeInBits());
                assertEquals(AudioFormat.Encoding.PCM_SIGNED, af.getEncoding());
                assertFalse(af.isBigEndian());
                assertEquals(4800, in.getFrameLength());
                byte[] data = in.readAllBytes();
                for (int i = 0; i < tone.length; i += 97) {
                    assertEquals(tone[i], f.decode(data, i * f.bytesPerSample()), 1e-4, "sample " + i);
                }
            }
        }
    }

    @Test
    void floatWavHasFormatTagThreeAndAFactChunk() throws Exception {
        Path file = dir.resolve("f.wav");
        float[] data = {0.25f, -0.25f, 0.75f, -0.75f};
        try (WavWriter w = new WavWriter(file, 48000, 2, SampleFormat.FLOAT32)) {
            w.write(data, 2);
        }
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(58 + 16, b.capacity());
        assertEquals("RIFF", ascii(b, 0));
        assertEquals(b.capacity() - 8, b.getInt(4));
        assertEquals("WAVE", ascii(b, 8));
        assertEquals("fmt ", ascii(b, 12));
        assertEquals(18, b.getInt(16));
        assertEquals(3, b.getShort(20));
        assertEquals(2, b.getShort(22));
        assertEquals(48000, b.getInt(24));
        assertEquals(48000 * 8, b.getInt(28));
        assertEquals(8, b.getShort(32));
        assertEquals(32, b.getShort(34));
        assertEquals("fact", ascii(b, 38));
        assertEquals(2, b.getInt(46));
        assertEquals("data", ascii(b, 50));
        assertEquals(16, b.getInt(54));
        for (int i = 0; i < 4; i++) assertEquals(data[i], b.getFloat(58 + 4 * i));
        try (AudioInputStream in = AudioSystem.getAudioInputStream(file.toFile())) {
            assertEquals(AudioFormat.Encoding.PCM_FLOAT, in.getFormat().getEncoding());
        }
    }

    private static String ascii(ByteBuffer b, int at) {
        byte[] s = new byte[4];
        for (int i = 0; i < 4; i++) s[i] = b.get(at + i);
        return new String(s, java.nio.charset.StandardCharsets.US_ASCII);
    }
}
