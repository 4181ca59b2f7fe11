package mrtbox.appliance.state;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

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
                    throw invalid(file, p.currentTokenLocation(), "version", "expected a whole number, got " + tokenKind(p));
                } else if (p.getIntValue() != type.version()) {
                    throw invalid(file, p.currentTokenLocation(), "version", "format version " + p.getText()
                            + " is not supported by this mrtbox (it reads version " + type.version() + ")");
                }
            }
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
                throw new Invalid(describe(file, e, p));
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

    private Path keep(Path file, Backup mode) throws IOException {
        String base = file.getFileName() + "." + STAMP.format(clock.instant());
        Path target = file.resolveSibling(base + ".bak");
        for (int n = 1; Files.exists(target); n++) target = file.resolveSibling(base + "-" + n + ".bak");
        if (mode == Backup.MOVE) Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
        else Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES);
        return target;
    }

    /** Turns Jackson's exception into a problem a person can act on. */
    static DocumentProblem describe(Path file, JsonProcessingException e, JsonParser parser) {
        int line = e.getLocation() == null ? 0 : Math.max(0, e.getLocation().getLineNr());
        int column = e.getLocation() == null ? 0 : Math.max(0, e.getLocation().getColumnNr());
        String field = "";
        String message;
        if (e instanceof JsonMappingException m) field = path(m.getPath());
        if (field.isEmpty()) field = path(parser.getParsingContext());
        if (e instanceof UnrecognizedPropertyException u) {
            message = "unknown field '" + u.getPropertyName() + "'" + known(u.getKnownPropertyIds());
        } else if (e instanceof InvalidFormatException f && f.getTargetType() != null && f.getTargetType().isEnum()) {
            message = "expected " + expected(f.getTargetType()) + ", got " + shown(f.getValue());
        } else if (e instanceof ValueInstantiationException v) {
            Throwable cause = v.getCause() == null ? v : v.getCause();
            message = cause.getMessage();
        } else if (e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Trailing token")) {
            message = "more content after the end of the document";
        } else if (e instanceof MismatchedInputException mi && mi.getTargetType() != null) {
            message = "expected " + expected(mi.getTargetType()) + (parser.currentToken() == null ? "" : ", got " + tokenKind(parser));
        } else {
            message = firstLine(e.getOriginalMessage());
        }
        return new DocumentProblem(file, line, column, field, message);
    }

    private static String path(List<JsonMappingException.Reference> refs) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : refs) {
            if (r.getFieldName() != null) {
                if (sb.length() > 0) sb.append('.');
                sb.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    private static String path(JsonStreamContext ctx) {
        StringBuilder sb = new StringBuilder();
        for (JsonStreamContext c = ctx; c != null && !c.inRoot(); c = c.getParent()) {
            String part = c.inArray() ? "[" + Math.max(0, c.getCurrentIndex()) + "]"
                    : c.getCurrentName() == null ? "" : "." + c.getCurrentName();
            sb.insert(0, part);
        }
        return sb.length() > 0 && sb.charAt(0) == '.' ? sb.substring(1) : sb.toString();
    }

    private static String known(Collection<Object> ids) {
        if (ids == null || ids.isEmpty()) return "";
        return " (known: " + ids.stream().map(String::valueOf).sorted().collect(Collectors.joining(", ")) + ")";
    }

    private static String expected(Class<?> t) {
        if (t == null) return "another value";
        if (t.isEnum()) {
            return "one of " + java.util.Arrays.stream(t.getEnumConstants())
                    .map(c -> "\"" + enumName((Enum<?>) c) + "\"").collect(Collectors.joining(", "));
        }
        if (t == int.class || t == Integer.class || t == long.class || t == Long.class) return "a whole number";
        if (t == double.class || t == Double.class || t == float.class || t == Float.class) return "a number";
        if (t == boolean.class || t == Boolean.class) return "true or false";
        if (t == String.class || t == java.nio.file.Path.class) return "text";
        if (List.class.isAssignableFrom(t) || t.isArray()) return "a list";
        if (Map.class.isAssignableFrom(t) || t.isRecord()) return "an object";
        return "a " + t.getSimpleName();
    }

    private static String enumName(Enum<?> c) {
        try {
            com.fasterxml.jackson.annotation.JsonProperty p =
                    c.getDeclaringClass().getField(c.name()).getAnnotation(com.fasterxml.jackson.annotation.JsonProperty.class);
            return p != null ? p.value() : c.name();
        } catch (NoSuchFieldException e) {
            return c.name();
        }
    }

    private static String tokenKind(JsonParser p) {
        return switch (p.currentToken()) {
            case START_OBJECT, END_OBJECT, FIELD_NAME -> "an object";
            case START_ARRAY, END_ARRAY -> "a list";
            case VALUE_STRING -> "text " + shown(safeText(p));
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "the number " + safeText(p);
            case VALUE_TRUE, VALUE_FALSE -> safeText(p);
            case VALUE_NULL -> "null";
            default -> p.currentToken().toString();
        };
    }

    private static String safeText(JsonParser p) {
        try {
            return p.getText();
        } catch (IOException e) {
            return "?";
        }
    }

    private static String shown(Object v) {
        return v instanceof String s ? "\"" + s + "\"" : String.valueOf(v);
    }

    private static String firstLine(String s) {
        if (s == null) return "invalid JSON";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
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
