package mrtbox.inference.codec;

import java.util.List;
import java.util.Map;
import mrtbox.inference.weights.FloatTensor;

/**
 * A deliberately plain, loop-by-loop SpectroStream encoder for the tests, written from the reference semantics
 * (SL layer mode) independently of the TF graph: O(n^2) DFT, convs with explicit semicausal/"same-like" padding
 * and stride, AvgPool shortcut, ParallelChannels as a loop over channel groups, output convs. Double precision.
 */
final class LoopSpectroStreamEncoder {
    private final SpectroStreamConfig c;
    private final Map<String, FloatTensor> w;

    LoopSpectroStreamEncoder(SpectroStreamEncoderWeights weights) {
        this.c = weights.config();
        this.w = weights.all();
    }

    /** Direct DFT STFT: [frames4][bins][2 * ch] with (ch.re, ch.im) pairs; frame i = samples [hop i, hop i + fft), zeros past the end. */
    static double[][][] stft(float[] interleaved, int channels, int frames4, int fft, int hop) {
        int bins = fft / 2;
        int n = interleaved.length / channels;
        double[][][] out = new double[frames4][bins][2 * channels];
        for (int i = 0; i < frames4; i++) {
            for (int ch = 0; ch < channels; ch++) {
                for (int k = 0; k < bins; k++) {
                    double re = 0, im = 0;
                    for (int m = 0; m < fft; m++) {
                        int s = hop * i + m;
                        double x = s < n ? interleaved[s * channels + ch] : 0;
                        double wx = (0.5 - 0.5 * Math.cos(2 * Math.PI * m / fft)) * x;
                        double ph = 2 * Math.PI * k * m / fft;
                        re += wx * Math.cos(ph);
                        im -= wx * Math.sin(ph);
                    }
                    out[i][k][2 * ch] = re;
                    out[i][k][2 * ch + 1] = im;
                }
            }
        }
        return out;
    }

    /** Latent [frames][latentDim] of audio padded to whole frames. */
    double[][] encode(float[] interleaved) {
        int spf = c.samplesPerFrame();
        int frames = (interleaved.length / c.audioChannels + spf - 1) / spf;
        double[][][] spec = stft(interleaved, c.audioChannels, frames * c.timeStride(), c.fftLength, c.frameStep);
        int per = c.numChannels / c.channelSplits;
        List<SpectroStreamConfig.EncoderBlock> blocks = c.encoderBlocks();
        double[][][][] groups = new double[c.channelSplits][][][];
        for (int g = 0; g < c.channelSplits; g++) {
            double[][][] x = slice(spec, g * per, per);
            x = conv(x, "base_conv_first", 1, 1);
            for (SpectroStreamConfig.EncoderBlock b : blocks) if (b.grouped()) x = unit(x, b);
            groups[g] = x;
        }
        double[][][] h = concat(groups);
        for (SpectroStreamConfig.EncoderBlock b : blocks) if (!b.grouped()) h = unit(h, b);
        double[][][] flat = new double[h.length][1][];
        for (int t = 0; t < h.length; t++) {
            int f = h[t].length, ch = h[t][0].length;
            flat[t][0] = new double[f * ch];
            for (int q = 0; q < f; q++) System.arraycopy(h[t][q], 0, flat[t][0], q * ch, ch);
        }
        double[][][] main = conv(flat, "output_convs/conv1x1_last", 1, 1);
        double[][][] sc = conv(elu(conv(elu(flat), "output_convs/shortcut_layer/conv1x1_b1", 1, 1)), "output_convs/shortcut_layer/conv1x1_b2", 1, 1);
        double[][] out = new double[h.length][];
        for (int t = 0; t < h.length; t++) {
            out[t] = new double[c.latentDim];
            for (int d = 0; d < c.latentDim; d++) out[t][d] = main[t][0][d] + sc[t][0][d];
        }
        return out;
    }

    double[][][] unit(double[][][] x, SpectroStreamConfig.EncoderBlock b) {
        double[][][] body = conv(elu(x), b.name() + "/conv2d_3x3", 1, 1);
        body = conv(elu(body), b.name() + "/" + b.stridedConv(), b.strideTime(), b.strideFreq());
        double[][][] sc = b.strided() ? avgPool(x, b.strideTime(), b.strideFreq()) : x;
        if (b.inChannels() != b.outChannels()) sc = conv(sc, b.name() + "/shortcut_layer/conv1x1", 1, 1);
        return add(body, sc);
    }

