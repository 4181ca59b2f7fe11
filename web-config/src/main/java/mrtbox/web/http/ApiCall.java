package mrtbox.web.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;
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
