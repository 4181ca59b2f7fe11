package mrtbox.appliance.state;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Words for Jackson's errors: "osc.port: expected a whole number, got text "nine"" instead of "Cannot coerce String
 * value ("nine") to `java.lang.Integer` value (but might if coercion using `CoercionConfig` was enabled)".
 */
public final class JsonProblems {
    private JsonProblems() {}

    /** Turns Jackson's exception into a problem a person can act on. */
    public static DocumentProblem describe(Path file, JsonProcessingException e, JsonParser parser) {
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
        } else if (e instanceof MismatchedInputException mi && mi.getTargetType() != null && mi.getTargetType().isPrimitive()
                && parser.currentToken() != JsonToken.VALUE_NULL && String.valueOf(e.getOriginalMessage()).startsWith("Cannot map `null`")) {
            message = "missing (expected " + expected(mi.getTargetType()) + ")";   // a record's field left out, seen at its end
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
            return "one of " + Arrays.stream(t.getEnumConstants())
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
            JsonProperty p = c.getDeclaringClass().getField(c.name()).getAnnotation(JsonProperty.class);
            return p != null ? p.value() : c.name();
        } catch (NoSuchFieldException e) {
            return c.name();
        }
    }

    static String tokenKind(JsonParser p) {
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
}
