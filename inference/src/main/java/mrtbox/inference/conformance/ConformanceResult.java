package mrtbox.inference.conformance;

/**
 * The outcome of one golden case: pass or fail, and the one line {@code mrtbox conformance} prints
 * (kind, case, what was measured against what tolerance).
 */
public record ConformanceResult(boolean passed, String line) {
    public static ConformanceResult pass(String line) {
        return new ConformanceResult(true, "PASS " + line);
    }

    public static ConformanceResult fail(String line) {
        return new ConformanceResult(false, "FAIL " + line);
    }
}
