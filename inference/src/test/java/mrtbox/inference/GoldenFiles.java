package mrtbox.inference;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/** Golden cases copied into src/test/resources/golden, so tests do not depend on ../shared at run time. */
public final class GoldenFiles {
    private GoldenFiles() {}

    public static Path caseDir(String name) {
        URL url = GoldenFiles.class.getResource("/golden/" + name + "/config.json");
        if (url == null) throw new AssertionError("golden case " + name + " missing from src/test/resources/golden");
        try {
            return Path.of(url.toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new AssertionError(e);
        }
    }
}
