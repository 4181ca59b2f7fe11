package mrtbox.appliance.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README is a contract for the config: every key it names (in the config tables, the MIDI settings table, the
 * JSON examples, and as {@code `section.key`} in the text) is a real key of {@link MrtboxConfig}, and every real
 * key is documented. The hardware controls ({@code gpio}) have their own README section and are only checked in the
 * first direction.
 */
class ConfigDocsTest {
    private static final Set<String> SECTIONS = sectionNames();
    private static final Pattern DOTTED = Pattern.compile("`((?:" + String.join("|", SECTIONS) + ")(?:\\.[A-Za-z]+)+)`");
    private static final Pattern ROW = Pattern.compile("^\\| (?:`([a-zA-Z]+)`)? *\\| `([A-Za-z]+)`(?:, `([A-Za-z]+)`)? \\|");
    private static final Pattern MIDI_ROW = Pattern.compile("^\\| `([A-Za-z]+)` \\|");

    private static Set<String> sectionNames() {
        Set<String> out = new TreeSet<>();
        for (RecordComponent rc : MrtboxConfig.class.getRecordComponents()) out.add(rc.getName());
        return out;
    }

    private static String readme() throws IOException {
        return Files.readString(Path.of("../README.md"));
    }

    /** Every key of the config, as "osc.bind", "audio.input.channels", "gpio.buttons.pin". */
    private static Set<String> configKeys() {
        Set<String> out = new TreeSet<>();
        collect(MrtboxConfig.class, "", out);
        return out;
    }

    private static void collect(Class<?> type, String prefix, Set<String> out) {
        for (RecordComponent rc : type.getRecordComponents()) {
            String path = prefix.isEmpty() ? rc.getName() : prefix + "." + rc.getName();
            Class<?> nested = nestedRecord(rc.getGenericType());
            if (nested != null && !nested.getName().startsWith("mrtbox.control.mapping.")) {
                if (!prefix.isEmpty()) out.add(path);
                collect(nested, path, out);
            } else {
                out.add(path);
            }
        }
    }

    private static Class<?> nestedRecord(Type t) {
        if (t instanceof Class<?> c && c.isRecord()) return c;
        if (t instanceof ParameterizedType p && p.getRawType() == List.class && p.getActualTypeArguments()[0] instanceof Class<?> c
                && c.isRecord()) {
            return c;
        }
        return null;
    }

    /** The config keys the README names. */
    private static Set<String> documentedKeys(String readme) {
        Set<String> out = new TreeSet<>();
        Matcher m = DOTTED.matcher(readme);
        while (m.find()) out.add(m.group(1));
        boolean configTable = false;
        boolean midiTable = false;
        String section = null;
        for (String line : readme.split("\n")) {
            if (line.startsWith("#")) midiTable = line.startsWith("### Settings (`midi` in the config)");
            if (line.startsWith("| section | field |")) configTable = true;
            if (line.isBlank() || line.startsWith("#")) configTable = false;
            if (configTable) {
                Matcher r = ROW.matcher(line);
                if (r.find()) {
                    if (r.group(1) != null) section = r.group(1);
                    out.add(section + "." + r.group(2));
                    if (r.group(3) != null) out.add(section + "." + r.group(3));
                }
            } else if (midiTable) {
                Matcher r = MIDI_ROW.matcher(line);
                if (r.find()) out.add("midi." + r.group(1));
            }
        }
        for (JsonNode block : configExamples(readme)) paths(block, "", out);
        return out;
    }

