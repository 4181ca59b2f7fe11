package mrtbox.inference.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import mrtbox.inference.conformance.ConformanceCase;
import mrtbox.inference.conformance.ConformanceResult;
import mrtbox.inference.conformance.NpyArray;

/**
 * Golden cases of kind {@code spectrostream_decoder}: dequantized embeddings, streaming decode one frame per step
 * (float and int16 after {@link Mrt2OutputQuantizer}, first lookahead samples exactly 0), and whole-sequence decode.
 */
public final class SpectroStreamDecoderCase implements ConformanceCase {
    @Override
    public String kind() {
        return "spectrostream_decoder";
    }

    @Override
    public ConformanceResult run(Path caseDir, JsonNode config) throws Exception {
        JsonNode details = new ObjectMapper().readTree(caseDir.resolve(config.path("details").asText("case.json")).toFile());
        SpectroStreamConfig cfg = SpectroStreamConfig.fromJson(details.path("decoder_config"));
        double floatTol = details.path("tolerances").path("float_abs").asDouble(1e-4);
        int lsbTol = details.path("tolerances").path("int16_lsb").asInt(1);
        NpyArray codesNpy = NpyArray.read(caseDir.resolve("codes.npy"));
        int frames = codesNpy.dim(0), levels = codesNpy.dim(1);
        int[] flat = codesNpy.ints();
        int[][] codes = new int[frames][levels];
        for (int t = 0; t < frames; t++) System.arraycopy(flat, t * levels, codes[t], 0, levels);
        int spf = cfg.samplesPerFrame();

        try (SpectroStreamDecoder dec = SpectroStreamDecoder.load(cfg, caseDir.resolve("decoder.safetensors"),
                caseDir.resolve("quantizer.safetensors"))) {
            float[] emb = dec.dequantize(codes);
            float[] embExpected = NpyArray.read(caseDir.resolve("embeddings.npy")).expectShape(frames, cfg.latentDim).floats();
            double embErr = maxAbsDiff(emb, embExpected) / Math.max(1e-30, maxAbs(embExpected));

            dec.reset();
            float[] stream = new float[frames * spf * cfg.audioChannels];
            for (int t = 0; t < frames; t++) {
                float[] a = dec.step(new int[][] {codes[t]});
                System.arraycopy(a, 0, stream, t * a.length, a.length);
            }
            float[] streamExpected = NpyArray.read(caseDir.resolve("audio_stream_f32.npy")).expectShape(frames * spf, cfg.audioChannels).floats();
            double streamErr = maxAbsDiff(stream, streamExpected);
            int leadZero = cfg.lookahead * spf * cfg.audioChannels;
            boolean leadExact = true;
            for (int i = 0; i < leadZero; i++) leadExact &= stream[i] == 0f;

            int[] i16Expected = NpyArray.read(caseDir.resolve("audio_stream_i16.npy")).ints();
            short[] i16 = Mrt2OutputQuantizer.toInt16(stream);
            int maxLsb = 0, offByOne = 0;
            for (int i = 0; i < i16.length; i++) {
                int d = Math.abs(i16[i] - i16Expected[i]);
                maxLsb = Math.max(maxLsb, d);
                if (d != 0) offByOne++;
            }

            float[] whole = dec.decode(codes);
            float[] wholeExpected = NpyArray.read(caseDir.resolve("audio_layer_f32.npy"))
                    .expectShape((long) (frames - cfg.lookahead) * spf, cfg.audioChannels).floats();
            double wholeErr = maxAbsDiff(whole, wholeExpected);

            boolean ok = embErr <= 1e-4 && streamErr <= floatTol && leadExact && maxLsb <= lsbTol && wholeErr <= floatTol;
            String line = String.format("spectrostream_decoder %s: %d frames x %d levels, latent %d, base %d; embeddings rel %.1e; "
                            + "stream max|diff| %.2e (tol %.0e), first %d samples exactly 0: %s; int16 max %d LSB (%d of %d off); "
                            + "whole max|diff| %.2e",
                    caseDir.getFileName(), frames, levels, cfg.latentDim, cfg.baseChannels, embErr, streamErr, floatTol,
                    leadZero / cfg.audioChannels, leadExact ? "yes" : "NO", maxLsb, offByOne, i16.length, wholeErr);
            return ok ? ConformanceResult.pass(line) : ConformanceResult.fail(line);
        }
    }

    static double maxAbsDiff(float[] a, float[] b) {
        if (a.length != b.length) return Double.POSITIVE_INFINITY;
        double m = 0;
        for (int i = 0; i < a.length; i++) m = Math.max(m, Math.abs((double) a[i] - b[i]));
        return m;
    }

    static double maxAbs(float[] a) {
        double m = 0;
        for (float x : a) m = Math.max(m, Math.abs(x));
        return m;
    }
}
