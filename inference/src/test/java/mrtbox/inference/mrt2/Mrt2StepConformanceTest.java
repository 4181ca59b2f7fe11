package mrtbox.inference.mrt2;

import org.junit.jupiter.api.Timeout;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

import mrtbox.inference.conformance.Conformance;
import mrtbox.inference.conformance.ConformanceResult;
import mrtbox.inference.testutil.Golden;
import org.junit.jupiter.api.Test;

@Timeout(value = 300, unit = TimeUnit.SECONDS)   // TensorFlow: a hung session must not stall the build
class Mrt2StepConformanceTest {
    @Test
    void goldenCasePassesInBothGuidanceModesThroughTheStandardDispatcher() throws Exception {
        ConformanceResult r = Conformance.standard().run(Golden.caseDir("mrt2_step_a"));
        System.out.println(r.line());
        assertTrue(r.passed(), r.line());
        assertTrue(r.line().contains("ids 288/288 match (exact)"), r.line());
        assertTrue(r.line().contains("strict 1e-05 met"), r.line());
    }
}
