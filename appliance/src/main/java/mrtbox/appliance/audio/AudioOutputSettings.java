package mrtbox.appliance.audio;

import java.nio.file.Path;

/**
 * How the audio leaves the box. Immutable; {@link #builder()}. The lead maps {@code mrtbox.json}'s audio section
 * onto it (keys in the README's "Audio output" section).
 *
 * @param sink             JAVA_SOUND (a sound card), WAV (record to a file) or NULL (discard, clock-paced)
 * @param device           Java Sound device: empty/"default", an index or a name substring, as {@code mrtbox devices} prints
 * @param format           sample format: 16/24/32-bit integer (sound cards), or float too for WAV
 * @param bufferFrames     device buffer in frames (latency); default 2048 (43 ms at 48 kHz)
 * @param blockFrames      frames the audio thread renders per write; default 256 (5.3 ms)
 * @param wavPath          file for the WAV sink
 * @param realtimePriority SCHED_FIFO priority asked for the audio thread; 0 = do not ask; default 70
 * @param reopenMinMs      first wait before reopening a failed device; doubles up to {@code reopenMaxMs}
 * @param reopenMaxMs      longest wait between reopen attempts
 * @param insert           mixed into every block before the device (input monitoring, calibration clicks); default none
 */
public record AudioOutputSettings(Sink sink, String device, SampleFormat format, int bufferFrames, int blockFrames,
                                  Path wavPath, int realtimePriority, int reopenMinMs, int reopenMaxMs,
                                  OutputInsert insert) {

    public enum Sink { JAVA_SOUND, WAV, NULL }

    public static final AudioOutputSettings DEFAULTS = builder().build();

    public AudioOutputSettings {
        if (sink == null) throw new IllegalArgumentException("audio sink is required");
        device = device == null ? "" : device;
        if (format == null) throw new IllegalArgumentException("audio format is required");
        if (sink == Sink.JAVA_SOUND && format.floating()) {
            throw new IllegalArgumentException("audio format float is only for WAV files; sound cards take 16, 24 or 32");
        }
        if (sink == Sink.WAV && wavPath == null) throw new IllegalArgumentException("the WAV sink needs a file path");
        if (bufferFrames < 64 || bufferFrames > 1 << 18) throw new IllegalArgumentException("audio bufferFrames must be 64..262144, got " + bufferFrames);
        if (blockFrames < 16 || blockFrames > 8192) throw new IllegalArgumentException("audio blockFrames must be 16..8192, got " + blockFrames);
        if (realtimePriority < 0 || realtimePriority > 99) throw new IllegalArgumentException("realtimePriority must be 0..99, got " + realtimePriority);
        insert = insert == null ? OutputInsert.NONE : insert;
        if (reopenMinMs < 10 || reopenMaxMs < reopenMinMs) throw new IllegalArgumentException("reopen backoff must satisfy 10 <= min <= max");
    }

    public static Builder builder() {
        return new Builder();
    }

    /** These settings with {@code insert} mixed into the output. */
    public AudioOutputSettings withInsert(OutputInsert insert) {
        return new AudioOutputSettings(sink, device, format, bufferFrames, blockFrames, wavPath, realtimePriority,
                reopenMinMs, reopenMaxMs, insert);
    }

    /** The sink these settings describe, ready to open. */
    public AudioSink createSink() {
        return switch (sink) {
            case JAVA_SOUND -> new JavaSoundSink(device, format, bufferFrames);
            case WAV -> new WavFileSink(wavPath, format);
            case NULL -> new NullSink();
        };
    }

    public static final class Builder {
        private Sink sink = Sink.JAVA_SOUND;
        private String device = "";
        private SampleFormat format = SampleFormat.PCM24;
        private int bufferFrames = 2048;
        private int blockFrames = 256;
        private Path wavPath;
        private int realtimePriority = 70;
        private int reopenMinMs = 250;
        private int reopenMaxMs = 5000;
        private OutputInsert insert = OutputInsert.NONE;

        private Builder() {}

        public Builder sink(Sink v) { sink = v; return this; }
        public Builder device(String v) { device = v; return this; }
        public Builder format(SampleFormat v) { format = v; return this; }
        public Builder bufferFrames(int v) { bufferFrames = v; return this; }
        public Builder blockFrames(int v) { blockFrames = v; return this; }
        public Builder wavPath(Path v) { wavPath = v; return this; }
        public Builder realtimePriority(int v) { realtimePriority = v; return this; }
        public Builder reopenMinMs(int v) { reopenMinMs = v; return this; }
        public Builder reopenMaxMs(int v) { reopenMaxMs = v; return this; }
        public Builder insert(OutputInsert v) { insert = v; return this; }

        public AudioOutputSettings build() {
            return new AudioOutputSettings(sink, device, format, bufferFrames, blockFrames, wavPath, realtimePriority,
                    reopenMinMs, reopenMaxMs, insert);
        }
    }
}
