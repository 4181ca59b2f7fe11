package mrtbox.appliance.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import mrtbox.control.scene.Scene;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateStoreTest {
    @TempDir
    Path dir;

    private final StateStore store() {
        return new StateStore(dir, Clock.fixed(Instant.parse("2026-11-24T02:03:04Z"), ZoneOffset.UTC));
    }

    @Test
    void savesAndLoadsTheStandardDocuments() throws IOException {
        StateStore s = store();
        ScenesFile scenes = ScenesFile.of(List.of(new Scene("Intro", Map.of("prompt.1.text", "soft", "sampling.top_k", 30))));
        s.save(ScenesFile.TYPE, scenes);
        s.save(LastStateFile.TYPE, new LastStateFile(Map.of("output.mute", true)));
        Loaded<ScenesFile> back = s.load(ScenesFile.TYPE);
        assertEquals(Loaded.Status.LOADED, back.status());
        assertEquals(scenes, back.value());
        assertEquals(List.of(new Scene("Intro", Map.of("prompt.1.text", "soft", "sampling.top_k", 30))), back.value().toScenes());
        assertEquals(Map.of("output.mute", true), s.load(LastStateFile.TYPE).value().values());
    }

    @Test
    void aCorruptFileIsMovedAsideSoTheNextSaveCannotOverwriteIt() throws IOException {
        Path f = Files.writeString(dir.resolve("scenes.json"), "{\"version\": 1, \"scenes\": [ {\"name\": \"x\", \"values\": {\"a\": {}}} ]}");
        StateStore s = store();
        Loaded<ScenesFile> l = s.load(ScenesFile.TYPE);
        assertEquals(Loaded.Status.REPLACED_BY_DEFAULTS, l.status());
        assertEquals(List.of(), l.value().scenes());
        assertEquals("value 'a' must be text, a number or true/false, got an object", l.problem().message());
        assertEquals("scenes[0]", l.problem().field());
        assertTrue(l.problemReport().startsWith(f + ":1:"), l.problemReport());
        assertTrue(l.problemReport().endsWith("; the file was kept as " + dir.resolve("scenes.json.20261124T020304Z.bak") + "; using defaults"),
                l.problemReport());
        s.save(ScenesFile.TYPE, ScenesFile.of(List.of(new Scene("new", Map.of()))));
        assertTrue(Files.readString(l.backup()).contains("\"a\": {}"), "the backup is intact after the next save");
    }

    @Test
    void loadingCleansUpInterruptedWrites() throws IOException {
        Path leftover = Files.writeString(dir.resolve(".last-state.json.tmp-123"), "{\"version\": 1, \"val");
        Files.writeString(dir.resolve("last-state.json"), "{\"version\": 1, \"values\": {\"a\": 1}}");
        Loaded<LastStateFile> l = store().load(LastStateFile.TYPE);
        assertEquals(Map.of("a", 1), l.value().values());
        assertFalse(Files.exists(leftover));
    }

    @Test
    void oneServicePerStateDirectory() throws IOException {
        StateStore s = store();
        try (FileLock lock = s.lock()) {
            assertTrue(lock.isValid());
            IOException e = assertThrows(IOException.class, () -> store().lock());
            assertEquals("another mrtbox is using the state directory " + dir, e.getMessage());
        }
        store().lock().release(); // free again once released
    }

    @Test
    void refusesToWriteAnInvalidDocument() {
        assertThrows(IllegalArgumentException.class, () -> new LastStateFile(Map.of("a", List.of(1))));
        assertThrows(IllegalArgumentException.class,
                () -> new ScenesFile(List.of(new ScenesFile.Entry("A", Map.of()), new ScenesFile.Entry("a", Map.of()))));
    }
}
