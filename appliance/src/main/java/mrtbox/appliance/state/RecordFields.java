package mrtbox.appliance.state;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.type.TypeFactory;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Finds the first field that no record of a document has, before the document is bound. Jackson reports an unknown
 * field of a record only after the record's constructor ran, so a complaint about a field left out ({@code source},
 * {@code min}) hid the field actually mistyped: {@code {"nope": 3}} as a mapping read "min: expected a number".
 * Objects bound to records (nested, in lists, as map values) are checked; anything else is left to Jackson. The
 * config reader runs the same pass on each object it binds ({@link #firstUnknown(JsonNode, Class)}).
 */
public final class RecordFields {
    private final Path file;
    private final JsonParser p;

    private RecordFields(Path file, JsonParser p) {
        this.file = file;
        this.p = p;
    }

    /** The first unknown field of the document at the parser (before its first token), or null when there is none. */
    static DocumentProblem firstUnknown(Path file, JsonParser p, Class<?> root) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) return null;   // the version pass reports a document that is no object
        return new RecordFields(file, p).value(TypeFactory.defaultInstance().constructType(root), "", true);
    }

    /**
     * The first unknown field of a tree read as {@code type}, its field path relative to the tree, or null when
     * there is none. A tree has no file positions: the problem's file, line and column are for the caller to fill in.
     */
    public static DocumentProblem firstUnknown(JsonNode node, Class<?> type) {
        try (JsonParser p = node.traverse()) {
            p.nextToken();
            return new RecordFields(null, p).value(TypeFactory.defaultInstance().constructType(type), "", false);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("reading a tree in memory", e);   // a tree's parser reads no input
        }
    }

    /** Checks the value at the current token as the type, and moves past it. */
    private DocumentProblem value(JavaType type, String path, boolean top) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.START_OBJECT && type.getRawClass().isRecord()) return record(type, path, top);
        if (t == JsonToken.START_OBJECT && type.isMapLikeType()) {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                DocumentProblem d = value(type.getContentType(), join(path, name), false);
                if (d != null) return d;
            }
            return null;
        }
        if (t == JsonToken.START_ARRAY && (type.isCollectionLikeType() || type.isArrayType())) {
            for (int i = 0; p.nextToken() != JsonToken.END_ARRAY; i++) {
                DocumentProblem d = value(type.getContentType(), path + "[" + i + "]", false);
                if (d != null) return d;
            }
            return null;
        }
        p.skipChildren();   // a scalar, or a shape the binding will refuse in its own words
        return null;
    }

    private DocumentProblem record(JavaType type, String path, boolean top) throws IOException {
        Map<String, JavaType> fields = new TreeMap<>();
        for (RecordComponent rc : type.getRawClass().getRecordComponents()) {
            fields.put(rc.getName(), type.getBindings().isEmpty()
                    ? TypeFactory.defaultInstance().constructType(rc.getGenericType())
                    : TypeFactory.defaultInstance().resolveMemberType(rc.getGenericType(), type.getBindings()));
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JavaType field = fields.get(name);
            if (field == null && !(top && name.equals("version"))) {
                var at = p.currentTokenLocation();
                return new DocumentProblem(file, at.getLineNr(), at.getColumnNr(), join(path, name), "unknown field '" + name + "'"
                        + (fields.isEmpty() ? "" : " (known: " + fields.keySet().stream().collect(Collectors.joining(", ")) + ")"));
            }
            p.nextToken();
            if (field == null) {
                p.skipChildren();
                continue;
            }
            DocumentProblem d = value(field, join(path, name), false);
            if (d != null) return d;
        }
        return null;
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }
}
