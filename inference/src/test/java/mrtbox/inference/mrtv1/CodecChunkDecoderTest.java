package mrtbox.inference.mrtv1;

import org.junit.jupiter.api.Timeout;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import mrtbox.inference.codec.SpectroStreamDecoder;
import mrtbox.inference.model.StepControls;
import org.junit.jupiter.api.Test;

/** The chunk loop on the real (tiny) SpectroStream decoder: lengths, alignment, and tiny-v1 end to end. */
@Timeout(value = 300, unit = TimeUnit.SECONDS)   // TensorFlow: a hung session must not stall the build
class CodecChunkDecoderTest {

    @Test
    void decodesOneSampleBlockPerFrameAlignedWithTheWholeSequenceDecode() {
        SplittableRandom rnd = new SplittableRandom(3);
        int[][] frames = new int[51][16];
        for (int[] f : frames) for (int l = 0; l < 16; l++) f[l] = rnd.nextInt(1024);
        try (SpectroStreamDecoder codec = SpectroStreamDecoder.tiny(11);
             CodecChunkDecoder chunk = new CodecChunkDecoder(SpectroStreamDecoder.tiny(11))) {
            float[] out = chunk.decode(frames);
            assertEquals(51 * 1920 * 2, out.length, "one 1920-sample stereo block per codec frame");
            // Frames 0..49 have their real lookahead in both decodes, so those samples agree (to float rounding:
            // the whole decode runs in pieces of a few frames, and 51 vs 52 frames cut the last piece differently).
            float[] plain = codec.decode(frames);
            assertEquals(50 * 1920 * 2, plain.length);
            assertArrayEquals(plain, Arrays.copyOf(out, plain.length), 1e-6f);
            assertTrue(rms(out, plain.length, out.length) > 0, "the last frame's block is decoded, not left silent");
        }
    }

    @Test
    void tinyV1MakesTwoSecondsOfFiniteNonSilentAudioPerStep() throws Exception {
        try (MrtV1ChunkModel model = MrtV1Models.tiny(5)) {
            assertTrue(model.info().builtInNoise());
            model.reset(5);
            float[] out = new float[model.info().samplesPerStep() * model.info().channels()];
            assertEquals(96_000 * 2, out.length);
            model.step(new StepControls(null, null, 1.1f, 40, 5f, null, Map.of()), out);
            for (float v : out) assertTrue(Float.isFinite(v));
            assertTrue(rms(out, 1920 * 2, out.length) > 1e-6, "noise, not silence");
        }
    }

    private static double rms(float[] a, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) s += a[i] * (double) a[i];
        return Math.sqrt(s / (to - from));
    }
}
