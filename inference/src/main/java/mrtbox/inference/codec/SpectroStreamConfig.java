package mrtbox.inference.codec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * SpectroStream hyperparameters ({@code stft_spectrostream_40ms_generic_48khz_stereo_config}); the defaults are the
 * released codec's. Reduced configs (fewer channels, a smaller latent) run the same code, so golden cases and the
 * built-in tiny models exercise every structural element. Immutable; build with {@link #builder()}.
 *
 * <p>Derived decoder layout ({@link #decoderBlocks()}): decoder block j mirrors encoder block i = n-1-j and upsamples
 * by {@code ratios[i]}; its output has {@code base * prod(mults[0..i))} channels and its input {@code mults[i]} times
 * that. Blocks with {@code i <= n+channelRecomboBlock} run per channel group with shared weights; the last block
 * before the groups emits {@code channelSplits} times its width (one slice per group).
 */
public final class SpectroStreamConfig {
    public final int sampleRate;
    public final int audioChannels;
    public final int latentDim;
    public final int numQuantizers;
    public final int codebookSize;
    public final int baseChannels;
    public final int encoderBaseChannels;
    public final int baseConvSize;
    private final int[][] ratios; // (time, freq), encoder order
    private final int[] mults;
    public final int numBins;
    public final int numChannels;
    public final int channelSplits;
    public final int channelRecomboBlock;
    public final int lookahead;
    public final int frameLength;
    public final int frameStep;
    public final int fftLength;

    /** One transposed residual unit of the decoder. */
    public record DecoderBlock(int index, int strideTime, int strideFreq, int inChannels, int outChannels, boolean grouped) {
        public int kernelTime() {
            return Math.max(3, 2 * strideTime);
        }

        public int kernelFreq() {
            return Math.max(3, 2 * strideFreq);
        }

        public String name() {
            return "decoder_" + index;
        }
    }

    /**
     * One strided residual unit of the encoder ({@code encoder_0..n-1}, then {@code bottleneck} with stride 1):
     * body ELU, 3x3 (in -> in), ELU, {@code conv2d_<kt>x<kf>_a} (in -> out, stride); shortcut AvgPool(stride) if
     * strided, then a 1x1 conv if the widths differ. {@code binsIn} is the frequency size it reads.
     */
    public record EncoderBlock(String name, int strideTime, int strideFreq, int inChannels, int outChannels, int binsIn, boolean grouped) {
        public int kernelTime() {
            return Math.max(3, 2 * strideTime);
        }

        public int kernelFreq() {
            return Math.max(3, 2 * strideFreq);
        }

        public boolean strided() {
            return strideTime != 1 || strideFreq != 1;
        }

        /** The strided conv's name, e.g. {@code conv2d_3x4_a}. */
        public String stridedConv() {
            return "conv2d_" + kernelTime() + "x" + kernelFreq() + "_a";
        }
    }

    private SpectroStreamConfig(Builder b) {
        sampleRate = b.sampleRate;
        audioChannels = b.audioChannels;
        latentDim = b.latentDim;
        numQuantizers = b.numQuantizers;
        codebookSize = b.codebookSize;
        baseChannels = b.baseChannels;
        encoderBaseChannels = b.encoderBaseChannels;
        baseConvSize = b.baseConvSize;
        ratios = Arrays.stream(b.ratios).map(int[]::clone).toArray(int[][]::new);
        mults = b.mults.clone();
        numBins = b.numBins;
        numChannels = b.numChannels;
        channelSplits = b.channelSplits;
        channelRecomboBlock = b.channelRecomboBlock;
        lookahead = b.lookahead;
        frameLength = b.frameLength;
        frameStep = b.frameStep;
        fftLength = b.fftLength;
        validate();
    }

    private void validate() {
        if (ratios.length != mults.length || ratios.length == 0) {
            throw new IllegalArgumentException("ratios and mults must have the same, non-zero length");
        }
        if (numBins % freqStride() != 0) throw new IllegalArgumentException(numBins + " bins not divisible by the freq stride " + freqStride());
        if (numChannels % channelSplits != 0 || numChannels != 2 * audioChannels) {
            throw new IllegalArgumentException("num_channels " + numChannels + " must be (re, im) per audio channel and split evenly");
        }
        if (frameLength != fftLength || fftLength != 2 * frameStep || numBins != fftLength / 2) {
            throw new IllegalArgumentException("only frame_length = fft_length = 2 * frame_step with fft/2 kept bins is supported");
        }
        int lastGrouped = lastGroupedBlock();
        if (lastGrouped < 0 || lastGrouped > ratios.length - 2) {
            throw new IllegalArgumentException("channel_recombo_block " + channelRecomboBlock + " outside the " + ratios.length + " blocks");
        }
        if (encoderBaseChannels < 1 || baseChannels < 1) throw new IllegalArgumentException("base widths must be positive");
        for (int[] r : ratios) {
            if (r.length != 2 || r[0] < 1 || r[1] < 1) throw new IllegalArgumentException("bad ratio " + Arrays.toString(r));
        }
    }

    /** The released codec. */
    public static SpectroStreamConfig real() {
        return builder().build();
    }

    /** A reduced config for the built-in tiny models: every structural element, a few channels. */
    public static SpectroStreamConfig tiny() {
        return builder().latentDim(16).baseChannels(4).encoderBaseChannels(2).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Reads the keys of the golden cases' {@code decoder_config} (snake_case); absent keys keep the defaults. */
    public static SpectroStreamConfig fromJson(JsonNode c) {
        Builder b = builder();
        if (c.has("latent_dim")) b.latentDim(c.get("latent_dim").asInt());
        if (c.has("num_quantizers")) b.numQuantizers(c.get("num_quantizers").asInt());
        if (c.has("codebook_size")) b.codebookSize(c.get("codebook_size").asInt());
        if (c.has("base_channels")) b.baseChannels(c.get("base_channels").asInt());
        if (c.has("encoder_base_channels")) b.encoderBaseChannels(c.get("encoder_base_channels").asInt());
        if (c.has("base_conv_size")) b.baseConvSize(c.get("base_conv_size").asInt());
        if (c.has("ratios")) {
            int[][] r = new int[c.get("ratios").size()][];
            for (int i = 0; i < r.length; i++) r[i] = new int[] {c.get("ratios").get(i).get(0).asInt(), c.get("ratios").get(i).get(1).asInt()};
            b.ratios(r);
        }
        if (c.has("mults")) {
            int[] m = new int[c.get("mults").size()];
            for (int i = 0; i < m.length; i++) m[i] = c.get("mults").get(i).asInt();
            b.mults(m);
        }
        if (c.has("num_bins")) b.numBins(c.get("num_bins").asInt());
        if (c.has("num_channels")) b.numChannels(c.get("num_channels").asInt());
        if (c.has("channel_splits")) b.channelSplits(c.get("channel_splits").asInt());
        if (c.has("channel_recombo_block")) b.channelRecomboBlock(c.get("channel_recombo_block").asInt());
        if (c.has("lookahead")) b.lookahead(c.get("lookahead").asInt());
        if (c.has("frame_length")) b.frameLength(c.get("frame_length").asInt());
        if (c.has("frame_step")) b.frameStep(c.get("frame_step").asInt());
        if (c.has("fft_length")) b.fftLength(c.get("fft_length").asInt());
        if (c.has("sample_rate")) b.sampleRate(c.get("sample_rate").asInt());
        return b.build();
    }

    public int[][] ratios() {
        return Arrays.stream(ratios).map(int[]::clone).toArray(int[][]::new);
    }

    public int[] mults() {
        return mults.clone();
    }

    public int timeStride() {
        int s = 1;
        for (int[] r : ratios) s *= r[0];
        return s;
    }

    public int freqStride() {
        int s = 1;
        for (int[] r : ratios) s *= r[1];
        return s;
    }

    /** Frequency bins at the bottom of the decoder (480 / 96 = 5). */
    public int bottomBins() {
        return numBins / freqStride();
    }

    /** Channels of the decoder core before the first upsampling block (base * prod(mults) = 512). */
    public int coreChannels() {
        int c = baseChannels;
        for (int m : mults) c *= m;
        return c;
    }

    public int stftFramesPerCodecFrame() {
        return timeStride();
    }

    public int samplesPerFrame() {
        return timeStride() * frameStep;
    }

    public int lookaheadStftFrames() {
        return lookahead * timeStride();
    }

    /** Encoder-order index of the last block inside the channel groups (Python index -2 = block 5 of 7). */
    int lastGroupedBlock() {
        return ratios.length + channelRecomboBlock;
    }

    public List<DecoderBlock> decoderBlocks() {
        int n = ratios.length;
        int lastGrouped = lastGroupedBlock(); // encoder blocks 0..lastGrouped are grouped
        List<DecoderBlock> out = new ArrayList<>();
        for (int j = 0; j < n; j++) {
            int i = n - 1 - j;
            int outCh = baseChannels;
            for (int k = 0; k < i; k++) outCh *= mults[k];
            int inCh = outCh * mults[i];
            boolean grouped = i <= lastGrouped;
            if (!grouped && i - 1 == lastGrouped) outCh *= channelSplits;
            out.add(new DecoderBlock(j, ratios[i][0], ratios[i][1], inCh, outCh, grouped));
        }
        return out;
    }

    /**
     * The encoder layout, mirroring {@code spectrostream_encoder_config}: widths start at the encoder base and
     * grow by {@code mults}; blocks before the recombo block run per channel group (shared weights), the recombo
     * block reads {@code channelSplits} groups concatenated; the stride-1 {@code bottleneck} comes last.
     */
    public List<EncoderBlock> encoderBlocks() {
        int n = ratios.length;
        int recombo = lastGroupedBlock() + 1; // the first block outside the groups
        List<EncoderBlock> out = new ArrayList<>();
        int in = encoderBaseChannels;
        int width = encoderBaseChannels;
        int bins = numBins;
        for (int i = 0; i < n; i++) {
            if (i == recombo) in *= channelSplits;
            width = width * mults[i];
            out.add(new EncoderBlock("encoder_" + i, ratios[i][0], ratios[i][1], in, width, bins, i < recombo));
            bins /= ratios[i][1];
            in = width;
        }
        out.add(new EncoderBlock("bottleneck", 1, 1, in, width, bins, false));
        return out;
    }

    /** Width of the encoder's last blocks (256): channels per bin fed to the output convs. */
    public int encoderTopChannels() {
        return encoderBlocks().get(ratios.length).outChannels();
    }

    /** The snake_case JSON {@link #fromJson} reads (stored as {@code __metadata__["config"]} in written files). */
    public String toJson() {
        StringBuilder r = new StringBuilder("[");
        for (int i = 0; i < ratios.length; i++) r.append(i == 0 ? "" : ", ").append("[").append(ratios[i][0]).append(", ").append(ratios[i][1]).append("]");
        r.append("]");
        return "{\"latent_dim\": " + latentDim + ", \"num_quantizers\": " + numQuantizers + ", \"codebook_size\": " + codebookSize
                + ", \"base_channels\": " + baseChannels + ", \"encoder_base_channels\": " + encoderBaseChannels + ", \"base_conv_size\": " + baseConvSize + ", \"ratios\": " + r
                + ", \"mults\": " + Arrays.toString(mults) + ", \"num_bins\": " + numBins + ", \"num_channels\": " + numChannels
                + ", \"channel_splits\": " + channelSplits + ", \"channel_recombo_block\": " + channelRecomboBlock
                + ", \"lookahead\": " + lookahead + ", \"frame_length\": " + frameLength + ", \"frame_step\": " + frameStep
                + ", \"fft_length\": " + fftLength + ", \"sample_rate\": " + sampleRate + "}";
    }

    public CodecInfo info() {
        return new CodecInfo(sampleRate, audioChannels, samplesPerFrame(), numQuantizers, codebookSize, latentDim, lookahead);
    }

    @Override
    public String toString() {
        return "SpectroStreamConfig[latent " + latentDim + ", base " + baseChannels + ", core " + coreChannels() + ", ratios "
                + Arrays.deepToString(ratios) + ", mults " + Arrays.toString(mults) + ", " + numQuantizers + "x" + codebookSize + " RVQ]";
    }

    public static final class Builder {
        private int sampleRate = 48000;
        private int audioChannels = 2;
        private int latentDim = 256;
        private int numQuantizers = 64;
        private int codebookSize = 1024;
        private int baseChannels = 64;
        private int encoderBaseChannels = 32;
        private int baseConvSize = 7;
        private int[][] ratios = {{1, 2}, {1, 2}, {1, 3}, {1, 2}, {1, 2}, {2, 2}, {2, 1}};
        private int[] mults = {2, 1, 2, 1, 1, 2, 1};
        private int numBins = 480;
        private int numChannels = 4;
        private int channelSplits = 2;
        private int channelRecomboBlock = -2;
        private int lookahead = 1;
        private int frameLength = 960;
        private int frameStep = 480;
        private int fftLength = 960;

        private Builder() {}

        public Builder sampleRate(int v) { sampleRate = v; return this; }
        public Builder latentDim(int v) { latentDim = v; return this; }
        public Builder numQuantizers(int v) { numQuantizers = v; return this; }
        public Builder codebookSize(int v) { codebookSize = v; return this; }
        public Builder baseChannels(int v) { baseChannels = v; return this; }
        public Builder encoderBaseChannels(int v) { encoderBaseChannels = v; return this; }
        public Builder baseConvSize(int v) { baseConvSize = v; return this; }
        public Builder ratios(int[][] v) { ratios = Arrays.stream(v).map(int[]::clone).toArray(int[][]::new); return this; }
        public Builder mults(int[] v) { mults = v.clone(); return this; }
        public Builder numBins(int v) { numBins = v; return this; }
        public Builder numChannels(int v) { numChannels = v; return this; }
        public Builder channelSplits(int v) { channelSplits = v; return this; }
        public Builder channelRecomboBlock(int v) { channelRecomboBlock = v; return this; }
        public Builder lookahead(int v) { lookahead = v; return this; }
        public Builder frameLength(int v) { frameLength = v; return this; }
        public Builder frameStep(int v) { frameStep = v; return this; }
        public Builder fftLength(int v) { fftLength = v; return this; }

        public SpectroStreamConfig build() {
            return new SpectroStreamConfig(this);
        }
    }
}
