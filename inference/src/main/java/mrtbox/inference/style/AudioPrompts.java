package mrtbox.inference.style;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
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
 * Audio prompts as MusicCoCa's reference prepares them: decode the file (WAV, AIFF, AU: what Java Sound reads),
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
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file));
             AudioInputStream in = AudioSystem.getAudioInputStream(raw)) {
            AudioFormat f = in.getFormat();
            byte[] bytes = in.readAllBytes();
            float[] mono = toMono(bytes, f, file);
            if (mono.length == 0) throw new IOException(file + ": the audio file holds no samples");
            return BandLimitedResampler.resample(mono, Math.round(f.getSampleRate()), targetRate);
        } catch (UnsupportedAudioFileException e) {
            throw new IOException(file + ": not an audio file Java Sound can read (WAV, AIFF or AU expected)");
        }
    }

    /**
     * A file as interleaved stereo at {@code targetRate} (for the codec's encoder): mono is duplicated to both
     * channels, stereo kept, each channel resampled with {@link BandLimitedResampler}. More than two channels is
     * refused (which two to keep is the user's choice, not ours).
     */
    public static float[] loadStereo(Path file, int targetRate) throws IOException {
        if (!Files.isRegularFile(file)) throw new NoSuchFileException(file.toString(), null, "no such audio file");
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file));
             AudioInputStream in = AudioSystem.getAudioInputStream(raw)) {
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
        } catch (UnsupportedAudioFileException e) {
            throw new IOException(file + ": not an audio file Java Sound can read (WAV, AIFF or AU expected)");
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
