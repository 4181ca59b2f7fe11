package mrtbox.web.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A script's view of the REST API over the JDK HttpClient: keeps the session cookie and CSRF token by hand so tests
 * can also leave them out or forge them.
 */
public final class ApiClient {
    public record Answer(int status, JsonNode json, HttpResponse<byte[]> raw) {
        public String error() {
            return json == null ? null : json.path("error").asText(null);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http;
    private final String base;
    public String cookie;
    public String csrf;
    public final Map<String, String> extraHeaders = new LinkedHashMap<>();

    public ApiClient(String base) {
        this(base, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
    }

    public ApiClient(String base, HttpClient http) {
        this.base = base;
        this.http = http;
    }

    public Answer get(String path) throws Exception {
        return send("GET", path, null, null);
    }

    public Answer json(String method, String path, Object body) throws Exception {
        return send(method, path, body == null ? null : (body instanceof String s ? s.getBytes() : JSON.writeValueAsBytes(body)), "application/json");
    }

    public Answer send(String method, String path, byte[] body, String contentType) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null && body != null) b.header("Content-Type", contentType);
        if (cookie != null) b.header("Cookie", cookie);
        if (csrf != null) b.header("X-CSRF-Token", csrf);
        extraHeaders.forEach(b::header);
        HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        r.headers().firstValue("Set-Cookie").ifPresent(c -> {
            String pair = c.split(";", 2)[0];
            cookie = pair.endsWith("=") ? null : pair;
        });
        JsonNode json = null;
        String type = r.headers().firstValue("Content-Type").orElse("");
        if (type.startsWith("application/json") && r.body().length > 0) json = JSON.readTree(r.body());
        return new Answer(r.statusCode(), json, r);
    }

    /** First-run setup with the code from the log; keeps the session. */
    public Answer setup(String code, String password) throws Exception {
        Answer a = json("POST", "/api/auth/setup", Map.of("code", code, "password", password));
        if (a.status() == 200) csrf = a.json().get("csrf").asText();
        return a;
    }

    public Answer login(String password) throws Exception {
        Answer a = json("POST", "/api/auth/login", Map.of("password", password));
        if (a.status() == 200) csrf = a.json().get("csrf").asText();
        return a;
    }
}
