package mrtbox.inference.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Dispatches a golden case directory to the runner for its kind. Every model path registers its runner here,
 * so {@code mrtbox conformance <dir>} covers all of them through one command.
 */
public final class Conformance {
    private final Map<String, ConformanceCase> byKind = new TreeMap<>();

    public Conformance(List<ConformanceCase> runners) {
        for (ConformanceCase r : runners) byKind.put(r.kind(), r);
    }

    /** The runners this build knows. Add yours here. */
    public static Conformance standard() {
        return new Conformance(List.of(
                new mrtbox.inference.text.SentencePieceCase(),
                new mrtbox.inference.style.RvqCase(),
                new mrtbox.inference.codec.SpectroStreamDecoderCase(),
                new mrtbox.inference.mrtv1.MrtV1LlmConformance(),
                new mrtbox.inference.mrt2.Mrt2StepConformance()));
    }

    public java.util.Set<String> kinds() {
        return byKind.keySet();
    }

    public ConformanceResult run(Path caseDir) throws Exception {
        Path configFile = caseDir.resolve("config.json");
        if (!Files.isRegularFile(configFile)) {
            throw new IOException(caseDir + " is not a golden case: no config.json");
        }
        JsonNode config = new ObjectMapper().readTree(configFile.toFile());
        String kind = config.path("kind").asText("");
        ConformanceCase runner = byKind.get(kind);
        if (runner == null) {
            throw new IOException(configFile + ": unknown case kind '" + kind + "' (known: " + byKind.keySet() + ")");
        }
        return runner.run(caseDir, config);
    }
}
