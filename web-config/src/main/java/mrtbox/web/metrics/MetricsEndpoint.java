package mrtbox.web.metrics;

import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code GET /metrics}: the registry in the Prometheus text format, or OpenMetrics when the scraper asks for it
 * (Prometheus does), written by the Prometheus client's own writers. The collectors read published snapshots, so a
 * slow scraper costs only its own connection. A refused scrape (off, wrong or missing token) changes nothing.
 */
public final class MetricsEndpoint extends Handler.Abstract {
    public static final String PATH = "/metrics";

    private final PrometheusRegistry registry;
    private final ScrapeAccess access;
    private final ExpositionFormats formats = ExpositionFormats.init();

    public MetricsEndpoint(PrometheusRegistry registry, ScrapeAccess access) {
        this.registry = registry;
        this.access = access;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (!Request.getPathInContext(request).equals(PATH)) return false;
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        String method = request.getMethod();
        if (access.mode() == ScrapeAccess.Mode.OFF) {
            return text(response, callback, 404, "metrics are off (set web.metrics to public or token in the config)");
        }
        if (!method.equals("GET") && !method.equals("HEAD")) {
            response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
            return text(response, callback, 405, method + " is not allowed on " + PATH);
        }
        if (!access.admits(request.getHeaders().get(HttpHeader.AUTHORIZATION))) {
            response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer realm=\"mrtbox metrics\"");
            return text(response, callback, 401, "send the metrics token: Authorization: Bearer <web.metricsToken>");
        }
        ExpositionFormatWriter writer = formats.findWriter(request.getHeaders().get(HttpHeader.ACCEPT));
        ByteArrayOutputStream body = new ByteArrayOutputStream(16384);
        writer.write(body, registry.scrape());
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, writer.getContentType());
        response.write(true, method.equals("HEAD") ? null : ByteBuffer.wrap(body.toByteArray()), callback);
        return true;
    }

    private static boolean text(Response response, Callback callback, int status, String message) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        response.write(true, ByteBuffer.wrap((message + "\n").getBytes(StandardCharsets.UTF_8)), callback);
        return true;
    }
}
