package mrtbox.inference.style;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/**
 * Audio prompts as MusicCoCa's reference prepares them: decode the file (WAV, AIFF and AU with Java Sound itself;
 * FLAC, Ogg Vorbis and MP3 through the Java Sound service providers on the class path: jflac, vorbisspi, mp3spi),
 * average the channels to mono, resample to the model's rate with {@link BandLimitedResampler}, cut into
 * clips of the model's length with hop = clip length, the last one zero-padded. Files that are not audio or
 * hold no samples get a message that says so.
 */
public final class AudioPrompts {
    private AudioPrompts() {}

    /** A file's style embedding: mono at the clip rate, cut into clips (last one zero-padded), mean of the clips' embeddings. */
    public static float[] embed(StyleEmbedder embedder, Path file) throws IOException {
        float[] mono = loadMono(file, embedder.clipSampleRate());
        List<float[]> clips = clips(mono, embedder.clipSamples());
        float[] sum = new float[embedder.dim()];
        for (float[] clip : clips) {
            float[] e = embedder.embedAudioClip(clip);
            if (e.length != sum.length) throw new IOException("the style model returned " + e.length + " values, expected " + sum.length);
            for (int d = 0; d < sum.length; d++) sum[d] += e[d];
        }
        for (int d = 0; d < sum.length; d++) sum[d] /= clips.size();
        return sum;
    }

    public static float[] loadMono(Path file, int targetRate) throws IOException {
        if (!Files.isRegularFile(file)) throw new NoSuchFileException(file.toString(), null, "no such audio file");
        try (AudioInputStream in = openPcm(file)) {
            AudioFormat f = in.getFormat();
            byte[] bytes = in.readAllBytes();
            float[] mono = toMono(bytes, f, file);
            if (mono.length == 0) throw new IOException(file + ": the audio file holds no samples");
            return BandLimitedResampler.resample(mono, Math.round(f.getSampleRate()), targetRate);
        } catch (RuntimeException | IOException e) {   // a decoder that trips over damaged data
            throw damaged(file, e);
        }
    }

    /**
     * A file as interleaved stereo at {@code targetRate} (for the codec's encoder): mono is duplicated to both
     * channels, stereo kept, each channel resampled with {@link BandLimitedResampler}. More than two channels is
     * refused (which two to keep is the user's choice, not ours).
     */
    public static float[] loadStereo(Path file, int targetRate) throws IOException {
        if (!Files.isRegularFile(file)) throw new NoSuchFileException(file.toString(), null, "no such audio file");
        try (AudioInputStream in = openPcm(file)) {
            AudioFormat f = in.getFormat();
            int ch = f.getChannels();
            if (ch != 1 && ch != 2) throw new IOException(file + ": " + ch + " channels; mono or stereo expected");
            float[] mono = toMono(in.readAllBytes(), new AudioFormat(f.getEncoding(), f.getSampleRate(), f.getSampleSizeInBits(),
                    1, f.getFrameSize() / ch, f.getFrameRate() * ch, f.isBigEndian()), file);
            // read as mono frames of one channel each: de-interleave, then resample each channel
            int frames = mono.length / ch;
            if (frames == 0) throw new IOException(file + ": the audio file holds no samples");
            int rate = Math.round(f.getSampleRate());
            float[][] chans = new float[2][];
            for (int c = 0; c < ch; c++) {
                float[] x = new float[frames];
                for (int i = 0; i < frames; i++) x[i] = mono[i * ch + c];
                chans[c] = BandLimitedResampler.resample(x, rate, targetRate);
            }
            if (ch == 1) chans[1] = chans[0];
            float[] out = new float[chans[0].length * 2];
            for (int i = 0; i < chans[0].length; i++) {
                out[2 * i] = chans[0][i];
                out[2 * i + 1] = chans[1][i];
            }
            return out;
        } catch (RuntimeException | IOException e) {
            throw damaged(file, e);
        }
    }

    /** Our own messages (they name the file) pass; a decoder's exception becomes one that names the file. */
    private static IOException damaged(Path file, Exception e) {
        if (e instanceof IOException io && io.getMessage() != null && io.getMessage().startsWith(file.toString())) return io;
        return new IOException(file + ": damaged audio file (" + e + ")", e);
    }

