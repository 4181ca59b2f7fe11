package mrtbox.web.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mrtbox.web.auth.Session;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Fields;

/** One REST call as a route sees it: path parameters, the bounded body, the session and the client address. */
public final class ApiCall {
    /** JSON bodies are small forms; anything bigger is a mistake or an attack. */
    public static final int MAX_JSON_BYTES = 64 * 1024;

    private final Request request;
    private final Response response;
    private final Map<String, String> pathParams;
    private final Session session;
    private final ObjectMapper json;

    ApiCall(Request request, Response response, Map<String, String> pathParams, Session session, ObjectMapper json) {
        this.request = request;
        this.response = response;
        this.pathParams = pathParams;
        this.session = session;
        this.json = json;
    }

    public String path(String name) {
        String v = pathParams.get(name);
        if (v == null) throw new IllegalStateException("route has no {" + name + "}");
        return org.eclipse.jetty.util.URIUtil.decodePath(v);
    }

    public Optional<String> query(String name) {
        Fields f = Request.extractQueryParameters(request);
        return Optional.ofNullable(f.getValue(name));
    }

    /** The logged-in session; present on every {@link Access#USER} route. */
    public Optional<Session> session() {
        return Optional.ofNullable(session);
    }

    /** Whether the browser sent a session cookie at all (a stale one: the page then says why it asks to log in). */
    public boolean sentSessionCookie() {
        return org.eclipse.jetty.server.Request.getCookies(request).stream()
                .anyMatch(c -> c.getName().equals(ApiRouter.SESSION_COOKIE) && !c.getValue().isEmpty());
    }

    public String client() {
        return Request.getRemoteAddr(request);
    }

    public boolean secure() {
        return request.isSecure();
    }

    public Response response() {
        return response;
    }

