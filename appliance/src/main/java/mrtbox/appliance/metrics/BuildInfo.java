package mrtbox.appliance.metrics;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Which build runs: the version from the jar's manifest ("dev" when run from classes) and the git commit the build
 * wrote into the jar ({@code mrtbox/appliance/build-commit}, "unknown" outside a git checkout).
 */
public record BuildInfo(String version, String commit) {
    private static final String COMMIT_RESOURCE = "/mrtbox/appliance/build-commit";

    public static BuildInfo current() {
        String v = BuildInfo.class.getPackage().getImplementationVersion();
        return new BuildInfo(v == null ? "dev" : v, readCommit());
    }

    private static String readCommit() {
        try (InputStream in = BuildInfo.class.getResourceAsStream(COMMIT_RESOURCE)) {
            if (in == null) return "unknown";
            String c = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
            return c.isEmpty() ? "unknown" : c;
        } catch (IOException e) {
            return "unknown";
        }
    }
}
