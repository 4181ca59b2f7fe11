package mrtbox.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import mrtbox.web.testing.TestBox;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's REST API table lists every route the server has, so the documentation cannot fall behind. */
class RestApiDocsTest {
    @TempDir Path state;

    @Test
    void readmeDocumentsEveryRoute() throws Exception {
        Path readme = Path.of(System.getProperty("mrtbox.repo.root", ".."), "README.md");
        assertTrue(Files.exists(readme), "no README at " + readme.toAbsolutePath());
        String text = Files.readString(readme);
        try (TestBox box = new TestBox(state)) {
            List<String> routes = box.server.routes();
            assertTrue(routes.size() > 30, routes.toString());
            List<String> missing = routes.stream().filter(r -> !text.contains("`" + r)).toList();
            assertEquals(List.of(), missing, "routes missing from the README's REST API table");
        }
    }
}