    /** The body as a JSON tree; 415 unless sent as JSON, 413 when too big, 400 with the parser's position when malformed. */
    public JsonNode json() {
        String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            throw new ApiError(415, "send the body as application/json");
        }
        byte[] body = bytes(MAX_JSON_BYTES);
        if (body.length == 0) throw ApiError.badRequest("empty body: expected a JSON object");
        try {
            JsonNode node = json.readTree(body);
            if (node == null || !node.isObject()) throw ApiError.badRequest("expected a JSON object");
            return node;
        } catch (JsonProcessingException e) {
            throw ApiError.badRequest("malformed JSON: " + e.getOriginalMessage() + location(e));
        } catch (IOException e) {
            throw ApiError.badRequest("unreadable body: " + e.getMessage());
        }
    }

    /** The body bound to a record; unknown fields are refused by name. */
    public <T> T json(Class<T> type) {
        return bind(json(), type);
    }

    /** A part of the body bound to a record, refused (400) in the same words as a whole body. */
    public <T> T bind(JsonNode node, Class<T> type) {
        try {
            return json.treeToValue(node, type);
        } catch (com.fasterxml.jackson.databind.exc.ValueInstantiationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw ApiError.badRequest("invalid " + type.getSimpleName().toLowerCase(java.util.Locale.ROOT) + ": " + cause.getMessage());
        } catch (UnrecognizedPropertyException e) {
            throw ApiError.badRequest("unknown field \"" + e.getPropertyName() + "\"; known: " + e.getKnownPropertyIds());
        } catch (MismatchedInputException e) {
            throw ApiError.badRequest(mismatch(e));
        } catch (JsonProcessingException e) {
            throw ApiError.badRequest("invalid request: " + e.getOriginalMessage() + pathOf(e));
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
    }

    /** The raw body, refusing more than {@code limit} bytes with 413 (checked against Content-Length first). */
    public byte[] bytes(int limit) {
        long declared = request.getLength();
        if (declared > limit) throw new ApiError(413, "body of " + declared + " bytes is over the limit of " + limit);
        try (InputStream in = Content.Source.asInputStream(request)) {
            byte[] data = in.readNBytes(limit + 1);
            if (data.length > limit) throw new ApiError(413, "body is over the limit of " + limit + " bytes");
            return data;
        } catch (IOException e) {
            throw ApiError.badRequest("could not read the body: " + e.getMessage());
        }
    }

    /** How Jackson says a record's field was left out (FAIL_ON_MISSING_CREATOR_PROPERTIES): its name is in quotes. */
    private static final Pattern MISSING = Pattern.compile("^Missing creator property '([^']+)'");

    /**
     * A field left out or of the wrong kind, in the words of the rest of the API ({@code "min" is missing (expected a
     * number)}, {@code "source.channel" must be a whole number, got a string}) rather than Jackson's.
     */
    private String mismatch(MismatchedInputException e) {
        String at = fieldPath(e);
        Matcher missing = MISSING.matcher(String.valueOf(e.getOriginalMessage()));
        if (missing.find()) {
            String name = missing.group(1);   // the path may end with it already
            String field = at.equals(name) || at.endsWith("." + name) ? at : at.isEmpty() ? name : at + "." + name;
            return "\"" + field + "\" is missing (expected " + expected(e.getTargetType()) + ")";
        }
        if (!at.isEmpty() && e.getTargetType() != null) return "\"" + at + "\" must be " + expected(e.getTargetType()) + got(e);
        return "invalid request: " + e.getOriginalMessage() + pathOf(e);
    }

    /** What a value of this type is written as, in JSON words. */
    private String expected(Class<?> t) {
        if (t == null) return "a value";
        if (t == int.class || t == long.class || t == short.class || t == byte.class || t == Integer.class || t == Long.class
                || t == Short.class || t == Byte.class) return "a whole number";
        if (t.isPrimitive() && t != boolean.class && t != char.class || Number.class.isAssignableFrom(t)) return "a number";
        if (t == boolean.class || t == Boolean.class) return "true or false";
        if (CharSequence.class.isAssignableFrom(t) || t == char.class || t == Character.class) return "a string";
        if (t.isEnum()) {
            java.util.List<String> words = new java.util.ArrayList<>();
            for (Object c : t.getEnumConstants()) words.add(String.valueOf(json.convertValue(c, Object.class)));   // as JSON writes it
            return "one of " + String.join(", ", words);
        }
        if (t.isArray() || java.util.Collection.class.isAssignableFrom(t)) return "a list";
        return "an object";
    }

    private static String got(MismatchedInputException e) {
        if (e instanceof InvalidFormatException f && f.getValue() != null) {
            return ", got " + (f.getValue() instanceof String v ? "\"" + v + "\"" : f.getValue());
        }
        if (!(e.getProcessor() instanceof JsonParser p) || p.currentToken() == null) return "";
        return switch (p.currentToken()) {
            case VALUE_NULL -> ", got null";
            case VALUE_STRING -> ", got a string";
            case VALUE_TRUE, VALUE_FALSE -> ", got true/false";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> ", got a number";
            case START_OBJECT -> ", got an object";
            case START_ARRAY -> ", got a list";
            default -> "";
        };
    }

    /** The failing field as the body names it ({@code source.channel}, {@code values[2]}); empty at the top. */
    private static String fieldPath(com.fasterxml.jackson.databind.JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (var ref : e.getPath()) {
            if (ref.getFieldName() != null) sb.append(sb.isEmpty() ? "" : ".").append(ref.getFieldName());
            else if (ref.getIndex() >= 0) sb.append('[').append(ref.getIndex()).append(']');
        }
        return sb.toString();
    }

    private static String location(JsonProcessingException e) {
        return e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
    }

    private static String pathOf(JsonProcessingException e) {
        if (e instanceof com.fasterxml.jackson.databind.JsonMappingException m && !m.getPath().isEmpty()) {
            StringBuilder sb = new StringBuilder(" (at ");
            for (var ref : m.getPath()) sb.append(ref.getFieldName() != null ? "." + ref.getFieldName() : "[" + ref.getIndex() + "]");
            return sb.append(')').toString();
        }
        return "";
    }
}
