package mrtbox.web.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import mrtbox.control.param.ChangeSource;
import mrtbox.control.param.ParamSpec;
import mrtbox.control.param.ParameterRegistry;
import mrtbox.control.scene.SceneBook;
import mrtbox.web.BackupAccess;

/** Backs up the registry's persistent values as JSON; restore checks every value first and applies all or nothing. */
public final class MemoryBackup implements BackupAccess {
    private final ParameterRegistry registry;
    private final ObjectMapper json = new ObjectMapper();

    public MemoryBackup(ParameterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public byte[] backup() {
        try {
            return json.writeValueAsBytes(Map.of("format", "mrtbox-backup-1", "values", registry.snapshot().persistentValues()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String backupFileName() {
        return "mrtbox-backup.json";
    }

    @Override
    public String restore(byte[] document) {
        JsonNode root;
        try {
            root = json.readTree(document);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage());
        }
        if (root == null || !"mrtbox-backup-1".equals(root.path("format").asText())) throw new IllegalArgumentException("not an mrtbox backup (format)");
        Map<String, Object> values = new LinkedHashMap<>();
        root.path("values").properties().forEach(e -> {
            Object v = e.getValue().isNumber() ? e.getValue().numberValue() : e.getValue().isBoolean() ? e.getValue().booleanValue() : e.getValue().asText();
            var h = registry.handle(e.getKey());
            if (h == null) throw new IllegalArgumentException("unknown parameter " + e.getKey());
            ParamSpec.Coerced c = h.spec().coerce(v);
            if (!c.accepted()) throw new IllegalArgumentException(c.note());
            values.put(e.getKey(), v);
        });
        SceneBook.apply("backup", values, registry, ChangeSource.INTERNAL);
        return "restored " + values.size() + " values";
    }
}
