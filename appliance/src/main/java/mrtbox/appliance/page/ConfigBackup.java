package mrtbox.appliance.page;

import java.io.IOException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Iterator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import mrtbox.appliance.state.BoxSettings;
import mrtbox.appliance.state.BoxSettingsFile;
import mrtbox.appliance.state.DocumentType;
import mrtbox.appliance.state.Json;
import mrtbox.appliance.state.JsonDocuments;
import mrtbox.appliance.state.MappingsFile;
import mrtbox.appliance.state.ScenesFile;
import mrtbox.appliance.state.StateStore;
import mrtbox.control.mapping.MappingBook;
import mrtbox.control.scene.SceneBook;
import mrtbox.web.BackupAccess;

/**
 * The box's configuration as one JSON document: {@code {"version": 1, "scenes": <scenes.json>, "mappings":
 * <mappings.json>, "settings": <settings.json>}}, each part exactly as its file in the state directory. Restore
 * checks every part as the files are checked at start (format version, fields, values) before changing anything.
 */
public final class ConfigBackup implements BackupAccess {
    static final int VERSION = 1;

    private final StateStore store;
    private final SceneBook scenes;
    private final MappingBook mappings;
    private final BoxSettings settings;
    private final Clock clock;

    public ConfigBackup(StateStore store, SceneBook scenes, MappingBook mappings, BoxSettings settings, Clock clock) {
        this.store = store;
        this.scenes = scenes;
        this.mappings = mappings;
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public byte[] backup() {
        ObjectNode root = Json.mapper().createObjectNode();
        root.put("version", VERSION);
        root.set("scenes", JsonDocuments.toTree(ScenesFile.TYPE, ScenesFile.of(scenes.list())));
        root.set("mappings", JsonDocuments.toTree(MappingsFile.TYPE, new MappingsFile(mappings.list())));
        root.set("settings", JsonDocuments.toTree(BoxSettingsFile.TYPE, settings.current()));
        try {
            return Json.mapper().writeValueAsBytes(root);
        } catch (IOException e) {
            throw new IllegalStateException("could not write the backup: " + e, e);
        }
    }

    @Override
    public String backupFileName() {
        return "mrtbox-backup-" + LocalDate.now(clock.withZone(ZoneOffset.UTC)) + ".json";
    }

    @Override
    public String restore(byte[] document) {
        JsonNode root;
        try {
            root = Json.mapper().readTree(document);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a JSON document: " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
        }
        if (root == null || !root.isObject()) throw new IllegalArgumentException("a backup is a JSON object");
        if (!root.path("version").isInt() || root.get("version").asInt() != VERSION) {
            throw new IllegalArgumentException("backup format version " + root.path("version") + " is not " + VERSION);
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!f.equals("version") && !f.equals("scenes") && !f.equals("mappings") && !f.equals("settings")) {
                throw new IllegalArgumentException("unknown part '" + f + "' in the backup");
            }
        }
        ScenesFile s = part(root, "scenes", ScenesFile.TYPE);
        MappingsFile m = part(root, "mappings", MappingsFile.TYPE);
        BoxSettingsFile b = part(root, "settings", BoxSettingsFile.TYPE);
        if (b.bootScene() != null && s.scenes().stream().noneMatch(e -> e.name().equals(b.bootScene()))) {
            throw new IllegalArgumentException("settings.bootScene '" + b.bootScene() + "' is not one of the backup's scenes");
        }
        try {
            store.save(ScenesFile.TYPE, s);
        } catch (IOException e) {
            throw new IllegalStateException("could not write the scenes: " + e.getMessage(), e);
        }
        scenes.load(s.toScenes());
        mappings.load(m.mappings()); // its listener writes mappings.json
        settings.update(old -> b);
        return "restored " + s.scenes().size() + " scenes, " + m.mappings().size() + " mappings and the settings"
                + " (a new audio output, model or OSC port takes effect at the next start)";
    }

    private static <T> T part(JsonNode root, String name, DocumentType<T> type) {
        JsonNode node = root.get(name);
        if (node == null) return type.defaults();
        if (!node.isObject()) throw new IllegalArgumentException(name + ": must be an object");
        ObjectNode body = ((ObjectNode) node).deepCopy();
        JsonNode v = body.remove("version");
        if (v == null || !v.isInt() || v.asInt() != type.version()) {
            throw new IllegalArgumentException(name + ": format version " + v + " is not " + type.version());
        }
        try {
            return Json.mapper().treeToValue(body, type.type());
        } catch (IOException e) {
            Throwable cause = e.getCause() instanceof IllegalArgumentException iae ? iae : e;
            String msg = cause instanceof com.fasterxml.jackson.core.JsonProcessingException jpe ? jpe.getOriginalMessage() : cause.getMessage();
            throw new IllegalArgumentException(name + ": " + msg);
        }
    }
}
