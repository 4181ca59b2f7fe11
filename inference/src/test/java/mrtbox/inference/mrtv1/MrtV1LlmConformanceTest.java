package mrtbox.inference.mrtv1;

import static org.junit.jupiter.api.Assertions.assertTrue;

import mrtbox.inference.conformance.Conformance;
import mrtbox.inference.conformance.ConformanceResult;
import mrtbox.inference.testutil.Golden;
import org.junit.jupiter.api.Test;

class MrtV1LlmConformanceTest {
    @Test
    void goldenCasePassesThroughTheStandardDispatcher() throws Exception {
        ConformanceResult r = Conformance.standard().run(Golden.mrtV1());
        System.out.println(r.line());
        assertTrue(r.passed(), r.line());
        assertTrue(r.line().contains("ids 2400/2400 match (exact)"), r.line());
    }
}
