package mrtbox.web;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import com.fasterxml.jackson.databind.ObjectMapper;
import mrtbox.control.net.BoxNames;
import mrtbox.web.api.AuthApi;
import mrtbox.web.api.HealthApi;
import mrtbox.web.api.MappingsApi;
import mrtbox.web.api.ParamsApi;
import mrtbox.web.api.ScenesApi;
import mrtbox.web.api.SetupApi;
import mrtbox.web.api.SystemProbe;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import mrtbox.web.auth.Authenticator;
import mrtbox.web.auth.LoginFailures;
import mrtbox.web.auth.CredentialStore;
import mrtbox.web.auth.LoginThrottle;
import mrtbox.web.auth.PasswordHasher;
import mrtbox.web.auth.SessionFile;
import mrtbox.web.auth.SessionStore;
import mrtbox.web.http.ApiRouter;
import mrtbox.web.http.Json;
import mrtbox.web.http.HostCheck;
import mrtbox.web.http.HttpsRedirect;
import mrtbox.web.http.OriginCheck;
import mrtbox.web.http.SecurityHeaders;
import mrtbox.web.http.StaticFiles;
import mrtbox.web.live.LiveHub;
import mrtbox.web.live.LiveSocket;
import mrtbox.web.metrics.MetricsEndpoint;
import mrtbox.web.tls.SelfSignedKeystore;
import org.eclipse.jetty.server.DetectorConnectionFactory;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configuration page and its REST + WebSocket API on Jetty 12 core handlers:
 * {@code SecurityHeaders -> HostCheck -> WebSocketUpgradeHandler(/api/live) -> [ApiRouter, MetricsEndpoint, StaticFiles]}.
 * Built with {@link #builder()}, started and stopped by the appliance.
 */
public final class WebServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WebServer.class);
    public static final String LIVE_PATH = "/api/live";

    private final WebSettings settings;
    private final WebServices services;
    private final Authenticator auth;
    private final ObjectMapper json = Json.mapper();
    private final ApiRouter router;
    private final LiveHub hub;
    private final PrometheusRegistry metrics;
    private Server server;
    private ServerConnector connector;
    private boolean stopped;

    private WebServer(Builder b) {
        this.settings = b.settings;
        this.services = Objects.requireNonNull(b.services, "services");
        SessionStore sessions = new SessionStore(settings.sessionLifetime(), settings.sessionIdle(), 64, b.clock, b.sessionFile);
        LoginThrottle throttle = new LoginThrottle(5, 50, Duration.ofMinutes(5), b.clock);
        this.auth = new Authenticator(Objects.requireNonNull(b.credentials, "credentials"), b.hasher, sessions, throttle);
        SystemProbe probe = SystemProbe.linux();
        this.router = new ApiRouter(sessions, json, settings.publicHealth());
        new AuthApi(auth).register(router);
        new HealthApi(services.status(), probe).register(router);
        new ParamsApi(services.registry(), services.notes()).register(router);
        new ScenesApi(services.scenes(), services.setup()).register(router);
        new MappingsApi(services.registry(), services.mappings(), services.learn(), services.osc(), services.panic()).register(router);
        new SetupApi(services.setup(), services.backup(), services.promptAudio(), settings.maxUploadBytes()).register(router);
        this.hub = new LiveHub(services, json, probe);
        this.metrics = b.metrics;
    }

    public static Builder builder() {
        return new Builder();
    }

    public synchronized void start() throws Exception {
        if (server != null) throw new IllegalStateException("already started");
        if (stopped) throw new IllegalStateException("a stopped web server cannot start again; build a new one");
        QueuedThreadPool threads = new QueuedThreadPool(32, 2);
        threads.setName("web");
        threads.setDaemon(true);
        Server s = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        ServerConnector c;
        if (settings.https()) {
            SelfSignedKeystore ks = new SelfSignedKeystore(settings.keystore());
            String password = ks.ensure(settings.tlsNames());
            SslContextFactory.Server tls = new SslContextFactory.Server();
            tls.setKeyStorePath(ks.keystore().toString());
            tls.setKeyStoreType("PKCS12");
            tls.setKeyStorePassword(password);
            SecureRequestCustomizer src = new SecureRequestCustomizer();
            src.setSniHostCheck(false); // the certificate names are best effort: browsers reach the box by IP too
            http.addCustomizer(src);
            // one port for both: TLS is detected by its first bytes, plain HTTP is answered with a redirect to HTTPS
            c = new ServerConnector(s, new DetectorConnectionFactory(new SslConnectionFactory(tls, "http/1.1")),
                    new HttpConnectionFactory(http));
        } else {
            c = new ServerConnector(s, new HttpConnectionFactory(http));
        }
        c.setHost(settings.bind());
        c.setPort(settings.port());
        s.addConnector(c);

        Handler.Sequence content = new Handler.Sequence(router, new MetricsEndpoint(metrics, settings.metrics()),
                new StaticFiles(settings.pageTitle()));
        WebSocketUpgradeHandler ws = WebSocketUpgradeHandler.from(s, container -> {
            container.setIdleTimeout(Duration.ofMinutes(5));
            container.setMaxTextMessageSize(4096);
            container.addMapping(LIVE_PATH, (request, response, callback) -> {
                try {
                    OriginCheck.require(request);
                } catch (mrtbox.web.http.ApiError e) {
                    Response.writeError(request, response, callback, 403, e.reason());
                    return null;
                }
                if (router.sessionOf(request).isEmpty()) {
                    Response.writeError(request, response, callback, 401, "log in first");
                    return null;
                }
                return new LiveSocket(hub);
            });
        });
        ws.setHandler(content);
        Handler root = new SecurityHeaders(new HostCheck(BoxNames.forThisMachine(settings.hostNames()), ws));
        s.setHandler(settings.https() ? new HttpsRedirect(root) : root);
        s.setStopTimeout(2000);
        hub.start();
        s.start();
        server = s;
        connector = c;
        List<URI> addresses = addresses();
        log.info("web page at {}", addresses);
        auth.setupCode().ifPresent(code -> log.warn(
                "No web password is set. Open {} and enter the one-time setup code {} to choose one.", addresses.get(0), code));
    }

    /** The address the page is reachable at: the bound address, or localhost when bound to all interfaces. */
    public URI uri() {
        return url(wildcard() ? "localhost" : settings.bind());
    }

    /**
     * Every address to show people (mDNS names do not resolve everywhere, so the log and console give IPs):
     * the bound address, or each IPv4 address of every interface that is up when bound to all of them.
     */
    public List<URI> addresses() {
        if (!wildcard()) return List.of(uri());
        List<URI> out = new java.util.ArrayList<>();
        try {
            for (java.net.NetworkInterface nic : java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp() || nic.isLoopback()) continue;
                for (java.net.InetAddress a : java.util.Collections.list(nic.getInetAddresses())) {
                    if (a instanceof java.net.Inet4Address) out.add(url(a.getHostAddress()));
                }
            }
        } catch (java.net.SocketException e) {
            log.debug("cannot list network interfaces", e);
        }
        out.add(uri());
        return out;
    }

    private boolean wildcard() {
        return settings.bind().equals("0.0.0.0") || settings.bind().equals("::");
    }

    private URI url(String host) {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return URI.create((settings.https() ? "https" : "http") + "://" + h + ":" + port() + "/");
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        ServerConnector c = connector;
        if (c == null) throw new IllegalStateException("not started");
        return c.getLocalPort();
    }

    /** The one-time setup code while no password is set, for a local console. */
    public Optional<String> setupCode() {
        return auth.setupCode();
    }

    /** Why the stored password was set aside at start (a damaged file); empty when it was fine or is set again. */
    public String passwordProblem() {
        return auth.problem();
    }

    /**
     * Why the saved sessions were dropped at start (everyone logs in again), until they are saved again; why they
     * cannot be saved; empty when all is well.
     */
    public String sessionProblem() {
        return auth.sessions().problem();
    }

    public WebSettings settings() {
        return settings;
    }

    /** Failed logins since start, by cause (for the metrics). */
    public LoginFailures loginFailures() {
        return auth.failures();
    }

    /** The REST routes, for documentation checks. */
    public List<String> routes() {
        return router.routes().stream().map(r -> r.method() + " " + r.template()).toList();
    }

    public synchronized void stop() throws Exception {
        stopped = true;
        hub.close();
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    @Override
    public void close() {
        try {
            stop();
        } catch (Exception e) {
            log.warn("web server did not stop cleanly", e);
        }
    }

    public static final class Builder {
        private WebSettings settings = WebSettings.defaults();
        private WebServices services;
        private CredentialStore credentials;
        private SessionFile sessionFile;
        private PasswordHasher hasher = new PasswordHasher();
        private Clock clock = Clock.systemUTC();
        private PrometheusRegistry metrics = new PrometheusRegistry();

        public Builder settings(WebSettings s) { settings = Objects.requireNonNull(s); return this; }
        public Builder services(WebServices s) { services = s; return this; }
        /** Where the password hash is kept: a {@code FileCredentialStore} in the state directory. */
        public Builder credentials(CredentialStore c) { credentials = c; return this; }
        /** Where sessions survive a restart ({@code web-sessions} in the state directory); none: memory only. */
        public Builder sessionFile(SessionFile f) { sessionFile = f; return this; }
        public Builder passwordHasher(PasswordHasher h) { hasher = Objects.requireNonNull(h); return this; }
        public Builder clock(Clock c) { clock = Objects.requireNonNull(c); return this; }
        /** What {@code GET /metrics} serves (when {@link WebSettings#metrics()} lets anyone read it). */
        public Builder metrics(PrometheusRegistry r) { metrics = Objects.requireNonNull(r); return this; }

        public WebServer build() {
            return new WebServer(this);
        }
    }

}
