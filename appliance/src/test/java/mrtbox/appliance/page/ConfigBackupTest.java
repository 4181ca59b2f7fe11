package mrtbox.appliance.page;

import org.junit.jupiter.api.Timeout;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import mrtbox.appliance.state.BoxSettings;
import mrtbox.appliance.state.MappingsFile;
import mrtbox.appliance.state.ScenesFile;
import mrtbox.appliance.state.StateStore;
import mrtbox.control.mapping.Mapping;
import mrtbox.control.mapping.MappingBook;
import mrtbox.control.mapping.MidiSource;
import mrtbox.control.param.ChangeSource;
import mrtbox.control.param.ParameterRegistry;
import mrtbox.control.param.StandardParams;
import mrtbox.control.scene.SceneBook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Backup and restore of scenes, mappings and the page's settings through the real state store. */
@Timeout(value = 300, unit = TimeUnit.SECONDS)   // TensorFlow: a hung session must not stall the build
class ConfigBackupTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T02:03:04Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private StateStore store;
    private ParameterRegistry registry;
    private SceneBook scenes;
    private MappingBook mappings;
    private BoxSettings settings;
    private ConfigBackup backup;

    @BeforeEach
    void box() {
        store = new StateStore(dir, CLOCK);
        registry = new ParameterRegistry();
        registry.registerAll(StandardParams.all());
        scenes = new SceneBook(registry);
        mappings = new MappingBook(registry);
        settings = new BoxSettings(store);
        mappings.addListener(all -> {
            try {
                store.save(MappingsFile.TYPE, new MappingsFile(all));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        backup = new ConfigBackup(store, scenes, mappings, settings, CLOCK);
    }

    private Mapping knob(int cc, String target) {
        return new Mapping("", new MidiSource("nanoKONTROL2", 1, MidiSource.MessageType.CC, cc), target, 0, 1,
                Mapping.Curve.LINEAR, Mapping.Mode.ABSOLUTE, Mapping.Takeover.PICKUP, true);
    }

    @Test
    void aBackupRestoresOntoAnotherBoxExactly() throws Exception {
        registry.set("prompt.1.text", "warm tape pads", ChangeSource.of(ChangeSource.Kind.INTERNAL, "test"));
        scenes.save("intro");
        mappings.put(knob(7, "prompt.1.weight"));
        settings.update(f -> f.withBootScene("intro").withModel("tiny-v1"));
        byte[] doc = backup.backup();
        assertEquals("mrtbox-backup-2026-11-24.json", backup.backupFileName());

        ConfigBackupTest other = new ConfigBackupTest();
        other.dir = Files.createDirectories(dir.resolve("other"));
        other.box();
        String summary = other.backup.restore(doc);
        assertTrue(summary.startsWith("restored 1 scenes, 1 mappings"), summary);
        assertEquals("warm tape pads", other.scenes.get("intro").orElseThrow().values().get("prompt.1.text"));
        assertEquals(7, other.mappings.list().get(0).source().number());
        assertEquals("intro", other.settings.current().bootScene());
        // ...and it is on disk, as the next start will read it.
        assertEquals(1, other.store.load(ScenesFile.TYPE).value().scenes().size());
        assertEquals(1, other.store.load(MappingsFile.TYPE).value().mappings().size());
        assertEquals(new String(doc, StandardCharsets.UTF_8), new String(other.backup.backup(), StandardCharsets.UTF_8));
    }

    @Test
    void aBadBackupIsRefusedWithItsReasonAndChangesNothing() {
        scenes.save("keep me");
        mappings.put(knob(1, "output.volume"));
        assertRefused("{\"version\": 1, \"scenes\": {\"version\": 1, \"scenes\": [{\"name\": \"x\", \"values\": {}}]},"
                + " \"mappings\": {\"version\": 1, \"mappings\": [{\"id\": \"m1\", \"source\": {\"device\": \"\", \"channel\": 17,"
                + " \"type\": \"CC\", \"number\": 1}, \"target\": \"output.volume\", \"min\": 0, \"max\": 1}]}}", "channel 17");
        assertRefused("{\"version\": 2}", "backup format version 2 is not 1");
        assertRefused("{\"version\": 1, \"scenes\": {\"version\": 9, \"scenes\": []}}", "scenes: format version 9 is not 1");
        assertRefused("{\"version\": 1, \"extra\": {}}", "unknown part 'extra'");
        assertRefused("{\"version\": 1, \"settings\": {\"version\": 1, \"bootScene\": \"nope\"}}", "'nope' is not one of the backup's scenes");
        assertRefused("not json", "not a JSON document");
        assertEquals(List.of("keep me"), scenes.list().stream().map(s -> s.name()).toList());
        assertEquals(1, mappings.list().size());
    }

    private void assertRefused(String doc, String reason) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> backup.restore(doc.getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }
}
