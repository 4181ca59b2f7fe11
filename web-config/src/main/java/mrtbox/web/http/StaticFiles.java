package mrtbox.web.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The page: a fixed set of files read from the jar once at start. No directory listing and no file system paths,
 * so no path trick can reach anything else. The page's {@code <title>} becomes the box's own (name and location).
 */
public final class StaticFiles extends Handler.Abstract.NonBlocking {
    private static final String ROOT = "/mrtbox/web/static/";
    private static final Map<String, String> FILES = Map.of(
            "/index.html", "text/html; charset=utf-8",
            "/app.js", "text/javascript; charset=utf-8",
            "/widgets.js", "text/javascript; charset=utf-8",
            "/perform.js", "text/javascript; charset=utf-8",
            "/style.css", "text/css; charset=utf-8",
            "/icon.svg", "image/svg+xml");

    private final Map<String, byte[]> content;

    public StaticFiles(String title) {
        Map<String, byte[]> loaded = new java.util.HashMap<>();
        for (String name : FILES.keySet()) {
            try (InputStream in = StaticFiles.class.getResourceAsStream(ROOT + name.substring(1))) {
                if (in == null) throw new IllegalStateException("page resource " + name + " is missing from the jar");
                loaded.put(name, in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        loaded.put("/index.html", withTitle(loaded.get("/index.html"), title));
        content = Map.copyOf(loaded);
    }

    private static byte[] withTitle(byte[] page, String title) {
        String html = new String(page, java.nio.charset.StandardCharsets.UTF_8);
        String escaped = title.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        String out = html.replaceFirst("<title>[^<]*</title>", java.util.regex.Matcher.quoteReplacement("<title>" + escaped + "</title>"));
        if (out.equals(html) && !html.contains("<title>" + escaped + "</title>")) {
            throw new IllegalStateException("index.html has no <title> to name the box in");
        }
        return out.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = Request.getPathInContext(request);
        if (path.equals("/")) path = "/index.html";
        byte[] body = content.get(path);
        String method = request.getMethod();
        if (body == null || !(method.equals("GET") || method.equals("HEAD"))) return false;
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, FILES.get(path));
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
        response.write(true, method.equals("HEAD") ? null : ByteBuffer.wrap(body), callback);
        return true;
    }
}