    /** The audio formats {@link #loadMono} and {@link #loadStereo} decode, as the messages name them. */
    public static final String FORMATS = "WAV, AIFF, AU, FLAC, Ogg Vorbis or MP3";

    /**
     * The file as a PCM stream: PCM as it is, a compressed encoding (FLAC, Vorbis, MPEG) converted to 16-bit signed
     * PCM by its service provider. Opened from the file, not a stream, so each reader sees the start of the file.
     */
    static AudioInputStream openPcm(Path file) throws IOException {
        AudioInputStream in;
        try {
            in = AudioSystem.getAudioInputStream(file.toFile());
        } catch (UnsupportedAudioFileException e) {
            throw new IOException(file + ": not an audio file that can be decoded (" + FORMATS + " expected)");
        } catch (RuntimeException e) {   // a provider that trips over a damaged header
            throw new IOException(file + ": damaged audio file (" + e + ")");
        }
        AudioFormat f = in.getFormat();
        AudioFormat.Encoding enc = f.getEncoding();
        if (enc.equals(AudioFormat.Encoding.PCM_SIGNED) || enc.equals(AudioFormat.Encoding.PCM_UNSIGNED)
                || enc.equals(AudioFormat.Encoding.PCM_FLOAT)) {
            return in;
        }
        AudioFormat pcm = new AudioFormat(AudioFormat.Encoding.PCM_SIGNED, f.getSampleRate(), 16, f.getChannels(),
                2 * f.getChannels(), f.getSampleRate(), false);
        try {
            return AudioSystem.getAudioInputStream(pcm, in);
        } catch (IllegalArgumentException e) {
            in.close();
            throw new IOException(file + ": no decoder for " + enc + " audio (" + FORMATS + " expected)");
        }
    }

    static float[] toMono(byte[] b, AudioFormat f, Path file) throws IOException {
        int ch = f.getChannels();
        int bits = f.getSampleSizeInBits();
        int bytesPerSample = (bits + 7) / 8;
        int frameSize = ch * bytesPerSample;
        AudioFormat.Encoding enc = f.getEncoding();
        boolean pcmSigned = enc.equals(AudioFormat.Encoding.PCM_SIGNED);
        boolean pcmUnsigned = enc.equals(AudioFormat.Encoding.PCM_UNSIGNED);
        boolean pcmFloat = enc.equals(AudioFormat.Encoding.PCM_FLOAT);
        if (!(pcmSigned || pcmUnsigned || pcmFloat) || ch <= 0 || bytesPerSample < 1 || bytesPerSample > 4
                || (pcmFloat && bits != 32) || f.getSampleRate() <= 0) {
            throw new IOException(file + ": unsupported audio encoding " + f);
        }
        int frames = b.length / frameSize;
        float[] out = new float[frames];
        double full = Math.pow(2, bits - 1);
        for (int i = 0; i < frames; i++) {
            double acc = 0;
            for (int c = 0; c < ch; c++) {
                int off = i * frameSize + c * bytesPerSample;
                long v = 0;
                for (int k = 0; k < bytesPerSample; k++) {
                    int byteIdx = f.isBigEndian() ? off + k : off + bytesPerSample - 1 - k;
                    v = (v << 8) | (b[byteIdx] & 0xFF);
                }
                double s;
                if (pcmFloat) {
                    s = Float.intBitsToFloat((int) v);
                } else if (pcmSigned) {
                    long signBit = 1L << (bits - 1);
                    s = ((v ^ signBit) - signBit) / full;
                } else {
                    s = (v - full) / full;
                }
                acc += s;
            }
            out[i] = (float) (acc / ch);
        }
        return out;
    }

    /** Clips of {@code clipSamples}, hop = clip length; the last one (or a short file's only one) zero-padded. */
    public static List<float[]> clips(float[] mono, int clipSamples) throws IOException {
        if (mono.length == 0) throw new IOException("audio prompt holds no samples");
        List<float[]> out = new ArrayList<>();
        for (int start = 0; start < mono.length; start += clipSamples) {
            out.add(Arrays.copyOfRange(mono, start, start + clipSamples)); // copyOfRange pads with zeros
        }
        return out;
    }
}
