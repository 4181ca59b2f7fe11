package mrtbox.appliance.state;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Reads and writes {@link DocumentType versioned JSON documents}. A file that cannot be used (bad JSON, unknown
 * field, wrong type, invalid value, a version this build does not know) is kept as a timestamped backup beside it
 * and reported with file, line, column and field; the caller gets the defaults. Nothing is lost.
 */
public final class JsonDocuments {
    /** What to do with an unusable file. */
    public enum Backup {
        /** Rename it away, so the next save cannot overwrite it (state files the box writes). */
        MOVE,
        /** Copy it, leaving the original where it is for its owner to fix (the config, which the box never writes). */
        COPY
    }

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final Clock clock;

    public JsonDocuments(Clock clock) {
        this.clock = clock;
    }

    public <T> Loaded<T> read(Path file, DocumentType<T> type, Backup backup) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return new Loaded<>(type.defaults(), file, Loaded.Status.MISSING, null, null);
        } catch (IOException e) {
            // Unreadable (permissions, I/O error): report, but leave the file alone; it is not known to be bad.
            DocumentProblem p = new DocumentProblem(file, 0, 0, "", "cannot read: " + e);
            return new Loaded<>(type.defaults(), file, Loaded.Status.REPLACED_BY_DEFAULTS, p, null);
        }
        DocumentProblem problem;
        try {
            return new Loaded<>(parse(file, bytes, type), file, Loaded.Status.LOADED, null, null);
        } catch (Invalid e) {
            problem = e.problem;
        }
        Path kept = null;
        try {
            kept = keep(file, backup);
        } catch (IOException e) {
            problem = new DocumentProblem(file, problem.line(), problem.column(), problem.field(),
                    problem.message() + " (and no backup could be made: " + e.getMessage() + ")");
        }
        return new Loaded<>(type.defaults(), file, Loaded.Status.REPLACED_BY_DEFAULTS, problem, kept);
    }

    /** Serialises {@code value} with the type's current version, first thing in the file, and writes it atomically. */
    public <T> void write(Path file, DocumentType<T> type, T value) throws IOException {
        AtomicFiles.write(file, toBytes(type, value));
    }

    public static <T> byte[] toBytes(DocumentType<T> type, T value) throws IOException {
        byte[] text = Json.mapper().writeValueAsBytes(toTree(type, value));
        byte[] out = new byte[text.length + 1];
        System.arraycopy(text, 0, out, 0, text.length);
        out[text.length] = '\n';
        return out;
    }

    /** The document as a JSON object: {@code "version"} first, then the value's fields. */
    public static <T> ObjectNode toTree(DocumentType<T> type, T value) {
        ObjectNode root = Json.mapper().createObjectNode();
        root.put("version", type.version());
        JsonNode body = Json.mapper().valueToTree(value);
        if (!(body instanceof ObjectNode obj)) throw new IllegalArgumentException(type + ": a document must be a JSON object");
        if (obj.has("version")) throw new IllegalArgumentException(type + ": 'version' is reserved for the format version");
        root.setAll(obj);
        return root;
    }

    private <T> T parse(Path file, byte[] bytes, DocumentType<T> type) throws Invalid {
        // First the version, with a streaming pass: a newer file must be reported as such, not as unknown fields.
        pass(file, bytes, p -> {
            JsonToken t = p.nextToken();
            if (t == null) throw invalid(file, p.currentLocation(), "", "the file is empty");
            if (t != JsonToken.START_OBJECT) throw invalid(file, p.currentTokenLocation(), "", "expected a JSON object at the top");
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                if (!"version".equals(name)) {
                    p.skipChildren();
                } else if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
                    throw invalid(file, p.currentTokenLocation(), "version", "expected a whole number, got " + JsonProblems.tokenKind(p));
                } else if (p.getIntValue() != type.version()) {
                    throw invalid(file, p.currentTokenLocation(), "version", "format version " + p.getText()
                            + " is not supported by this mrtbox (it reads version " + type.version() + ")");
                }
            }
            return null;
        });
        // Then the field names of every record, before any record's constructor can complain about a field left out.
        pass(file, bytes, p -> {
            DocumentProblem unknown = RecordFields.firstUnknown(file, p, type.type());
            if (unknown != null) throw new Invalid(unknown);
            return null;
        });
        // Then the typed read, which reports line, column and field for everything else (trailing content included).
        // A missing version reads as the current one.
        return pass(file, bytes, p -> {
            T value = Json.mapper().readerFor(type.type()).withHandler(new Json.TopLevelVersion()).readValue(p);
            if (value == null) throw invalid(file, p.currentTokenLocation(), "", "the document is null");
            return value;
        });
    }

    private interface ParserPass<R> {
        R run(JsonParser p) throws IOException;
    }

    /** Runs one pass over the bytes; Jackson's errors are described while the parser still knows the offending token. */
    private static <R> R pass(Path file, byte[] bytes, ParserPass<R> body) throws Invalid {
        try (JsonParser p = Json.mapper().createParser(bytes)) {
            try {
                return body.run(p);
            } catch (JsonProcessingException e) {
                throw new Invalid(JsonProblems.describe(file, e, p));
            }
        } catch (Invalid e) {
            throw e;
        } catch (IOException e) {
            throw new Invalid(new DocumentProblem(file, 0, 0, "", e.toString()));
        }
    }

    private static Invalid invalid(Path file, JsonLocation at, String field, String message) {
        return new Invalid(new DocumentProblem(file, at == null ? 0 : at.getLineNr(), at == null ? 0 : at.getColumnNr(), field, message));
    }

    /**
     * Copies a file the box does not own (the config) to {@code <name>.<UTC time>.bak} beside it; returns the copy, or
     * the earlier copy of the same bytes (every command reads the config: one bad content is kept once, not per read).
     */
    public Path keepCopy(Path file) throws IOException {
        return keep(file, Backup.COPY);
    }

    private Path keep(Path file, Backup mode) throws IOException {
        if (mode == Backup.COPY) {
            Path same = earlierCopy(file);
            if (same != null) return same;
        }
        String base = file.getFileName() + "." + STAMP.format(clock.instant());
        Path target = file.resolveSibling(base + ".bak");
        for (int n = 1; Files.exists(target); n++) target = file.resolveSibling(base + "-" + n + ".bak");
        if (mode == Backup.MOVE) Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
        else Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES);
        return target;
    }

    /** A {@code <name>.*.bak} beside the file with exactly its bytes, or null. */
    private static Path earlierCopy(Path file) throws IOException {
        String prefix = file.getFileName() + ".";
        Path dir = file.toAbsolutePath().getParent();
        try (DirectoryStream<Path> baks = Files.newDirectoryStream(dir, p -> {
            String n = p.getFileName().toString();
            return n.startsWith(prefix) && n.endsWith(".bak") && Files.isRegularFile(p);
        })) {
            for (Path b : baks) if (Files.mismatch(file, b) == -1) return file.resolveSibling(b.getFileName());
        }
        return null;
    }

    /** The file cannot be used; {@code problem} says why and where. */
    private static final class Invalid extends IOException {
        final transient DocumentProblem problem;

        Invalid(DocumentProblem problem) {
            super(problem.toString());
            this.problem = problem;
        }
    }
}
