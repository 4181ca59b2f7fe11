package mrtbox.appliance.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import mrtbox.appliance.state.DocumentProblem;
import mrtbox.appliance.state.Json;
import mrtbox.appliance.state.JsonProblems;
import mrtbox.appliance.state.RecordFields;

/**
 * Reads {@code mrtbox.json} so that a bad field costs only that field: the file is read as a JSON tree, bound to
 * {@link MrtboxConfig}, and each field that fails (a wrong type, an unknown name, a value out of range) is dropped
 * and reported with its file, line, column and path, until the rest binds. A list entry that fails is dropped from
 * its list; fields that are only wrong together (port equal to oscQueryPort) cost the one whose removal fixes them,
 * else their whole section.
 *
 * <p>Security settings that cannot be read fall back to the safe choice, not the default: OSC and OSCQuery listen
 * on loopback only, the sender allowlist is loopback only, mDNS is off, the page listens on loopback only. The
 * same holds when the file cannot be read as JSON at all.
 */
final class ConfigReader {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    static final String LOOPBACK = "127.0.0.1";

    /** What a dropped security field (or its section, or the whole file) is replaced with. */
    private record Safe(String section, String field, JsonNode value, String trigger) {}

    private static final List<Safe> SAFE = List.of(
            new Safe("osc", "bind", NODES.textNode(LOOPBACK), "osc.bind"),
            new Safe("osc", "zeroconf", NODES.booleanNode(false), "osc.zeroconf"),
            new Safe("osc", "allowlist", NODES.arrayNode().add("127.0.0.0/8").add("::1/128"), "osc.allowlist"),
            new Safe("osc", "allowedOrigins", NODES.arrayNode(), "osc.allowedOrigins"),
            new Safe("web", "bind", NODES.textNode(LOOPBACK), "web.bind"),
            new Safe("web", "bind", NODES.textNode(LOOPBACK), "web.https"),
            new Safe("web", "bind", NODES.textNode(LOOPBACK), "web.hostNames"),
            new Safe("web", "publicHealth", NODES.booleanNode(false), "web.publicHealth"),
            // The page is advertised over mDNS too: an unreadable web section keeps it unannounced.
            new Safe("osc", "zeroconf", NODES.booleanNode(false), "web.bind"));

    /** The config to use and every problem found on the way (empty when the file was fine). */
    record Result(MrtboxConfig config, List<DocumentProblem> problems) {}

    private final Path file;
    private final List<DocumentProblem> problems = new ArrayList<>();
    private final List<String> dropped = new ArrayList<>();
    private Map<String, JsonLocation> locations = Map.of();

    private ConfigReader(Path file) {
        this.file = file;
    }

    static Result read(Path file, byte[] bytes) {
        return new ConfigReader(file).run(bytes);
    }

    private Result run(byte[] bytes) {
        ObjectNode root = parse(bytes);
        if (root == null) {
            dropped.add("");
            root = NODES.objectNode();
        } else {
            root = (ObjectNode) repair(root, MrtboxConfig.class, "");
        }
        boolean fellBack = applySafeValues(root);
        MrtboxConfig config;
        try {
            config = Json.mapper().treeToValue(root, MrtboxConfig.class);
        } catch (JsonProcessingException e) {
            // Cannot happen: the tree was repaired until it bound, and the safe values are valid. Be safe anyway.
            problems.add(new DocumentProblem(file, 0, 0, "", "unusable: " + e.getOriginalMessage()));
            config = safeDefaults();
            fellBack = true;
        }
        if (fellBack) {
            problems.add(new DocumentProblem(file, 0, 0, "", "security settings that could not be read fell back to"
                    + " the safe choice: " + safeSummary(config)));
        }
        return new Result(config, List.copyOf(problems));
    }

