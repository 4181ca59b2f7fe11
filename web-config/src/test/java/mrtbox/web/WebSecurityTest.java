package mrtbox.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import mrtbox.web.testing.ApiClient;
import mrtbox.web.testing.ApiClient.Answer;
import mrtbox.web.testing.MutableClock;
import mrtbox.web.testing.TestBox;
import mrtbox.web.tls.SelfSignedKeystore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Attacks on the API: no default password, setup code, CSRF, cross-origin, sessions, throttling, HTTPS. */
@org.junit.jupiter.api.Timeout(value = 120, unit = TimeUnit.SECONDS)
class WebSecurityTest {
    private static final Map<String, Object> HALF = Map.of("value", 0.5);
    @TempDir Path state;

    private static double weight(TestBox box) {
        return (Double) box.registry.snapshot().value("prompt.2.weight");
    }

    @Test
    void noDefaultPasswordOnlyTheOneTimeSetupCode() throws Exception {
        try (TestBox box = new TestBox(state)) {
            ApiClient c = new ApiClient(box.base());
            assertTrue(c.get("/api/auth/state").json().get("setupRequired").asBoolean());
            for (String guess : List.of("admin", "opensynth", "blokaslabs", "", "mrtbox")) {
                assertEquals(409, c.login(guess).status(), "no password works before setup: " + guess);
            }
            assertEquals(401, c.get("/api/params").status());
            assertEquals(401, c.json("PUT", "/api/params/prompt.2.weight", HALF).status());

            Answer wrongCode = c.setup("AAAA-BBBB-CCCC", TestBox.PASSWORD);
            assertEquals(403, wrongCode.status());
            Answer weak = c.setup(box.setupCode(), "short");
            assertEquals(400, weak.status());
            assertTrue(weak.error().contains("at least 10"), weak.error());
            assertTrue(c.get("/api/auth/state").json().get("setupRequired").asBoolean(), "a refused setup sets nothing");

            String code = box.setupCode().toLowerCase().replace("-", " "); // forgiving about case and separators
            Answer ok = c.setup(code, TestBox.PASSWORD);
            assertEquals(200, ok.status(), String.valueOf(ok.json()));
            String cookie = ok.raw().headers().firstValue("Set-Cookie").orElseThrow();
            assertTrue(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.contains("Path=/"), cookie);
            assertTrue(cookie.contains("Max-Age=43200"), "bounded to the 12 h session lifetime: " + cookie);
            assertFalse(cookie.contains("Secure"), "plain HTTP cannot carry a Secure cookie");
            assertTrue(box.server.setupCode().isEmpty(), "the code is used up");
            assertEquals(409, new ApiClient(box.base()).setup(code, "another password!").status());

            String record = Files.readString(box.credentials.file()).strip();
            assertTrue(record.startsWith("pbkdf2-sha256$100000$"), record);
            assertFalse(record.contains(TestBox.PASSWORD));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(box.credentials.file())));
            assertEquals(200, c.json("PUT", "/api/params/prompt.2.weight", HALF).status());
        }
        // a restart keeps the password and prints no setup code
        try (TestBox again = new TestBox(state)) {
            assertTrue(again.server.setupCode().isEmpty());
            assertEquals(200, new ApiClient(again.base()).login(TestBox.PASSWORD).status());
        }
    }

    @Test
    void aDamagedPasswordFileIsKeptAsABackupAndANewSetupCodeLetsTheOwnerIn() throws Exception {
        Files.createDirectories(state);
        // Torn by a bad SD card: the right password would be "wrong" forever.
        Files.writeString(state.resolve("web-password"), "pbkdf2-sha256$600000$\u0000\u0000garbage");
        try (TestBox box = new TestBox(state)) {
            assertTrue(box.server.passwordProblem().contains("the password file was unusable"), box.server.passwordProblem());
            assertTrue(box.server.passwordProblem().contains("web-password."), "names the backup: " + box.server.passwordProblem());
            ApiClient c = new ApiClient(box.base());
            assertTrue(c.get("/api/auth/state").json().get("setupRequired").asBoolean());
            try (var files = Files.list(state)) {
                List<Path> kept = files.filter(f -> f.getFileName().toString().matches("web-password\\.\\d{8}T\\d{6}Z\\.bak")).toList();
                assertEquals(1, kept.size(), "one backup");
                assertTrue(Files.readString(kept.get(0)).contains("garbage"), "the backup holds the damaged record");
            }
            assertEquals(200, c.setup(box.setupCode(), TestBox.PASSWORD).status());
            assertEquals("", box.server.passwordProblem(), "a new password ends the problem");
        }
        try (TestBox again = new TestBox(state)) {
            assertEquals("", again.server.passwordProblem());
            assertEquals(200, new ApiClient(again.base()).login(TestBox.PASSWORD).status());
        }
    }

    @Test
    void stateChangesNeedTheSessionsCsrfTokenAndTheSameOrigin() throws Exception {
        try (TestBox box = new TestBox(state)) {
            ApiClient user = new ApiClient(box.base());
            user.setup(box.setupCode(), TestBox.PASSWORD);
            ApiClient other = new ApiClient(box.base());
            other.login(TestBox.PASSWORD);
            assertNotEquals(user.csrf, other.csrf);

            String token = user.csrf;
            user.csrf = null;
            Answer noToken = user.json("PUT", "/api/params/prompt.2.weight", HALF);
            assertEquals(403, noToken.status());
            assertTrue(noToken.error().contains("X-CSRF-Token"), noToken.error());
            user.csrf = "forged";
            assertEquals(403, user.json("PUT", "/api/params/prompt.2.weight", HALF).status());
            user.csrf = other.csrf;
            assertEquals(403, user.json("PUT", "/api/params/prompt.2.weight", HALF).status(), "a token is bound to its session");
            user.csrf = token;

            user.extraHeaders.put("Origin", "http://evil.example");
            Answer cross = user.json("PUT", "/api/params/prompt.2.weight", HALF);
            assertEquals(403, cross.status());
            assertTrue(cross.error().contains("cross-origin"), cross.error());
            user.extraHeaders.put("Origin", "http://127.0.0.1:1");
            assertEquals(403, user.json("POST", "/api/scenes", Map.of("name", "x")).status(), "another port is another origin");
            user.extraHeaders.put("Origin", "null");
            assertEquals(403, user.json("POST", "/api/panic", null).status());
            user.extraHeaders.clear();
            user.extraHeaders.put("Referer", "http://evil.example/page");
            assertEquals(403, user.json("DELETE", "/api/learn", null).status());
            user.extraHeaders.clear();
            user.extraHeaders.put("Sec-Fetch-Site", "cross-site");
            assertEquals(403, user.json("PUT", "/api/params/prompt.2.weight", HALF).status());
            assertEquals(0.0, weight(box), "no attack changed anything");
            assertEquals(0, box.notes.allOff.get());
            assertTrue(box.scenes.list().isEmpty());

            user.extraHeaders.clear();
            user.extraHeaders.put("Origin", box.base());
            user.extraHeaders.put("Sec-Fetch-Site", "same-origin");
            assertEquals(200, user.json("PUT", "/api/params/prompt.2.weight", HALF).status());
            assertEquals(0.5, weight(box));

            // login from another site's page (login CSRF) is refused too
            ApiClient evil = new ApiClient(box.base());
            evil.extraHeaders.put("Origin", "http://evil.example");
            assertEquals(403, evil.login(TestBox.PASSWORD).status());
        }
    }

    @Test
    void sessionsEndOnLogoutExpiryIdlenessAndPasswordChange() throws Exception {
        MutableClock clock = new MutableClock();
        try (TestBox box = new TestBox(state, WebSettings.builder().sessionLifetime(Duration.ofHours(8)).sessionIdle(Duration.ofMinutes(30)), clock)) {
            ApiClient a = new ApiClient(box.base());
            a.setup(box.setupCode(), TestBox.PASSWORD);
            String cookie = a.cookie;
            assertEquals(200, a.json("POST", "/api/auth/logout", null).status());
            ApiClient replay = new ApiClient(box.base());
            replay.cookie = cookie;
            assertEquals(401, replay.get("/api/params").status(), "a logged-out cookie is dead");
            replay.cookie = "mrtbox_session=" + "A".repeat(43);
            assertEquals(401, replay.get("/api/params").status(), "a forged cookie is refused");

            ApiClient b = new ApiClient(box.base());
            b.login(TestBox.PASSWORD);
            clock.advance(Duration.ofMinutes(31));
            assertEquals(401, b.get("/api/params").status(), "idle for longer than 30 min");

            ApiClient c = new ApiClient(box.base());
            assertEquals(200, c.login(TestBox.PASSWORD).status());
            for (int i = 0; i < 16; i++) { // 16 x 29 min = 7 h 44 min
                clock.advance(Duration.ofMinutes(29));
                assertEquals(200, c.get("/api/params").status());
            }
            clock.advance(Duration.ofMinutes(29));
            assertEquals(401, c.get("/api/params").status(), "past the 8 h lifetime even while in use");

            ApiClient d = new ApiClient(box.base());
            ApiClient e = new ApiClient(box.base());
            d.login(TestBox.PASSWORD);
            e.login(TestBox.PASSWORD);
            assertEquals(403, d.json("POST", "/api/auth/password", Map.of("current", "wrong password", "password", "new password 123")).status());
            assertEquals(200, d.json("POST", "/api/auth/password", Map.of("current", TestBox.PASSWORD, "password", "new password 123")).status());
            assertEquals(200, d.get("/api/params").status(), "the changing session stays");
            assertEquals(401, e.get("/api/params").status(), "every other session ends");
            assertEquals(401, new ApiClient(box.base()).login(TestBox.PASSWORD).status());
            assertEquals(200, new ApiClient(box.base()).login("new password 123").status());
        }
    }

    @Test
    void loginGuessingIsThrottled() throws Exception {
        MutableClock clock = new MutableClock();
        try (TestBox box = new TestBox(state, WebSettings.builder(), clock)) {
            new ApiClient(box.base()).setup(box.setupCode(), TestBox.PASSWORD);
            ApiClient guesser = new ApiClient(box.base());
            for (int i = 0; i < 5; i++) assertEquals(401, guesser.login("guess number " + i).status());
            Answer blocked = guesser.login(TestBox.PASSWORD);
            assertEquals(429, blocked.status(), "even the right password waits once the limit is reached");
            long retry = Long.parseLong(blocked.raw().headers().firstValue("Retry-After").orElseThrow());
            assertTrue(retry > 0 && retry <= 301, "Retry-After " + retry);
            clock.advance(Duration.ofMinutes(6));
            assertEquals(200, guesser.login(TestBox.PASSWORD).status());
        }
    }

    @Test
    void liveSocketNeedsASessionAndTheSameOrigin() throws Exception {
        try (TestBox box = new TestBox(state)) {
            ApiClient user = new ApiClient(box.base());
            user.setup(box.setupCode(), TestBox.PASSWORD);
            URI live = URI.create("ws://127.0.0.1:" + box.server.port() + WebServer.LIVE_PATH);
            assertEquals(401, refusedStatus(HttpClient.newHttpClient().newWebSocketBuilder().header("Origin", box.base()), live));
            assertEquals(403, refusedStatus(HttpClient.newHttpClient().newWebSocketBuilder()
                    .header("Cookie", user.cookie).header("Origin", "http://evil.example"), live));
            WebSocket ok = HttpClient.newHttpClient().newWebSocketBuilder().header("Cookie", user.cookie).header("Origin", box.base())
                    .buildAsync(live, new WebSocket.Listener() {}).get(5, TimeUnit.SECONDS);
            ok.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aHostHeaderThatIsNoNameOfTheBoxIsRefusedAgainstDnsRebinding() throws Exception {
        try (TestBox box = new TestBox(state, WebSettings.builder().publicHealth(true).hostNames(List.of("box.lan")), Clock.systemUTC())) {
            int port = box.server.port();
            // A page on evil.example whose name now resolves to the box: same-origin to the browser, but not this box.
            String refused = rawGet(port, "evil.example:" + port, "/api/health");
            assertTrue(refused.startsWith("HTTP/1.1 403"), refused);
            assertTrue(refused.contains("'evil.example' is not a name of this box"), refused);
            assertTrue(rawGet(port, "evil.example:" + port, "/").startsWith("HTTP/1.1 403"), "the page itself too");
            for (String host : List.of("127.0.0.1:" + port, "localhost:" + port, "LOCALHOST", "box.lan:" + port, "[::1]:" + port)) {
                String ok = rawGet(port, host, "/api/health");
                assertTrue(ok.startsWith("HTTP/1.1 200"), host + ": " + ok);
            }
        }
    }

    /** The status line and body of a GET with exactly this Host header (the JDK client does not let tests set Host). */
    private static String rawGet(int port, String host, String path) throws Exception {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
            s.setSoTimeout(5000);
            s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private static int refusedStatus(WebSocket.Builder b, URI uri) throws Exception {
        try {
            b.buildAsync(uri, new WebSocket.Listener() {}).get(5, TimeUnit.SECONDS);
        } catch (ExecutionException | CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException h) return h.getResponse().statusCode();
            throw e;
        }
        throw new AssertionError("the upgrade was accepted");
    }

    @Test
    void httpsWithAGeneratedSelfSignedCertificateAndSecureCookies() throws Exception {
        Path keystore = state.resolve("tls/web.p12");
        try (TestBox box = new TestBox(state, WebSettings.builder().https(true).keystore(keystore).publicHealth(true), Clock.systemUTC())) {
            assertTrue(Files.exists(keystore));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keystore)));
            String password = Files.readString(keystore.resolveSibling("web.p12.password")).strip();
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keystore)) {
                ks.load(in, password.toCharArray());
            }
            assertTrue(ks.isKeyEntry(SelfSignedKeystore.ALIAS));
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, tmf.getTrustManagers(), null);
            HttpClient client = HttpClient.newBuilder().sslContext(tls).build();
            String base = "https://localhost:" + box.server.port();
            assertEquals(200, new ApiClient(base, client).get("/api/health").status(), "public health over HTTPS, no login");
            ApiClient c = new ApiClient(base, client);
            Answer setup = c.setup(box.setupCode(), TestBox.PASSWORD);
            assertEquals(200, setup.status());
            assertTrue(setup.raw().headers().firstValue("Set-Cookie").orElseThrow().contains("; Secure"));
            assertEquals(200, c.json("PUT", "/api/params/prompt.2.weight", HALF).status());
            assertEquals(405, new ApiClient(base, client).json("POST", "/api/health", Map.of()).status(), "health is read-only");
            Answer plain = new ApiClient("http://127.0.0.1:" + box.server.port()).get("/api/health?x=1");
            assertEquals(308, plain.status(), "plain HTTP on the same port is sent to HTTPS");
            assertEquals("https://127.0.0.1:" + box.server.port() + "/api/health?x=1", plain.raw().headers().firstValue("Location").orElseThrow());
        }
        // the certificate is kept across restarts (browsers remember the exception)
        byte[] first = Files.readAllBytes(keystore);
        try (TestBox again = new TestBox(state, WebSettings.builder().https(true).keystore(keystore), Clock.systemUTC())) {
            assertTrue(java.util.Arrays.equals(first, Files.readAllBytes(keystore)));
            assertTrue(again.server.port() > 0);
        }
    }
}
