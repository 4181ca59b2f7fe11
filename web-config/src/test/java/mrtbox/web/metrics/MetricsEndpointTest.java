package mrtbox.web.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mrtbox.web.WebSettings;
import mrtbox.web.auth.LoginFailures;
import mrtbox.web.testing.ApiClient;
import mrtbox.web.testing.TestBox;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /metrics} on a real Jetty: off, public and token access, formats, and refusals that change nothing. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MetricsEndpointTest {
    private static final String TOKEN = "0123456789abcdef-scraper";
    @TempDir Path state;

    /** A registry with one counter at 3 and a collector that counts how often it was collected. */
    private static PrometheusRegistry registry(AtomicInteger collects) {
        PrometheusRegistry r = new PrometheusRegistry();
        Counter.builder().name("test_events_total").help("events").register(r).inc(3);
        r.register((MultiCollector) () -> {
            collects.incrementAndGet();
            return MetricSnapshots.of();
        });
        return r;
    }

    private TestBox box(ScrapeAccess access, AtomicInteger collects) throws Exception {
        return new TestBox(state, WebSettings.builder().metrics(access).pageTitle("lobby · Hall <2>"), Clock.systemUTC(), registry(collects));
    }

    private static String body(ApiClient.Answer a) {
        return new String(a.raw().body(), StandardCharsets.UTF_8);
    }

    @Test
    void offByDefaultAndForLoggedInPagesToo() throws Exception {
        AtomicInteger collects = new AtomicInteger();
        try (TestBox box = new TestBox(state, WebSettings.builder(), Clock.systemUTC(), registry(collects))) {
            ApiClient c = new ApiClient(box.base());
            assertEquals(404, c.get("/metrics").status());
            assertEquals(200, c.setup(box.setupCode(), TestBox.PASSWORD).status());
            assertEquals(404, c.get("/metrics").status(), "a page session does not open the metrics");
            assertEquals(0, collects.get());
        }
    }

    @Test
    void publicServesTheTextFormatAndOpenMetricsOnRequest() throws Exception {
        AtomicInteger collects = new AtomicInteger();
        try (TestBox box = box(ScrapeAccess.PUBLIC, collects)) {
            ApiClient c = new ApiClient(box.base());
            ApiClient.Answer text = c.get("/metrics");
            assertEquals(200, text.status());
            assertTrue(text.raw().headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"),
                    text.raw().headers().toString());
            assertTrue(body(text).contains("# TYPE test_events_total counter\ntest_events_total 3.0\n"), body(text));
            assertEquals("no-store", text.raw().headers().firstValue("Cache-Control").orElse(""));

            // what Prometheus 2.42 sends
            c.extraHeaders.put("Accept", "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,"
                    + "text/plain;version=0.0.4;q=0.5,*/*;q=0.1");
            ApiClient.Answer om = c.get("/metrics");
            assertEquals(200, om.status());
            assertTrue(om.raw().headers().firstValue("Content-Type").orElse("").startsWith("application/openmetrics-text"));
            assertTrue(body(om).contains("# TYPE test_events counter\n") && body(om).contains("\ntest_events_total 3.0\n"), body(om));
            assertTrue(body(om).endsWith("# EOF\n"), body(om));
            assertEquals(2, collects.get());

            assertEquals(405, c.send("POST", "/metrics", new byte[0], "text/plain").status());
            assertEquals(2, collects.get(), "a refused method scrapes nothing");
        }
    }

    @Test
    void tokenModeRefusesWrongAndMissingTokensAndChangesNothing() throws Exception {
        AtomicInteger collects = new AtomicInteger();
        try (TestBox box = box(ScrapeAccess.token(TOKEN), collects)) {
            ApiClient c = new ApiClient(box.base());
            ApiClient.Answer missing = c.get("/metrics");
            assertEquals(401, missing.status());
            assertEquals("Bearer realm=\"mrtbox metrics\"", missing.raw().headers().firstValue("WWW-Authenticate").orElse(""));
            c.extraHeaders.put("Authorization", "Bearer " + TOKEN + "x");
            assertEquals(401, c.get("/metrics").status());
            c.extraHeaders.put("Authorization", "Basic " + TOKEN);
            assertEquals(401, c.get("/metrics").status());
            c.extraHeaders.remove("Authorization");
            assertEquals(200, c.setup(box.setupCode(), TestBox.PASSWORD).status());
            assertEquals(401, c.get("/metrics").status(), "the page's session is not the scraper's token");
            assertEquals(0, collects.get(), "a refused scrape collects nothing");
            for (LoginFailures.Cause cause : LoginFailures.Cause.values()) {
                assertEquals(0, box.server.loginFailures().count(cause), "a refused scrape is no failed login: " + cause);
            }

            c.extraHeaders.put("Authorization", "Bearer " + TOKEN);
            ApiClient.Answer ok = c.get("/metrics");
            assertEquals(200, ok.status());
            assertTrue(body(ok).contains("test_events_total 3.0"), body(ok));
            assertEquals(1, collects.get());
        }
    }

    @Test
    void thePageTitleNamesTheBox() throws Exception {
        try (TestBox box = box(ScrapeAccess.OFF, new AtomicInteger())) {
            String page = body(new ApiClient(box.base()).get("/"));
            assertTrue(page.contains("<title>lobby · Hall &lt;2&gt;</title>"), page.substring(0, Math.min(400, page.length())));
        }
    }

    @Test
    void failedLoginsAreCountedByCause() throws Exception {
        try (TestBox box = box(ScrapeAccess.OFF, new AtomicInteger())) {
            ApiClient c = new ApiClient(box.base());
            assertEquals(403, c.setup("AAAA-BBBB-CCCC", TestBox.PASSWORD).status());
            assertEquals(200, c.setup(box.setupCode(), TestBox.PASSWORD).status());
            assertEquals(401, new ApiClient(box.base()).login("not the password").status());
            assertEquals(1, box.server.loginFailures().count(LoginFailures.Cause.WRONG_SETUP_CODE));
            assertEquals(1, box.server.loginFailures().count(LoginFailures.Cause.WRONG_PASSWORD));
            assertEquals(0, box.server.loginFailures().count(LoginFailures.Cause.THROTTLED));
        }
    }

    @Test
    void tokensAreCheckedAndNeverPrinted() {
        assertThrows(IllegalArgumentException.class, () -> ScrapeAccess.token("short"));
        assertThrows(IllegalArgumentException.class, () -> ScrapeAccess.token("sixteen chars with spaces"));
        assertThrows(IllegalArgumentException.class, () -> ScrapeAccess.token(null));
        ScrapeAccess a = ScrapeAccess.token(TOKEN);
        assertFalse(a.toString().contains(TOKEN));
        assertTrue(a.admits("Bearer " + TOKEN));
        assertTrue(a.admits("bearer  " + TOKEN + " "));
        assertFalse(a.admits("Bearer " + TOKEN.substring(1)));
        assertFalse(a.admits(null));
        assertFalse(ScrapeAccess.OFF.admits("Bearer " + TOKEN));
        assertTrue(ScrapeAccess.PUBLIC.admits(null));
    }
}