    /** The built-in defaults with every security setting at its safe value (when nothing can be read). */
    static MrtboxConfig safeDefaults() {
        ObjectNode root = NODES.objectNode();
        for (Safe s : SAFE) section(root, s.section()).set(s.field(), s.value());
        try {
            return Json.mapper().treeToValue(root, MrtboxConfig.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the safe config does not bind", e);
        }
    }

    private static String safeSummary(MrtboxConfig c) {
        return "osc.bind " + c.osc().bind() + ", osc.zeroconf " + c.osc().zeroconf() + ", osc.allowlist " + c.osc().allowlist()
                + ", web.bind " + c.web().bind();
    }

    /** The tree, with the version checked and removed, and every field's location; null when there is no usable tree. */
    private ObjectNode parse(byte[] bytes) {
        Map<String, JsonLocation> found = new HashMap<>();
        JsonNode tree;
        try (JsonParser p = Json.mapper().createParser(bytes)) {
            try {
                record(p, "", found);
                if (p.nextToken() != null) throw new IOException("more content after the end of the document");
            } catch (JsonProcessingException e) {
                problems.add(JsonProblems.describe(file, e, p));
                return null;
            }
            tree = Json.mapper().readTree(bytes);
        } catch (IOException e) {
            problems.add(new DocumentProblem(file, 0, 0, "", e.getMessage()));
            return null;
        }
        if (tree == null || tree.isMissingNode()) {
            problems.add(new DocumentProblem(file, 1, 1, "", "the file is empty"));
            return null;
        }
        if (!(tree instanceof ObjectNode obj)) {
            problems.add(new DocumentProblem(file, 1, 1, "", "expected a JSON object at the top"));
            return null;
        }
        locations = found;
        JsonNode version = obj.remove("version");
        if (version != null && !(version.isInt() && version.intValue() == MrtboxConfig.VERSION)) {
            problems.add(at("version", version.isInt()
                    ? "format version " + version + " is not supported by this mrtbox (it reads version " + MrtboxConfig.VERSION + ")"
                    : "expected a whole number"));
            return null;
        }
        return obj;
    }

    /** Walks the document, remembering where every field's value starts ("osc.port", "gpio.buttons[1].pin"). */
    private static void record(JsonParser p, String path, Map<String, JsonLocation> out) throws IOException {
        JsonToken t = p.nextToken();
        if (t == null) throw new JsonParseException(p, "the file is empty");
        out.putIfAbsent(path, p.currentTokenLocation());
        if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) recordContainer(p, t, path, out);
    }