    /** out[j][q][o] = bias[o] + sum x[j st + a - (kt - st)][q sf + b - pf/2][i] K[a][b][i][o], zeros outside x. */
    double[][][] conv(double[][][] x, String path, int st, int sf) {
        FloatTensor kt = w.get(path + "/conv/kernel");
        float[] k = kt.toArray();
        float[] bias = w.get(path + "/conv/bias").toArray();
        int kh = (int) kt.shape()[0], kw = (int) kt.shape()[1], ci = (int) kt.shape()[2], co = (int) kt.shape()[3];
        int T = x.length, F = x[0].length;
        if (x[0][0].length != ci) throw new IllegalStateException(path + ": " + x[0][0].length + " channels in, kernel wants " + ci);
        int padT = Math.max(kh - st, 0);
        int padRightT = kh - 1 - padT;
        int pf = Math.max(kw - sf, 0);
        int padF = pf / 2;
        int outT = (T + padT + padRightT - kh) / st + 1;
        int outF = (F + pf - kw) / sf + 1;
        double[][][] y = new double[outT][outF][co];
        for (int j = 0; j < outT; j++)
            for (int q = 0; q < outF; q++) {
                double[] acc = y[j][q];
                for (int o = 0; o < co; o++) acc[o] = bias[o];
                for (int a = 0; a < kh; a++) {
                    int tt = j * st + a - padT;
                    if (tt < 0 || tt >= T) continue;
                    for (int bb = 0; bb < kw; bb++) {
                        int ff = q * sf + bb - padF;
                        if (ff < 0 || ff >= F) continue;
                        for (int i = 0; i < ci; i++) {
                            double v = x[tt][ff][i];
                            int base = ((a * kw + bb) * ci + i) * co;
                            for (int o = 0; o < co; o++) acc[o] += v * k[base + o];
                        }
                    }
                }
            }
        return y;
    }

    /** Mean of each (st, sf) window; time padded at the end with zeros that count; freq valid. */
    static double[][][] avgPool(double[][][] x, int st, int sf) {
        int T = x.length, F = x[0].length, C = x[0][0].length;
        int outT = (T + st - 1 - st) / st + 1, outF = (F - sf) / sf + 1;
        double[][][] y = new double[outT][outF][C];
        for (int j = 0; j < outT; j++)
            for (int q = 0; q < outF; q++)
                for (int cc = 0; cc < C; cc++) {
                    double s = 0;
                    for (int a = 0; a < st; a++)
                        for (int b = 0; b < sf; b++) if (j * st + a < T) s += x[j * st + a][q * sf + b][cc];
                    y[j][q][cc] = s / (st * sf);
                }
        return y;
    }

    static double[][][] elu(double[][][] x) {
        double[][][] y = new double[x.length][x[0].length][x[0][0].length];
        for (int t = 0; t < x.length; t++)
            for (int f = 0; f < x[0].length; f++)
                for (int cc = 0; cc < x[0][0].length; cc++) {
                    double v = x[t][f][cc];
                    y[t][f][cc] = v > 0 ? v : Math.expm1(v);
                }
        return y;
    }

    static double[][][] add(double[][][] a, double[][][] b) {
        double[][][] y = new double[a.length][a[0].length][a[0][0].length];
        for (int t = 0; t < a.length; t++)
            for (int f = 0; f < a[0].length; f++)
                for (int cc = 0; cc < a[0][0].length; cc++) y[t][f][cc] = a[t][f][cc] + b[t][f][cc];
        return y;
    }

    static double[][][] slice(double[][][] x, int from, int n) {
        double[][][] y = new double[x.length][x[0].length][n];
        for (int t = 0; t < x.length; t++)
            for (int f = 0; f < x[0].length; f++) System.arraycopy(x[t][f], from, y[t][f], 0, n);
        return y;
    }

    static double[][][] concat(double[][][][] groups) {
        int C = groups[0][0][0].length;
        double[][][] y = new double[groups[0].length][groups[0][0].length][C * groups.length];
        for (int g = 0; g < groups.length; g++)
            for (int t = 0; t < y.length; t++)
                for (int f = 0; f < y[0].length; f++) System.arraycopy(groups[g][t][f], 0, y[t][f], g * C, C);
        return y;
    }
}
