package mrtbox.appliance.audio;

import java.io.IOException;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.TargetDataLine;

/**
 * The interface's input through Java Sound (ALSA on Linux): the capture mixer chosen by
 * {@link JavaSoundDevices#selectInput}, 16-bit little-endian at 48 kHz, one or two channels. {@link #read} blocks
 * until a block has arrived, so the device paces the capture thread, and hands out stereo floats (a mono input is
 * duplicated). A vanished device makes a read return short or fail; {@link #close()} from another thread releases a
 * read that hangs instead.
 */
public final class JavaSoundCapture {
    private static final SampleFormat FORMAT = SampleFormat.PCM16;

    private final String selector;
    private final int channels;
    private final int bufferFrames;
    private volatile TargetDataLine line;
    private byte[] bytes = new byte[0];
    private String opened = "";

    /**
     * @param selector     device: empty/"default", an index or a name substring, as {@code mrtbox devices} lists inputs
     * @param channels     1 (duplicated to both sides) or 2
     * @param bufferFrames device buffer; reads come in blocks of a quarter of it
     */
    public JavaSoundCapture(String selector, int channels, int bufferFrames) {
        if (channels != 1 && channels != 2) throw new IllegalArgumentException("input channels must be 1 or 2, got " + channels);
        this.selector = selector == null ? "" : selector.strip();
        this.channels = channels;
        this.bufferFrames = bufferFrames;
    }

    public String describe() {
        String which = opened.isEmpty() ? (selector.isEmpty() ? "default" : selector) : opened;
        return "Java Sound input " + which + " (" + (channels == 1 ? "mono" : "stereo") + ")";
    }

    /** Frames one {@link #read} delivers. */
    public int blockFrames() {
        return Math.max(64, bufferFrames / 4);
    }

    public void open(int sampleRate) throws IOException {
        close();
        JavaSoundDevices.Device device = JavaSoundDevices.selectInput(selector);
        AudioFormat af = new AudioFormat(sampleRate, FORMAT.bits(), channels, true, false);
        TargetDataLine l;
        try {
            l = device == null ? AudioSystem.getTargetDataLine(af) : AudioSystem.getTargetDataLine(af, device.info());
            l.open(af, bufferFrames * af.getFrameSize());
        } catch (LineUnavailableException | IllegalArgumentException | SecurityException e) {
            throw new IOException("cannot open audio input " + describe() + " for " + af + ": " + e.getMessage(), e);
        }
        bytes = new byte[blockFrames() * af.getFrameSize()];
        l.start();
        opened = device == null ? "default" : "[" + device.index() + "] " + device.name();
        line = l;
    }

    /**
     * Reads one block into {@code stereo} (interleaved, {@link #blockFrames()} frames). Allocates nothing.
     *
     * @return frames read; fewer than a block (0 included) means the device failed or was closed
     */
    public int read(float[] stereo) {
        TargetDataLine l = line;
        if (l == null) return 0;
        int want = bytes.length;
        int got = 0;
        while (got < want) {
            int n = l.read(bytes, got, want - got);
            if (n <= 0) break;
            got += n;
        }
        int frameSize = 2 * channels;
        int frames = got / frameSize;
        for (int f = 0; f < frames; f++) {
            int o = f * frameSize;
            float left = sample(o);
            float right = channels == 2 ? sample(o + 2) : left;
            stereo[2 * f] = left;
            stereo[2 * f + 1] = right;
        }
        return frames;
    }

    private float sample(int offset) {
        return (short) ((bytes[offset] & 0xff) | (bytes[offset + 1] << 8)) / 32768f;
    }

    public void close() {
        TargetDataLine l = line;
        line = null;
        if (l != null) l.close();
    }
}
