package mrtbox.inference.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;

/** Runs golden cases of one {@code kind} (the "kind" field of the case's config.json). */
public interface ConformanceCase {
    String kind();

    ConformanceResult run(Path caseDir, JsonNode config) throws Exception;
}
