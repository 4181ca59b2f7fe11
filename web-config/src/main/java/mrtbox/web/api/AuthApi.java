package mrtbox.web.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import mrtbox.web.auth.Authenticator;
import mrtbox.web.auth.Session;
import mrtbox.web.http.Access;
import mrtbox.web.http.ApiCall;
import mrtbox.web.http.ApiRouter;
import mrtbox.web.http.Json;
import mrtbox.web.http.Route;
import org.eclipse.jetty.server.Response;

/**
 * First-run setup, login, logout, password change. The session id goes into an HttpOnly, SameSite=Strict cookie
 * (Secure over HTTPS) that lives no longer than the session; the CSRF token comes back in the JSON body.
 */
public final class AuthApi {
    private final Authenticator auth;

    public AuthApi(Authenticator auth) {
        this.auth = auth;
    }

    public void register(ApiRouter router) {
        router.add(Route.of("GET", "/api/auth/state", Access.PUBLIC, this::state));
        router.add(Route.of("POST", "/api/auth/setup", Access.PUBLIC, this::setup));
        router.add(Route.of("POST", "/api/auth/login", Access.PUBLIC, this::login));
        router.add(Route.of("POST", "/api/auth/logout", Access.USER, this::logout));
        router.add(Route.of("POST", "/api/auth/password", Access.USER, this::changePassword));
    }

    private Object state(ApiCall c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("setupRequired", auth.setupRequired());
        Optional<Session> s = c.session();
        m.put("loggedIn", s.isPresent());
        s.ifPresent(session -> m.put("csrf", session.csrfToken()));
        if (s.isEmpty() && c.sentSessionCookie() && !auth.setupRequired()) m.put("sessionEnded", sessionEnded());
        return m;
    }

    /** Why a browser with a session cookie has to log in again, in words for the login form. */
    private String sessionEnded() {
        String problem = auth.sessions().loadProblem();
        if (!problem.isEmpty()) return "The box restarted and could not restore its sessions (" + problem + "). Please log in again.";
        return "Your session ended (it expired, was unused too long, was logged out, or the password changed). Please log in again.";
    }

    private Object setup(ApiCall c) {
        JsonNode body = c.json();
        Json.onlyFields(body, "code", "password");
        Session s = auth.setup(Json.text(body, "code"), Json.text(body, "password").toCharArray(), c.client());
        return loggedIn(c, s);
    }

    private Object login(ApiCall c) {
        JsonNode body = c.json();
        Json.onlyFields(body, "password");
        Session s = auth.login(Json.text(body, "password").toCharArray(), c.client());
        return loggedIn(c, s);
    }

    private Object logout(ApiCall c) {
        c.session().ifPresent(s -> auth.sessions().remove(s.id()));
        setCookie(c, "", 0);
        return Map.of("loggedIn", false);
    }

    private Object changePassword(ApiCall c) {
        JsonNode body = c.json();
        Json.onlyFields(body, "current", "password");
        Session s = c.session().orElseThrow();
        auth.changePassword(s, Json.text(body, "current").toCharArray(), Json.text(body, "password").toCharArray(), c.client());
        return Map.of("changed", true);
    }

    private Map<String, Object> loggedIn(ApiCall c, Session s) {
        setCookie(c, s.id(), auth.sessions().lifetime().toSeconds());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("loggedIn", true);
        m.put("csrf", s.csrfToken());
        m.put("expires", s.expires().toString());
        return m;
    }

    private static void setCookie(ApiCall c, String value, long maxAgeSeconds) {
        Response r = c.response();
        String cookie = ApiRouter.SESSION_COOKIE + "=" + value + "; Path=/; Max-Age=" + maxAgeSeconds
                + "; HttpOnly; SameSite=Strict" + (c.secure() ? "; Secure" : "");
        r.getHeaders().add("Set-Cookie", cookie);
    }
}
