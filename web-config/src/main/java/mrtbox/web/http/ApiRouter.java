package mrtbox.web.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import mrtbox.web.auth.Session;
import mrtbox.web.auth.SessionStore;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dispatches {@code /api/...} to {@link Route}s and enforces the security rules in one place: sessions for USER
 * routes, the same-origin check on every state-changing call, the CSRF token on state-changing USER calls.
 * Errors become {@code {"error": "..."}} with their status; unexpected failures are logged and answered 500.
 */
public final class ApiRouter extends Handler.Abstract {
    private static final Logger log = LoggerFactory.getLogger(ApiRouter.class);
    public static final String SESSION_COOKIE = "mrtbox_session";
    public static final String CSRF_HEADER = "X-CSRF-Token";
    private static final long DRAIN_LIMIT = 64L * 1024 * 1024;

    private final List<Route> routes = new ArrayList<>();
    private final SessionStore sessions;
    private final ObjectMapper json;
    private final boolean publicHealth;

    public ApiRouter(SessionStore sessions, ObjectMapper json, boolean publicHealth) {
        this.sessions = sessions;
        this.json = json;
        this.publicHealth = publicHealth;
    }

    public ApiRouter add(Route route) {
        routes.add(route);
        return this;
    }

    public List<Route> routes() {
        return List.copyOf(routes);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = Request.getPathInContext(request);
        if (!path.startsWith("/api/")) return false;
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        try {
            Route route = null;
            Map<String, String> params = null;
            boolean pathKnown = false;
            for (Route r : routes) {
                Map<String, String> m = r.match(path);
                if (m == null) continue;
                pathKnown = true;
                if (r.method().equals(request.getMethod())) {
                    route = r;
                    params = m;
                    break;
                }
            }
            if (route == null) {
                throw pathKnown ? new ApiError(405, request.getMethod() + " is not allowed on " + path)
                        : ApiError.notFound("no API endpoint " + path);
            }
            boolean changesState = !(request.getMethod().equals("GET") || request.getMethod().equals("HEAD"));
            if (changesState) OriginCheck.require(request);
            Session session = sessionOf(request).orElse(null);
            boolean needsLogin = route.access() == Access.USER || (route.access() == Access.HEALTH && !publicHealth);
            if (needsLogin && session == null) throw new ApiError(401, "log in first");
            if (changesState && route.access() == Access.USER) requireCsrf(request, session);
            Object result = route.handler().handle(new ApiCall(request, response, params, session, json));
            write(response, callback, result);
        } catch (ApiError e) {
            drain(request);
            if (e.retryAfterSeconds() > 0) response.getHeaders().put(HttpHeader.RETRY_AFTER, Long.toString(e.retryAfterSeconds()));
            writeJson(response, callback, e.status(), Map.of("error", e.reason()));
        } catch (Exception e) {
            log.error("{} {} failed", request.getMethod(), path, e);
            writeJson(response, callback, 500, Map.of("error", "internal error: " + e));
        }
        return true;
    }

    /**
     * Reads what is left of a refused request's body (up to {@link #DRAIN_LIMIT}) so the client, still sending, gets
     * to read the error instead of a reset connection. Bigger bodies are cut off with the connection.
     */
    private static void drain(Request request) {
        try (java.io.InputStream in = org.eclipse.jetty.io.Content.Source.asInputStream(request)) {
            long left = DRAIN_LIMIT;
            byte[] buf = new byte[16384];
            int n;
            while (left > 0 && (n = in.read(buf, 0, (int) Math.min(buf.length, left))) > 0) left -= n;
        } catch (java.io.IOException | RuntimeException e) {
            // the connection is closing anyway
        }
    }

    public Optional<Session> sessionOf(Request request) {
        for (HttpCookie c : Request.getCookies(request)) {
            if (c.getName().equals(SESSION_COOKIE)) {
                Optional<Session> s = sessions.find(c.getValue());
                if (s.isPresent()) return s;
            }
        }
        return Optional.empty();
    }

    private static void requireCsrf(Request request, Session session) {
        String token = request.getHeaders().get(CSRF_HEADER);
        if (token == null) throw new ApiError(403, "missing " + CSRF_HEADER + " header (take the token from the login answer)");
        if (!MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8), session.csrfToken().getBytes(StandardCharsets.UTF_8))) {
            throw new ApiError(403, "wrong " + CSRF_HEADER + " token for this session");
        }
    }

    private void write(Response response, Callback callback, Object result) throws Exception {
        if (result == null) {
            response.setStatus(204);
            response.write(true, null, callback);
        } else if (result instanceof Reply r) {
            response.setStatus(r.status());
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, r.contentType());
            r.headers().forEach((k, v) -> response.getHeaders().put(k, v));
            response.write(true, ByteBuffer.wrap(r.body()), callback);
        } else {
            writeJson(response, callback, 200, result);
        }
    }

    private void writeJson(Response response, Callback callback, int status, Object body) {
        byte[] bytes;
        try {
            bytes = json.writeValueAsBytes(body);
        } catch (Exception e) {
            status = 500;
            bytes = "{\"error\":\"could not write the answer\"}".getBytes(StandardCharsets.UTF_8);
        }
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
        response.write(true, ByteBuffer.wrap(bytes), callback);
    }
}
