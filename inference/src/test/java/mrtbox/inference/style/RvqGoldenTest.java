package mrtbox.inference.style;

import org.junit.jupiter.api.Timeout;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import mrtbox.inference.GoldenFiles;
import mrtbox.inference.codec.ResidualQuantizer;
import mrtbox.inference.conformance.Conformance;
import mrtbox.inference.conformance.ConformanceResult;
import org.junit.jupiter.api.Test;

@Timeout(value = 300, unit = TimeUnit.SECONDS)   // TensorFlow: a hung session must not stall the build
class RvqGoldenTest {
    @Test
    void goldenCaseRvqAPasses() throws Exception {
        ConformanceResult r = Conformance.standard().run(GoldenFiles.caseDir("rvq_a"));
        assertTrue(r.passed(), r.line());
        assertTrue(r.line().contains("tokens exact 20/20") && r.line().contains("tokens exact 3/3"), r.line());
    }

    @Test
    void tiesGoToTheLowestIndexAndDecodeInvertsExactCodes() {
        // level 0: codes 1 and 3 identical; level 1: plain
        float[] cb = {
            9, 9, 1, 0, 5, 5, 1, 0,
            0, 0, 0, 0.5f, 2, 2, -1, -1,
        };
        ResidualQuantizer q = new ResidualQuantizer(2, 4, 2, cb);
        assertArrayEquals(new int[] {1, 1}, q.encode(new float[] {1, 0.5f}, 2));
        assertArrayEquals(new float[] {1, 0.5f}, q.decode(new int[] {1, 1}));
        assertArrayEquals(new float[] {1, 0, 5, 5}, q.decodeFrames(new int[][] {{1}, {2}}));
        assertThrows(IllegalArgumentException.class, () -> q.decode(new int[] {4}));
        assertThrows(IllegalArgumentException.class, () -> q.encode(new float[2], 3));
    }

    @Test
    void blendFallbacks() {
        List<float[]> e = List.of(new float[] {1, 2}, new float[] {3, 4});
        assertArrayEquals(new float[] {2.5f, 3.5f}, StyleBlend.blend(e, new float[] {1, 3}, StyleBlend.ZeroWeights.ZERO_VECTOR));
        assertArrayEquals(new float[] {1, 2}, StyleBlend.blend(e, new float[] {0, 0}, StyleBlend.ZeroWeights.FIRST_PROMPT));
        assertArrayEquals(new float[] {0, 0}, StyleBlend.blend(e, new float[] {0, -1}, StyleBlend.ZeroWeights.ZERO_VECTOR));
        assertArrayEquals(new float[] {3, 4}, StyleBlend.blend(e, new float[] {-2, 0.5f}, StyleBlend.ZeroWeights.ZERO_VECTOR));
    }
}
