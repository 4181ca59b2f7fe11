package mrtbox.inference.testutil;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/** Golden cases copied into this module's test resources (so tests never read ../shared at run time). */
public final class Golden {
    private Golden() {}

    public static Path caseDir(String name) {
        URL url = Golden.class.getClassLoader().getResource("golden/" + name + "/config.json");
        if (url == null) throw new IllegalStateException("golden case " + name + " missing from test resources");
        try {
            return Path.of(url.toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Path mrtV1() {
        return caseDir("mrt_v1_llm_a");
    }
}
