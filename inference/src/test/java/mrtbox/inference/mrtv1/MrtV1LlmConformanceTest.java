package mrtbox.inference.mrtv1;

import org.junit.jupiter.api.Timeout;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import mrtbox.inference.conformance.Conformance;
import mrtbox.inference.conformance.ConformanceResult;
import mrtbox.inference.conformance.NpyArray;
import mrtbox.inference.testutil.Golden;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 300, unit = TimeUnit.SECONDS)   // TensorFlow: a hung session must not stall the build
class MrtV1LlmConformanceTest {
    @TempDir
    Path tmp;

    @Test
    void goldenCasePassesThroughTheStandardDispatcher() throws Exception {
        ConformanceResult r = Conformance.standard().run(Golden.mrtV1());
        System.out.println(r.line());
        assertTrue(r.passed(), r.line());
        assertTrue(r.line().contains("ids 2400/2400 match (exact)"), r.line());
    }

    @Test
    void aLogitOffByThreeTimesTheStrictTierFails() throws Exception {
        // 3e-5 of the step's max |logit| passes the loose 1e-4 tier but not the strict 1e-5 one the golden cases ask for.
        Path copy = copyOfCase();
        Path top5 = copy.resolve("expected/chunk1_top5_logits.npy");
        float maxAbs = NpyArray.read(copy.resolve("expected/chunk1_max_abs_logit.npy")).floats()[0];
        byte[] b = Files.readAllBytes(top5);
        int headerEnd = b.length - 800 * 5 * 4;
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        bb.putFloat(headerEnd, bb.getFloat(headerEnd) + 3e-5f * maxAbs);
        Files.write(top5, b);
        ConformanceResult r = Conformance.standard().run(copy);
        assertFalse(r.passed(), r.line());
        assertTrue(r.line().contains("ids 2400/2400 match (exact)") && r.line().contains("tolerance 1e-05"), r.line());
    }

    private Path copyOfCase() throws Exception {
        Path copy = tmp.resolve("case");
        try (var s = Files.walk(Golden.mrtV1())) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path to = copy.resolve(Golden.mrtV1().relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(to);
                else Files.copy(p, to);
            }
        }
        return copy;
    }

    @Test
    void aWrongExpectedIdFailsTheCaseAndSaysWhere() throws Exception {
        Path copy = copyOfCase();
        // change step 100 of the nostyle decode's expected ids (int32 little-endian after the .npy header)
        Path ids = copy.resolve("expected/nostyle_ids.npy");
        byte[] b = Files.readAllBytes(ids);
        int headerEnd = b.length - 800 * 4;
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        bb.putInt(headerEnd + 100 * 4, bb.getInt(headerEnd + 100 * 4) + 1);
        Files.write(ids, b);
        ConformanceResult r = Conformance.standard().run(copy);
        assertFalse(r.passed(), r.line());
        assertTrue(r.line().startsWith("FAIL") && r.line().contains("ids 2399/2400 match (MISMATCH)")
                && r.line().contains("nostyle: first id mismatch at step 100"), r.line());
    }
}
