package mrtbox.appliance.state;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void writesAndReplacesWholeFiles() throws IOException {
        Path f = dir.resolve("a.json");
        AtomicFiles.write(f, "first".getBytes(StandardCharsets.UTF_8));
        assertEquals("first", Files.readString(f));
        AtomicFiles.write(f, "second, longer".getBytes(StandardCharsets.UTF_8));
        assertEquals("second, longer", Files.readString(f));
        AtomicFiles.write(f, new byte[0]);
        assertArrayEquals(new byte[0], Files.readAllBytes(f));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(f), files.toList(), "no temp files stay behind");
        }
    }

    @Test
    void removesOnlyItsOwnLeftovers() throws IOException {
        Path f = dir.resolve("scenes.json");
        Path leftover = Files.writeString(dir.resolve(".scenes.json.tmp-12345"), "half");
        Path otherLeftover = Files.writeString(dir.resolve(".mappings.json.tmp-999"), "half");
        Path unrelated = Files.writeString(dir.resolve("scenes.json.20261124T000000Z.bak"), "kept");
        assertEquals(List.of(leftover), AtomicFiles.removeLeftovers(f));
        assertEquals(true, Files.exists(otherLeftover));
        assertEquals(true, Files.exists(unrelated));
    }

    @Test
    void aFailedWriteLeavesTheOldFileAndNoTemp() throws IOException {
        Path f = dir.resolve("x.json");
        AtomicFiles.write(f, "old".getBytes(StandardCharsets.UTF_8));
        Path target = dir.resolve("sub");
        Files.createDirectory(target);
        Files.writeString(target.resolve("keep"), "a non-empty directory cannot be replaced by a file");
        assertThrows(IOException.class, () -> AtomicFiles.write(target, "new".getBytes(StandardCharsets.UTF_8)));
        assertEquals("old", Files.readString(f));
        try (var files = Files.list(dir)) {
            assertEquals(2, files.count(), "x.json and sub only");
        }
    }
}
