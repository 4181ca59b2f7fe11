package mrtbox.inference.style;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddingCacheTest {
    @Test
    void keyedByModelAndPromptAndSurvivesRestart(@TempDir Path dir) {
        EmbeddingCache a = new EmbeddingCache(dir);
        a.put("model-a", "text:piano", new float[] {1, 2, 3});
        assertArrayEquals(new float[] {1, 2, 3}, a.get("model-a", "text:piano", 3).orElseThrow());
        assertTrue(a.get("model-b", "text:piano", 3).isEmpty(), "another model's embedding is never reused");
        assertTrue(a.get("model-a", "text:Piano", 3).isEmpty());
        EmbeddingCache b = new EmbeddingCache(dir);
        assertEquals(0, b.memorySize());
        assertArrayEquals(new float[] {1, 2, 3}, b.get("model-a", "text:piano", 3).orElseThrow());
        assertEquals(1, b.memorySize());
    }

    @Test
    void corruptOrMisSizedEntriesAreIgnored(@TempDir Path dir) throws IOException {
        EmbeddingCache a = new EmbeddingCache(dir);
        a.put("m", "text:x", new float[] {1, 2});
        assertTrue(new EmbeddingCache(dir).get("m", "text:x", 3).isEmpty(), "wrong dimension is a miss");
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) Files.write(f, new byte[] {1, 2, 3});
        }
        assertTrue(new EmbeddingCache(dir).get("m", "text:x", 2).isEmpty(), "a corrupt file is a miss, not an error");
        Path blocked = dir.resolve("file-not-dir");
        Files.writeString(blocked, "x");
        EmbeddingCache c = new EmbeddingCache(blocked);
        c.put("m", "k", new float[] {4}); // cannot write: logged, still cached in memory
        assertArrayEquals(new float[] {4}, c.get("m", "k", 1).orElseThrow());
    }
}
