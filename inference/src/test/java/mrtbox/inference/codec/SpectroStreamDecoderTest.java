package mrtbox.inference.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import mrtbox.inference.GoldenFiles;
import mrtbox.inference.conformance.Conformance;
import mrtbox.inference.conformance.ConformanceResult;
import org.junit.jupiter.api.Test;

class SpectroStreamDecoderTest {
    @Test
    void goldenCaseSpectrostreamDecAPasses() throws Exception {
        ConformanceResult r = Conformance.standard().run(GoldenFiles.caseDir("spectrostream_dec_a"));
        System.out.println(r.line());
        assertTrue(r.passed(), r.line());
    }
}
