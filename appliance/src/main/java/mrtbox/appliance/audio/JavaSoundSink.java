package mrtbox.appliance.audio;

import java.io.IOException;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.SourceDataLine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A sound card through Java Sound (ALSA on Linux): the mixer chosen by {@link JavaSoundDevices#select}, signed
 * little-endian 16/24/32-bit at the model's rate, with a configurable device buffer. Writes block at the
 * sample rate, so the device paces the audio thread. Java Sound reports no underruns and, when a device goes
 * away, a write may block forever: {@link AudioOutput} watches for that and calls {@link #close()} from another
 * thread, which makes the write return.
 */
public final class JavaSoundSink implements AudioSink {
    private static final Logger log = LoggerFactory.getLogger(JavaSoundSink.class);

    private final String selector;
    private final SampleFormat format;
    private final int requestedBufferFrames;
    private volatile SourceDataLine line;
    private byte[] bytes = new byte[0];
    private int bufferFrames;
    private String opened = "";

    /**
     * @param selector     device: empty/"default", an index or a name substring (see {@link JavaSoundDevices})
     * @param format       16, 24 or 32-bit integer (sound cards take no float here)
     * @param bufferFrames device buffer in frames; the ALSA latency. Powers of two work everywhere (JACK needs a
     *                     multiple of its period); if the device refuses the size, the next power of two is tried
     */
    public JavaSoundSink(String selector, SampleFormat format, int bufferFrames) {
        if (format.floating()) throw new IllegalArgumentException("sound cards take 16, 24 or 32-bit integer samples, not float");
        if (bufferFrames < 64) throw new IllegalArgumentException("audio buffer must be at least 64 frames, got " + bufferFrames);
        this.selector = selector == null ? "" : selector;
        this.format = format;
        this.requestedBufferFrames = bufferFrames;
    }

    @Override
    public String describe() {
        String which = opened.isEmpty() ? (selector.isEmpty() ? "default" : selector) : opened;
        return "Java Sound " + which + " (" + format.bits() + "-bit, " + requestedBufferFrames + "-frame buffer)";
    }

    @Override
    public void open(int sampleRate, int channels, int maxBlockFrames) throws IOException {
        close();
        JavaSoundDevices.Device device = JavaSoundDevices.select(selector);
        AudioFormat af = new AudioFormat(sampleRate, format.bits(), channels, true, false);
        SourceDataLine l;
        try {
            l = device == null ? AudioSystem.getSourceDataLine(af) : AudioSystem.getSourceDataLine(af, device.info());
        } catch (LineUnavailableException e) {
            throw new IOException(busy(device), e);
        } catch (IllegalArgumentException e) {
            throw new IOException(JavaSoundDevices.outputs().isEmpty() ? "no sound card found"
                    : card(device) + " cannot play " + (int) af.getSampleRate() + " Hz " + channels + "-channel "
                    + format.bits() + "-bit audio", e);
        }
        int frames = requestedBufferFrames;
        try {
            l.open(af, frames * af.getFrameSize());
        } catch (LineUnavailableException first) {
            int pow2 = Integer.highestOneBit(frames) == frames ? frames * 2 : Integer.highestOneBit(frames) * 2;
            try {
                l.open(af, pow2 * af.getFrameSize());
                log.warn("audio device refused a {}-frame buffer; using {} frames (set a power of two)", frames, pow2);
                frames = pow2;
            } catch (LineUnavailableException second) {
                throw new IOException(busy(device), first);
            }
        }
        bufferFrames = l.getBufferSize() / af.getFrameSize();
        bytes = new byte[maxBlockFrames * af.getFrameSize()];
        l.start();
        opened = device == null ? "default" : "[" + device.index() + "] " + device.name();
        line = l;
    }

    /**
     * The sentences a person reads in health and on the page; Java Sound's own text (the exception, kept as the
     * cause) is logged once beside the first.
     */
    private String card(JavaSoundDevices.Device device) {
        return device == null ? "the default sound card" : "sound card '" + device.name() + "'";
    }

    private String busy(JavaSoundDevices.Device device) {
        return card(device) + " is busy or gone (another program may be using it)";
    }

    @Override
    public boolean write(float[] interleaved, int frames) {
        SourceDataLine l = line;
        if (l == null) return false;
        int channels = l.getFormat().getChannels();
        int n = format.encode(interleaved, frames * channels, bytes);
        int written = 0;
        while (written < n) {
            int w = l.write(bytes, written, n - written);
            if (w <= 0) return false;   // closed or stopped under us: the device failed
            written += w;
        }
        return true;
    }

    @Override
    public boolean pacesItself() {
        return true;
    }

    @Override
    public int bufferFrames() {
        return bufferFrames;
    }

    @Override
    public void close() {
        SourceDataLine l = line;
        line = null;
        if (l != null) l.close();   // also makes a write blocked on a vanished device return
    }
}
