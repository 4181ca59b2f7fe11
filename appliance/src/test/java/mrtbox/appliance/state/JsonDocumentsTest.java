package mrtbox.appliance.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonDocumentsTest {
    /** A small document with every kind of field a real one has. */
    public record Sample(String name, Integer count, List<String> tags, Inner inner) {
        public static final DocumentType<Sample> TYPE = DocumentType.of("sample.json", 2, Sample.class, () -> new Sample(null, null, null, null));

        public Sample {
            name = name == null ? "default" : name;
            count = count == null ? 1 : count;
            if (count < 0) throw new IllegalArgumentException("count must be >= 0, got " + count);
            tags = tags == null ? List.of() : List.copyOf(tags);
            inner = inner == null ? new Inner(null) : inner;
        }
    }

    public record Inner(Boolean on) {
        public Inner {
            on = on != null && on;
        }
    }

    @TempDir
    Path dir;

    private final Clock clock = Clock.fixed(Instant.parse("2026-11-24T02:03:04Z"), ZoneOffset.UTC);
    private final JsonDocuments docs = new JsonDocuments(clock);

    private Loaded<Sample> readText(String json, JsonDocuments.Backup mode) throws IOException {
        Path f = dir.resolve("sample.json");
        Files.writeString(f, json);
        return docs.read(f, Sample.TYPE, mode);
    }

    private Loaded<Sample> bad(String json, int line, int column, String field, String message) throws IOException {
        Loaded<Sample> l = readText(json, JsonDocuments.Backup.MOVE);
        assertEquals(Loaded.Status.REPLACED_BY_DEFAULTS, l.status(), () -> "accepted: " + json);
        assertEquals(Sample.TYPE.defaults(), l.value());
        DocumentProblem p = l.problem();
        assertEquals(message, p.message(), "message");
        assertEquals(field, p.field(), "field");
        if (line > 0) {
            assertEquals(line, p.line(), "line");
            assertEquals(column, p.column(), "column");
        }
        // Kept, byte for byte, under a timestamped name; the original name is free for the next save.
        assertEquals(dir.resolve("sample.json.20261124T020304Z.bak"), l.backup());
        assertEquals(json, Files.readString(l.backup()));
        assertFalse(Files.exists(dir.resolve("sample.json")));
        Files.delete(l.backup());
        return l;
    }

    @Test
    void roundTripsWithTheVersionFirst() throws IOException {
        Path f = dir.resolve("sample.json");
        Sample s = new Sample("pads", 3, List.of("a", "b"), new Inner(true));
        docs.write(f, Sample.TYPE, s);
        String text = Files.readString(f);
        assertTrue(text.startsWith("{\n  \"version\" : 2,\n  \"name\" : \"pads\""), text);
        Loaded<Sample> back = docs.read(f, Sample.TYPE, JsonDocuments.Backup.MOVE);
        assertEquals(Loaded.Status.LOADED, back.status());
        assertEquals(s, back.value());
        assertNull(back.problem());
    }

    @Test
    void missingFieldsTakeDefaultsAndAMissingVersionReadsAsCurrent() throws IOException {
        Loaded<Sample> l = readText("{\"count\": 5}", JsonDocuments.Backup.MOVE);
        assertEquals(Loaded.Status.LOADED, l.status());
        assertEquals(new Sample("default", 5, List.of(), new Inner(false)), l.value());
    }

    @Test
    void aMissingFileIsNoProblem() {
        Loaded<Sample> l = docs.read(dir.resolve("sample.json"), Sample.TYPE, JsonDocuments.Backup.MOVE);
        assertEquals(Loaded.Status.MISSING, l.status());
        assertEquals(Sample.TYPE.defaults(), l.value());
        assertNull(l.problem());
        assertEquals("", l.problemReport());
    }

    @Test
    void brokenJsonIsReportedWithLineAndColumn() throws IOException {
        Loaded<Sample> l = bad("{\n  \"version\": 2,\n  \"name\": \"x\",,\n}", 3, 15, "name",
                "Unexpected character (',' (code 44)): was expecting double-quote to start field name");
        assertTrue(l.problem().toString().startsWith(dir.resolve("sample.json") + ":3:15: name: Unexpected character"), l.problem().toString());
        bad("{\"name\": \"unterminated", 0, 0, "name", "Unexpected end-of-input in VALUE_STRING");
    }

    @Test
    void unknownFieldsAreErrorsNamingTheKnownOnes() throws IOException {
        bad("{\n  \"version\": 2,\n  \"inner\": {\"on\": true, \"of\": 1}\n}", 3, 25, "inner.of", "unknown field 'of' (known: on)");
        bad("{\"nmae\": \"x\"}", 1, 2, "nmae", "unknown field 'nmae' (known: count, inner, name, tags)");
    }

    @Test
    void wrongTypesAreErrorsSayingWhatWasExpected() throws IOException {
        bad("{\"count\": \"three\"}", 1, 11, "count", "expected a whole number, got text \"three\"");
        bad("{\"count\": 2.5}", 1, 11, "count", "expected a whole number, got the number 2.5");
        bad("{\"name\": 7}", 1, 10, "name", "expected text, got the number 7");
        bad("{\"tags\": \"a\"}", 1, 10, "tags", "expected a list, got text \"a\"");
        bad("{\"inner\": {\"on\": \"yes\"}}", 1, 18, "inner.on", "expected true or false, got text \"yes\"");
    }

    @Test
    void invalidValuesAreReportedWithTheConstructorsReason() throws IOException {
        bad("{\n  \"count\": -4\n}", 3, 1, "", "count must be >= 0, got -4");
    }

    @Test
    void otherVersionsAreRefusedAndKept() throws IOException {
        bad("{\n  \"name\": \"x\",\n  \"version\": 3,\n  \"future\": true\n}", 3, 14, "version",
                "format version 3 is not supported by this mrtbox (it reads version 2)");
        bad("{\"version\": \"2\"}", 1, 13, "version", "expected a whole number, got text \"2\"");
    }

    @Test
    void documentLevelProblems() throws IOException {
        bad("", 0, 0, "", "the file is empty");
        bad("[1, 2]", 1, 1, "", "expected a JSON object at the top");
        bad("{\"name\": \"a\"} {\"name\": \"b\"}", 1, 15, "", "more content after the end of the document");
        bad("{\"name\": \"a\", \"name\": \"b\"}", 1, 21, "name", "Duplicate field 'name'");
    }

    @Test
    void copyModeLeavesTheOriginalInPlace() throws IOException {
        Loaded<Sample> l = readText("{\"count\": \"x\"}", JsonDocuments.Backup.COPY);
        assertNotNull(l.backup());
        assertEquals("{\"count\": \"x\"}", Files.readString(dir.resolve("sample.json")));
        assertEquals("{\"count\": \"x\"}", Files.readString(l.backup()));
        assertTrue(l.problemReport().contains("the file was kept as " + l.backup()), l.problemReport());
    }

    @Test
    void backupsNeverOverwriteEarlierBackups() throws IOException {
        Loaded<Sample> first = readText("{oops", JsonDocuments.Backup.MOVE);
        Loaded<Sample> second = readText("{oops again", JsonDocuments.Backup.MOVE);
        assertEquals(dir.resolve("sample.json.20261124T020304Z.bak"), first.backup());
        assertEquals(dir.resolve("sample.json.20261124T020304Z-1.bak"), second.backup());
        assertEquals("{oops", Files.readString(first.backup()));
    }

    @Test
    void storedValuesMustBeScalars() throws IOException {
        Path f = dir.resolve("last-state.json");
        Files.writeString(f, "{\"version\": 1, \"values\": {\"a\": 1, \"b\": [1]}}");
        Loaded<LastStateFile> l = docs.read(f, LastStateFile.TYPE, JsonDocuments.Backup.MOVE);
        assertEquals("parameter 'b' must be text, a number or true/false, got a list", l.problem().message());
        Files.writeString(f, "{\"version\": 1, \"values\": {\"a\": 1.5, \"b\": \"x\", \"c\": false}}");
        assertEquals(Map.of("a", 1.5, "b", "x", "c", false), docs.read(f, LastStateFile.TYPE, JsonDocuments.Backup.MOVE).value().values());
    }

    @Test
    void sceneFilesAreValidated() throws IOException {
        Path f = dir.resolve("scenes.json");
        Files.writeString(f, "{\"version\": 1, \"scenes\": [\n {\"name\": \"A\", \"values\": {}},\n {\"name\": \"a\", \"values\": {}}\n]}");
        Loaded<ScenesFile> dup = docs.read(f, ScenesFile.TYPE, JsonDocuments.Backup.MOVE);
        assertEquals("two scenes are named 'a'", dup.problem().message());
        Files.writeString(f, "{\"version\": 1, \"scenes\": [\n {\"name\": \"ok\", \"values\": {}},\n {\"name\": \" \", \"values\": {}}\n]}");
        Loaded<ScenesFile> blank = docs.read(f, ScenesFile.TYPE, JsonDocuments.Backup.MOVE);
        assertEquals("scenes[1]", blank.problem().field());
        assertEquals(3, blank.problem().line());
        assertEquals("a scene name cannot be empty", blank.problem().message());
    }
    /**
     * An unknown field is named before a constructor can complain about a field left out: {"nope": 3} as a mapping
     * used to read "mappings[0].min: expected a number, got an object".
     */
    @Test
    void anUnknownFieldIsNamedBeforeTheFieldsLeftOut() throws IOException {
        Path f = dir.resolve("mappings.json");
        Files.writeString(f, "{\"version\": 1, \"mappings\": [ {\"nope\": 3} ]}");
        DocumentProblem p = docs.read(f, MappingsFile.TYPE, JsonDocuments.Backup.MOVE).problem();
        assertEquals("mappings[0].nope", p.field(), p.toString());
        assertEquals("unknown field 'nope' (known: curve, feedback, id, max, min, mode, source, takeover, target)", p.message());
        assertEquals(1, p.line());
        assertEquals(31, p.column(), "at the field itself");
        Files.writeString(f, "{\"mappings\": [{\"id\": \"a\", \"target\": \"volume\", \"min\": 0, \"max\": 1,\n"
                + " \"source\": {\"typ\": \"cc\", \"number\": 7}}]}");
        p = docs.read(f, MappingsFile.TYPE, JsonDocuments.Backup.MOVE).problem();
        assertEquals("mappings[0].source.typ", p.field(), p.toString());
        assertEquals("unknown field 'typ' (known: channel, device, number, type)", p.message());
        Files.writeString(f, "{\"nope\": 3}");
        p = docs.read(f, MappingsFile.TYPE, JsonDocuments.Backup.MOVE).problem();
        assertEquals("nope: unknown field 'nope' (known: mappings)", p.field() + ": " + p.message());
        Files.writeString(f, "{\"mappings\": [{\"target\": \"volume\", \"min\": 0, \"max\": 1}]}");
        p = docs.read(f, MappingsFile.TYPE, JsonDocuments.Backup.MOVE).problem();
        assertEquals("mappings[0].feedback: missing (expected true or false)", p.field() + ": " + p.message(), "not \"got an object\"");
        Files.writeString(f, "{\"mappings\": [{\"target\": \"volume\", \"min\": 0, \"max\": 1, \"feedback\": true}]}");
        p = docs.read(f, MappingsFile.TYPE, JsonDocuments.Backup.MOVE).problem();
        assertEquals("a mapping needs a source (the MIDI messages that drive it)", p.message(), "with every field known, the constructor has its say: " + p);
    }
}