    /** The README's ```json blocks that are config (whole or a fragment such as {@code "gpio": {...}}). */
    private static List<JsonNode> configExamples(String readme) {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> out = new java.util.ArrayList<>();
        Matcher m = Pattern.compile("```json\n(.*?)```", Pattern.DOTALL).matcher(readme);
        while (m.find()) {
            String text = m.group(1).strip();
            JsonNode node;
            try {
                node = json.readTree(text.startsWith("{") ? text : "{" + text + "}");
            } catch (IOException e) {
                continue;   // not a JSON object (the events script is a list)
            }
            boolean config = node.isObject() && node.size() > 0;
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                config &= SECTIONS.contains(name) || name.equals("version");
            }
            if (config) out.add(node);
        }
        return out;
    }

    private static void paths(JsonNode node, String prefix, Set<String> out) {
        if (node.isArray()) {
            for (JsonNode e : node) paths(e, prefix, out);
            return;
        }
        if (!node.isObject()) return;
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            String path = prefix.isEmpty() ? name : prefix + "." + name;
            if (!prefix.isEmpty()) out.add(path);
            JsonNode child = node.get(name);
            if (!path.equals("midi.panic")) paths(child, path, out);
        }
    }

    @Test
    void everyConfigKeyTheReadmeNamesExists() throws IOException {
        Set<String> named = documentedKeys(readme());
        Set<String> real = configKeys();
        Set<String> unknown = new TreeSet<>(named);
        unknown.removeAll(real);
        assertEquals(Set.of(), unknown, "the README names config keys that do not exist");
        assertTrue(named.contains("midi.pollMillis") && named.contains("osc.allowlist") && named.contains("web.hostNames"),
                "the README's tables were found: " + named);
    }

    /** Each config key's row in the README's config and MIDI tables. */
    private static java.util.Map<String, String> rows(String readme) {
        java.util.Map<String, String> out = new java.util.TreeMap<>();
        boolean configTable = false;
        boolean midiTable = false;
        String section = null;
        for (String line : readme.split("\n")) {
            if (line.startsWith("#")) midiTable = line.startsWith("### Settings (`midi` in the config)");
            if (line.startsWith("| section | field |")) configTable = true;
            if (line.isBlank() || line.startsWith("#")) configTable = false;
            Matcher r = configTable ? ROW.matcher(line) : MIDI_ROW.matcher(line);
            if (configTable && r.find()) {
                if (r.group(1) != null) section = r.group(1);
                out.put(section + "." + r.group(2), line);
                if (r.group(3) != null) out.put(section + "." + r.group(3), line);
            } else if (midiTable && r.find()) {
                out.put("midi." + r.group(1), line);
            }
        }
        return out;
    }

    /**
     * The config keys the page's choices ({@code settings.json}) override, from the names of its fields: oscPort is
     * osc.port, midiPanic is midi.panic.
     */
    private static Set<String> keysThePageOverrides() {
        Set<String> real = configKeys();
        Set<String> out = new TreeSet<>();
        for (RecordComponent rc : mrtbox.appliance.state.BoxSettingsFile.class.getRecordComponents()) {
            for (String section : SECTIONS) {
                String n = rc.getName();
                if (n.length() <= section.length() || !n.startsWith(section)) continue;
                String key = section + "." + Character.toLowerCase(n.charAt(section.length())) + n.substring(section.length() + 1);
                if (real.contains(key)) out.add(key);
            }
        }
        return out;
    }

    /** What the running box changes is not documented as read only at start; the MIDI panic control names its route. */
    @Test
    void keysThePageChangesAreNotDocumentedAsReadAtStart() throws IOException {
        String readme = readme();
        java.util.Map<String, String> rows = rows(readme);
        Set<String> page = keysThePageOverrides();
        assertTrue(page.containsAll(Set.of("midi.panic", "osc.port", "osc.allowlist", "audio.device")), page.toString());
        for (String key : page) {
            String row = rows.getOrDefault(key, "");
            assertTrue(!row.contains("read at start"), key + " is changed by the page, but the README says it is read at start: " + row);
        }
        String panic = rows.get("midi.panic");
        assertTrue(panic != null && panic.contains("`PUT /api/midi/panic`"), "the panic row says how to change it while running: " + panic);
        assertTrue(readme.contains("| `PUT /api/midi/panic` |"), "and the REST table has that route");
    }

    @Test
    void everyConfigKeyIsDocumented() throws IOException {
        Set<String> named = documentedKeys(readme());
        Set<String> missing = new TreeSet<>();
        for (String key : configKeys()) if (!key.startsWith("gpio.") && !named.contains(key)) missing.add(key);
        assertEquals(Set.of(), missing, "config keys the README does not document");
    }
}
