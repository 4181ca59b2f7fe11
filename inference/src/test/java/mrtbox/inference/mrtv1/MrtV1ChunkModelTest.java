package mrtbox.inference.mrtv1;

import org.junit.jupiter.api.Timeout;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import mrtbox.inference.model.ModelInfo;
import mrtbox.inference.model.StepControls;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The chunk loop of tiny-v1 with a decoder whose audio can be checked by hand: every sample of codec frame k is
 * (level-0 code + 1) / 1024 on the left and minus that on the right. The LLM is real (seeded random weights).
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)   // TensorFlow: a hung session must not stall the build
class MrtV1ChunkModelTest {
    private static final List<int[][]> decoded = new ArrayList<>();
    private static MrtV1ChunkModel model;

    static float value(int code) {
        return (code + 1) / 1024f;
    }

    private static final ChunkDecoder HAND_CHECKABLE = frames -> {
        decoded.add(Arrays.stream(frames).map(int[]::clone).toArray(int[][]::new));
        float[] out = new float[frames.length * 1920 * 2];
        for (int f = 0; f < frames.length; f++) {
            for (int i = 0; i < 1920; i++) {
                out[2 * (f * 1920 + i)] = value(frames[f][0]);
                out[2 * (f * 1920 + i) + 1] = -value(frames[f][0]);
            }
        }
        return out;
    };

    private static StepControls controls(int[] style) {
        return new StepControls(style, null, 1.1f, 40, 5.0f, null, Map.of());
    }

    @BeforeAll
    static void load() throws Exception {
        model = MrtV1Models.tiny(1234L, HAND_CHECKABLE);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void tinyV1IsAChunkModelThatSaysItIsNoise() {
        ModelInfo info = model.info();
        assertEquals("tiny-v1", info.name());
        assertEquals(ModelInfo.Shape.CHUNK, info.shape());
        assertEquals(48_000, info.sampleRate());
        assertEquals(2, info.channels());
        assertEquals(96_000, info.samplesPerStep());
        assertTrue(info.builtInNoise());
    }

    @Test
    void twoChunksCrossfadeAndUpdateTheStateExactlyAsTheSpec() {
        decoded.clear();
        model.reset(7L);
        float[] out = new float[96_000 * 2];

        // chunk 0: the prepended frame is code 0 (empty context), the fade-in starts from a silent tail
        model.step(controls(null), out);
        int[][] codes0 = ContextTokens.codesOf(model.lastIds());
        int[][] in0 = decoded.get(0);
        assertEquals(51, in0.length);
        assertArrayEquals(new int[16], in0[0]);
        for (int f = 0; f < 50; f++) assertArrayEquals(codes0[f], in0[f + 1]);
        float v0 = value(0);
        for (int i : new int[] {0, 1, 1000, 1919}) assertEquals(v0 * ChunkCrossfade.ramp(i), out[2 * i], 1e-7f);
        for (int k = 1; k < 50; k++) {
            // output block k = decoded frame k = new frame k - 1
            assertEquals(value(codes0[k - 1][0]), out[2 * (k * 1920 + 5)], 0f);
            assertEquals(-value(codes0[k - 1][0]), out[2 * (k * 1920 + 5) + 1], 0f);
        }
        assertEquals(value(codes0[49][0]), model.tail()[0], 0f, "new frame 49 waits as the tail");
        int[][] ctx = model.context();
        for (int f = 0; f < 200; f++) for (int l = 0; l < 16; l++) assertEquals(-1, ctx[f][l]);
        for (int f = 0; f < 50; f++) assertArrayEquals(codes0[f], ctx[200 + f]);
        assertEquals(1, model.chunkIndex());

        // chunk 1: the prepended frame is chunk 0's last frame, crossfaded against its own earlier decode
        model.step(controls(null), out);
        int[][] codes1 = ContextTokens.codesOf(model.lastIds());
        assertArrayEquals(codes0[49], decoded.get(1)[0]);
        float v = value(codes0[49][0]);
        for (int i : new int[] {0, 960, 1919}) {
            assertEquals(v * ChunkCrossfade.ramp(i) + v * ChunkCrossfade.ramp(1919 - i), out[2 * i], 1e-6f);
        }
        ctx = model.context();
        for (int f = 0; f < 50; f++) {
            assertArrayEquals(codes0[f], ctx[150 + f]);
            assertArrayEquals(codes1[f], ctx[200 + f]);
        }
        assertEquals(-1, ctx[149][0]);
        assertEquals(2, model.chunkIndex());
    }

    @Test
    void resetWithTheSameSeedReplaysAndStyleChangesTheMusic() {
        float[] a = new float[96_000 * 2], b = new float[96_000 * 2], c = new float[96_000 * 2];
        int[] style = {5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
        model.reset(99L);
        model.step(controls(style), a);
        int[] idsA = model.lastIds();
        model.reset(99L);
        model.step(controls(style), b);
        assertArrayEquals(a, b);
        assertArrayEquals(idsA, model.lastIds());
        // levels 6..11 of the style are not used by MRT v1
        int[] sameFirstSix = style.clone();
        sameFirstSix[11] = 999;
        model.reset(99L);
        model.step(controls(sameFirstSix), c);
        assertArrayEquals(idsA, model.lastIds());
        model.reset(99L);
        int[] otherStyle = {900, 901, 902, 903, 904, 905, 0, 0, 0, 0, 0, 0};
        model.step(controls(otherStyle), c);
        assertFalse(Arrays.equals(idsA, model.lastIds()));
        // every id is a codec id of its level: tiny-v1 samples level-restricted
        int[] ids = model.lastIds();
        for (int i = 0; i < ids.length; i++) assertEquals(i % 16, (ids[i] - 2) / 1024, "id " + ids[i] + " at " + i);
    }
}
