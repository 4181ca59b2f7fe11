package mrtbox.appliance.audio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Streams interleaved float audio into a RIFF/WAVE file: PCM 16/24/32-bit (format tag 1) or IEEE float (tag 3,
 * with the fact chunk non-PCM data needs). The header is written first with sizes patched on {@link #close}, so
 * an interrupted file is still readable up to its last write once closed. Not for the audio thread (disk I/O):
 * render writes directly; the live {@link WavFileSink} feeds it from a writer thread.
 */
public final class WavWriter implements AutoCloseable {
    private static final long MAX_DATA_BYTES = 0xFFFF_FFFFL - 64;

    private final Path path;
    private final FileChannel channel;
    private final SampleFormat format;
    private final int channels;
    private final int sampleRate;
    private final int headerBytes;
    private byte[] scratch = new byte[0];
    private long dataBytes;
    private boolean closed;

    public WavWriter(Path path, int sampleRate, int channels, SampleFormat format) throws IOException {
        this.path = path;
        this.format = format;
        this.channels = channels;
        this.sampleRate = sampleRate;
        this.channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
        ByteBuffer h = header(sampleRate, 0);
        this.headerBytes = h.remaining();
        writeFully(h, 0);
    }

    private ByteBuffer header(int sampleRate, long data) {
        boolean f = format.floating();
        int blockAlign = channels * format.bytesPerSample();
        ByteBuffer b = ByteBuffer.allocate(f ? 58 : 44).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        b.putInt((int) ((f ? 50 : 36) + data));
        b.put("WAVE".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        b.put("fmt ".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        b.putInt(f ? 18 : 16);
        b.putShort((short) (f ? 3 : 1));
        b.putShort((short) channels);
        b.putInt(sampleRate);
        b.putInt(sampleRate * blockAlign);
        b.putShort((short) blockAlign);
        b.putShort((short) format.bits());
        if (f) {
            b.putShort((short) 0);   // cbSize
            b.put("fact".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            b.putInt(4);
            b.putInt((int) (data / blockAlign));
        }
        b.put("data".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        b.putInt((int) data);
        return b.flip();
    }

    public void write(float[] interleaved, int frames) throws IOException {
        int samples = frames * channels;
        int bytes = samples * format.bytesPerSample();
        if (dataBytes + bytes > MAX_DATA_BYTES) throw new IOException(path + ": a WAV file cannot hold more than 4 GiB");
        if (scratch.length < bytes) scratch = new byte[bytes];
        format.encode(interleaved, samples, scratch);
        writeFully(ByteBuffer.wrap(scratch, 0, bytes), headerBytes + dataBytes);
        dataBytes += bytes;
    }

    public long framesWritten() {
        return dataBytes / ((long) channels * format.bytesPerSample());
    }

    private void writeFully(ByteBuffer b, long position) throws IOException {
        while (b.hasRemaining()) position += channel.write(b, position);
    }

    @Override
    public void close() throws IOException {
        if (closed) return;
        closed = true;
        try {
            writeFully(header(sampleRate, dataBytes), 0);
            channel.force(true);
        } finally {
            channel.close();
        }
    }
}
