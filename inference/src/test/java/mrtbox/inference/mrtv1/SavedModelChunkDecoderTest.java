package mrtbox.inference.mrtv1;

import org.junit.jupiter.api.Timeout;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import mrtbox.inference.codec.SpectroStreamConfig;
import mrtbox.inference.codec.SpectroStreamWeights;
import mrtbox.inference.codec.savedmodel.SavedModelSpectroStreamDecoder;
import mrtbox.inference.codec.savedmodel.StandInCodecExport;
import mrtbox.inference.model.StepControls;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * tiny-v1 (real LLM code, seeded random weights) playing chunks through the SavedModel codec: every output sample is
 * checked against the chunk's 51 frames decoded by hand (sum of 16 codebook levels, times the stand-in's linear
 * kernel) and crossfaded as the spec says.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)   // TensorFlow: a hung session must not stall the build
class SavedModelChunkDecoderTest {

    @Test
    void tinyV1PlaysChunksThroughTheSavedModelCodecExactlyAsDecodedByHand(@TempDir Path dir) throws Exception {
        StandInCodecExport.Written codec = new StandInCodecExport().dim(8).levels(16).seed(4).write(dir.resolve("ssv2_48k_stereo"));
        ChunkDecoder decoder = MrtV1Models.chunkDecoder(codec.dir());
        assertInstanceOf(SavedModelChunkDecoder.class, decoder, "the release layout gets the SavedModel codec");
        try (MrtV1ChunkModel model = MrtV1Models.tiny(3, decoder)) {
            model.reset(17);
            ChunkCrossfade expectFade = new ChunkCrossfade();
            int[] previousLast = new int[16]; // the empty context decodes as code 0
            float[] out = new float[96_000 * 2];
            float[] expected = new float[96_000 * 2];
            for (int chunk = 0; chunk < 2; chunk++) {
                model.step(new StepControls(null, null, 1.1f, 40, 5f, null, Map.of()), out);
                int[][] codes = ContextTokens.codesOf(model.lastIds());
                int[][] frames = new int[51][];
                frames[0] = previousLast;
                System.arraycopy(codes, 0, frames, 1, 50);
                expectFade.apply(handDecode(codec, frames), expected);
                assertArrayEquals(expected, out, 3e-5f, "chunk " + chunk);
                assertTrue(rms(out) > 1e-4, "sound, not silence");
                previousLast = codes[49];
            }
        }
    }

    @Test
    void theSafetensorsLayoutStillGetsTheJavaGraphDecoder(@TempDir Path dir) throws Exception {
        SpectroStreamWeights.random(SpectroStreamConfig.tiny(), 5).write(dir);
        try (ChunkDecoder d = MrtV1Models.chunkDecoder(dir)) {
            assertInstanceOf(CodecChunkDecoder.class, d);
            assertEquals(51 * 1920 * 2, d.decode(new int[51][16]).length);
        }
    }

    @Test
    void aCodecWithAnotherFrameSizeIsRefused(@TempDir Path dir) throws Exception {
        new StandInCodecExport().dim(4).levels(16).samplesPerFrame(960).write(dir);
        try (SavedModelSpectroStreamDecoder dec = SavedModelSpectroStreamDecoder.load(dir,
                mrtbox.inference.codec.savedmodel.SavedModelCodecOptions.builder().frames(48_000, 960).build())) {
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> new SavedModelChunkDecoder(dec));
            assertTrue(e.getMessage().contains("1920 samples per codec frame, the codec has 960"), e.getMessage());
        }
    }

    private static float[] handDecode(StandInCodecExport.Written w, int[][] frames) {
        int cols = 2 * w.samplesPerFrame();
        float[] out = new float[frames.length * cols];
        for (int s = 0; s < frames.length; s++) {
            double[] e = new double[w.dim()];
            for (int k = 0; k < 16; k++) for (int d = 0; d < w.dim(); d++) e[d] += w.code(k, frames[s][k], d);
            for (int j = 0; j < cols; j++) {
                double v = 0;
                for (int d = 0; d < w.dim(); d++) v += e[d] * w.kernel()[d * cols + j];
                out[s * cols + j] = (float) v;
            }
        }
        return out;
    }

    private static double rms(float[] a) {
        double s = 0;
        for (float v : a) s += v * (double) v;
        return Math.sqrt(s / a.length);
    }
}