    private static void recordValue(JsonParser p, String path, Map<String, JsonLocation> out) throws IOException {
        JsonToken t = p.nextToken();
        out.putIfAbsent(path, p.currentTokenLocation());
        if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) recordContainer(p, t, path, out);
    }

    private static void recordContainer(JsonParser p, JsonToken start, String path, Map<String, JsonLocation> out) throws IOException {
        if (start == JsonToken.START_OBJECT) {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                recordValue(p, path.isEmpty() ? name : path + "." + name, out);
            }
            return;
        }
        int i = 0;
        while (true) {
            JsonToken next = p.nextToken();
            if (next == JsonToken.END_ARRAY) return;
            String child = path + "[" + i++ + "]";
            out.putIfAbsent(child, p.currentTokenLocation());
            if (next == JsonToken.START_OBJECT || next == JsonToken.START_ARRAY) recordContainer(p, next, child, out);
        }
    }

    /**
     * Drops what keeps {@code node} from binding to {@code type}, recursing into sections and list entries;
     * returns the repaired node, or null when nothing of it can be used.
     */
    private JsonNode repair(ObjectNode node, Class<?> type, String path) {
        dropUnknownFields(node, type, path);
        for (int attempt = 0; attempt <= 4 * node.size() + 4; attempt++) {
            JsonMappingException failure = bindingFailure(node, type);
            if (failure == null) return node;
            List<JsonMappingException.Reference> refs = failure.getPath();
            String field = refs.isEmpty() ? null : refs.get(0).getFieldName();
            if (field == null || !node.has(field)) {
                if (!dropCulprit(node, type, path, failure)) {
                    problems.add(at(path, JsonProblems.describe(file, failure, parserOf(failure)).message()));
                    dropped.add(path);
                    return null;
                }
                continue;
            }
            String childPath = join(path, field);
            JsonNode child = node.get(field);
            Type childType = componentType(type, field);
            if (child instanceof ObjectNode obj && childType instanceof Class<?> c && isStructured(c)
                    && bindingFailure(obj, c) != null) {
                if (repair(obj, c, childPath) == null) node.remove(field);   // else repaired in place
                continue;
            }
            if (refs.size() > 1 && child instanceof ArrayNode list && refs.get(1).getIndex() >= 0
                    && elementType(childType) instanceof Class<?> e && isStructured(e)) {
                int index = refs.get(1).getIndex();
                String elementPath = childPath + "[" + index + "]";
                JsonNode element = list.get(index);
                if (element instanceof ObjectNode eo && repair(eo, e, elementPath) != null) continue;
                if (!(element instanceof ObjectNode)) {
                    problems.add(at(elementPath, JsonProblems.describe(file, failure, parserOf(failure)).message()));
                }
                list.remove(index);
                dropped.add(elementPath);
                continue;
            }
            problems.add(at(childPath, JsonProblems.describe(file, failure, parserOf(failure)).message()));
            dropped.add(childPath);
            node.remove(field);
        }
        return null;
    }

    /**
     * Reports and drops the fields that {@code type} does not have, before binding: Jackson names an unknown field
     * of a record only after its constructor ran, so a list entry missing one field and mistyping another
     * ({@code {"at": "11:00", "scnee": "b"}}) read "names no scene" and never named {@code scnee}. Fields of
     * nested objects are left to the repair of those objects.
     */
    private void dropUnknownFields(ObjectNode node, Class<?> type, String path) {
        if (!type.isRecord()) return;
        for (int left = node.size(); left > 0; left--) {   // each round removes one field
            DocumentProblem unknown = RecordFields.firstUnknown(node, type);
            if (unknown == null || !node.has(unknown.field())) return;
            String field = join(path, unknown.field());
            problems.add(at(field, unknown.message()));
            dropped.add(field);
            node.remove(unknown.field());
        }
    }

    /**
     * A check across fields failed (the record's constructor threw): drop the first field whose removal makes the
     * object bind, reporting the constructor's message at that field. False when no single field does it.
     */
    private boolean dropCulprit(ObjectNode node, Class<?> type, String path, JsonMappingException failure) {
        String message = JsonProblems.describe(file, failure, parserOf(failure)).message();
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        // Try the fields the message names first: "quietMs 2000 is longer than maxDelayMs 1000" blames quietMs.
        names.sort((a, b) -> Integer.compare(indexIn(message, a), indexIn(message, b)));
        for (String name : names) {
            ObjectNode without = node.deepCopy();
            without.remove(name);
            if (bindingFailure(without, type) == null) {
                problems.add(at(join(path, name), message));
                dropped.add(join(path, name));
                node.remove(name);
                return true;
            }
        }
        return false;
    }

    private static int indexIn(String message, String name) {
        int i = message == null ? -1 : message.indexOf(name);
        return i < 0 ? Integer.MAX_VALUE : i;
    }

    private static JsonMappingException bindingFailure(ObjectNode node, Class<?> type) {
        try {
            Json.mapper().treeToValue(node, type);
            return null;
        } catch (JsonMappingException e) {
            return e;
        } catch (JsonProcessingException e) {
            return JsonMappingException.wrapWithPath(e, (Object) null, "");
        }
    }

    private static JsonParser parserOf(JsonMappingException e) {
        return e.getProcessor() instanceof JsonParser p ? p : null;
    }

    /** Puts the safe value in for every security field that was dropped (or whose section or file was). */
    private boolean applySafeValues(ObjectNode root) {
        boolean applied = false;
        for (Safe s : SAFE) {
            if (dropped.stream().noneMatch(d -> d.isEmpty() || d.equals(s.section()) || d.equals(s.trigger())
                    || d.startsWith(s.trigger() + "["))) {
                continue;
            }
            section(root, s.section()).set(s.field(), s.value().deepCopy());
            applied = true;
        }
        return applied;
    }

    private static ObjectNode section(ObjectNode root, String name) {
        JsonNode s = root.get(name);
        if (s instanceof ObjectNode o) return o;
        return root.putObject(name);
    }

    private DocumentProblem at(String path, String message) {
        JsonLocation loc = locations.get(path);
        int line = loc == null ? 0 : Math.max(0, loc.getLineNr());
        int column = loc == null ? 0 : Math.max(0, loc.getColumnNr());
        return new DocumentProblem(file, line, column, path, message);
    }

    private static String join(String path, String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    private static boolean isStructured(Class<?> c) {
        return c.isRecord();
    }

    private static Type componentType(Class<?> type, String field) {
        if (!type.isRecord()) return null;
        for (RecordComponent rc : type.getRecordComponents()) {
            if (rc.getName().equals(field)) return rc.getGenericType();
        }
        return null;
    }

    private static Type elementType(Type listType) {
        if (listType instanceof ParameterizedType pt && pt.getRawType() == List.class) return pt.getActualTypeArguments()[0];
        return null;
    }
}
