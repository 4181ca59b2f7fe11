package mrtbox.web;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import mrtbox.web.metrics.ScrapeAccess;

/**
 * How the web server runs. Immutable; build with {@link #builder()}.
 *
 * @param port             TCP port (0 picks a free one, for tests); default 8080
 * @param bind             address to listen on; default all interfaces
 * @param https            serve HTTPS with a self-signed certificate kept in {@code keystore}
 * @param keystore         where the generated PKCS12 keystore lives (the state dir); required with https
 * @param tlsNames         extra host names or addresses to put in the certificate
 * @param publicHealth     serve {@code GET /api/health} without login (for monitoring)
 * @param sessionLifetime  absolute session lifetime (and the cookie's Max-Age)
 * @param sessionIdle      a session unused for this long ends
 * @param maxUploadBytes   largest audio-prompt upload
 * @param hostNames        names besides IP addresses, localhost and the machine's host name that the page may be
 *                         opened by (the Host-header check against DNS rebinding): the mDNS name, DNS names
 * @param metrics          who may read {@code GET /metrics} (off by default)
 * @param pageTitle        the page's title: the box's name and location, so fifty browser tabs can be told apart
 */
public record WebSettings(int port, String bind, boolean https, Path keystore, List<String> tlsNames, boolean publicHealth,
                          Duration sessionLifetime, Duration sessionIdle, int maxUploadBytes,
                          List<String> hostNames, ScrapeAccess metrics, String pageTitle) {
    public static final int DEFAULT_PORT = 8080;

    public WebSettings {
        if (port < 0 || port > 65535) throw new IllegalArgumentException("web port " + port + " is not 0..65535");
        Objects.requireNonNull(bind, "bind");
        if (https && keystore == null) throw new IllegalArgumentException("https needs a keystore path (in the state directory)");
        tlsNames = List.copyOf(tlsNames);
        hostNames = List.copyOf(hostNames);
        if (sessionLifetime.isNegative() || sessionLifetime.isZero()) throw new IllegalArgumentException("session lifetime must be positive");
        if (sessionIdle.isNegative() || sessionIdle.isZero()) throw new IllegalArgumentException("session idle timeout must be positive");
        if (maxUploadBytes < 1024) throw new IllegalArgumentException("upload limit below 1 KiB");
        Objects.requireNonNull(metrics, "metrics");
        pageTitle = pageTitle == null || pageTitle.isBlank() ? "mrtbox" : pageTitle.strip();
    }

    public static Builder builder() {
        return new Builder();
    }

    public static WebSettings defaults() {
        return builder().build();
    }

    public static final class Builder {
        private int port = DEFAULT_PORT;
        private String bind = "0.0.0.0";
        private boolean https;
        private Path keystore;
        private List<String> tlsNames = List.of();
        private boolean publicHealth;
        private Duration sessionLifetime = Duration.ofHours(12);
        private Duration sessionIdle = Duration.ofHours(2);
        private int maxUploadBytes = 16 * 1024 * 1024;
        private List<String> hostNames = List.of();
        private ScrapeAccess metrics = ScrapeAccess.OFF;
        private String pageTitle = "mrtbox";

        public Builder port(int p) { port = p; return this; }
        public Builder bind(String b) { bind = b; return this; }
        public Builder https(boolean on) { https = on; return this; }
        public Builder keystore(Path k) { keystore = k; return this; }
        public Builder tlsNames(List<String> n) { tlsNames = n; return this; }
        public Builder publicHealth(boolean on) { publicHealth = on; return this; }
        public Builder sessionLifetime(Duration d) { sessionLifetime = d; return this; }
        public Builder sessionIdle(Duration d) { sessionIdle = d; return this; }
        public Builder maxUploadBytes(int n) { maxUploadBytes = n; return this; }
        public Builder hostNames(List<String> n) { hostNames = n; return this; }
        public Builder metrics(ScrapeAccess a) { metrics = a; return this; }
        public Builder pageTitle(String t) { pageTitle = t; return this; }

        public WebSettings build() {
            return new WebSettings(port, bind, https, keystore, tlsNames, publicHealth, sessionLifetime, sessionIdle, maxUploadBytes,
                    hostNames, metrics, pageTitle);
        }
    }
}
