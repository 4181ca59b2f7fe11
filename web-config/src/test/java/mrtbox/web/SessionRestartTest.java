package mrtbox.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mrtbox.web.testing.ApiClient;
import mrtbox.web.testing.MutableClock;
import mrtbox.web.testing.TestBox;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A phone stays logged in across a restart of the service (real Jetty, the sessions file and its signing key in the
 * state directory); a sessions file that cannot be trusted costs only the sessions, never the password, and the page
 * is told why it asks to log in again.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SessionRestartTest {
    private static final Map<String, Object> HALF = Map.of("value", 0.5);
    @TempDir Path state;

    private final MutableClock clock = new MutableClock();

    private TestBox box() throws Exception {
        return new TestBox(state, WebSettings.builder().sessionLifetime(Duration.ofHours(8)).sessionIdle(Duration.ofMinutes(30)), clock);
    }

    /** Sets the password, logs in and returns the phone with its cookie and CSRF token. */
    private ApiClient loggedInPhone() throws Exception {
        try (TestBox box = box()) {
            ApiClient phone = new ApiClient(box.base());
            assertEquals(200, phone.setup(box.setupCode(), TestBox.PASSWORD).status());
            return phone;
        }
    }

    private static ApiClient same(ApiClient phone, TestBox box) {
        ApiClient c = new ApiClient(box.base());
        c.cookie = phone.cookie;
        c.csrf = phone.csrf;
        return c;
    }

    @Test
    void aSessionSurvivesARestartWithItsCsrfToken() throws Exception {
        ApiClient phone = loggedInPhone();
        String cookieValue = phone.cookie.split("=", 2)[1];
        Path file = state.resolve("web-sessions");
        assertFalse(Files.readString(file).contains(cookieValue), "the file never holds a cookie someone could log in with");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(state.resolve("web-session-key"))));

        clock.advance(Duration.ofMinutes(10));
        try (TestBox again = box()) {
            ApiClient c = same(phone, again);
            JsonNode s = c.get("/api/auth/state").json();
            assertTrue(s.get("loggedIn").asBoolean(), s.toString());
            assertEquals(phone.csrf, s.get("csrf").asText(), "the page gets its token back");
            assertEquals(200, c.json("PUT", "/api/params/prompt.2.weight", HALF).status(), "writes work with the old token");
            assertEquals("", again.server.sessionProblem());
            assertEquals(200, c.json("POST", "/api/auth/logout", Map.of()).status());
        }
        try (TestBox third = box()) {
            ApiClient stale = new ApiClient(third.base());
            stale.cookie = phone.cookie;
            assertEquals(401, stale.get("/api/params").status(), "a logout is saved too");
        }
    }

    @Test
    void expiryCountsAcrossARestart() throws Exception {
        ApiClient phone = loggedInPhone();
        clock.advance(Duration.ofMinutes(31));   // idle longer than the 30 min timeout while the box was down
        try (TestBox again = box()) {
            ApiClient c = same(phone, again);
            JsonNode s = c.get("/api/auth/state").json();
            assertFalse(s.get("loggedIn").asBoolean());
            assertTrue(s.get("sessionEnded").asText().startsWith("Your session ended"), s.toString());
            assertEquals(401, c.get("/api/params").status());
        }
    }

    @Test
    void aTamperedSessionsFileIsKeptAsABackupAndEveryoneLogsInAgain() throws Exception {
        ApiClient phone = loggedInPhone();
        Path file = state.resolve("web-sessions");
        // someone extends the session by hand: the signature no longer matches
        List<String> lines = Files.readAllLines(file);
        String[] f = lines.get(1).split(" ");
        f[3] = Long.toString(Long.parseLong(f[3]) + Duration.ofDays(365).toMillis());
        lines.set(1, String.join(" ", f));
        Files.write(file, lines);
        try (TestBox again = box()) {
            String problem = again.server.sessionProblem();
            assertTrue(problem.contains("wrong signature") && problem.contains("web-sessions.") && problem.contains("everyone logs in again"), problem);
            ApiClient c = same(phone, again);
            JsonNode s = c.get("/api/auth/state").json();
            assertFalse(s.get("loggedIn").asBoolean(), "never open access from a file that cannot be trusted");
            assertTrue(s.get("sessionEnded").asText().contains("could not restore its sessions"), s.toString());
            assertEquals(401, c.json("PUT", "/api/params/prompt.2.weight", HALF).status());
            try (var files = Files.list(state)) {
                assertEquals(1, files.filter(p -> p.getFileName().toString().matches("web-sessions\\.\\d{8}T\\d{6}Z\\.bak")).count(), "kept as a backup");
            }
            assertEquals(200, new ApiClient(again.base()).login(TestBox.PASSWORD).status(), "the password still works");
            assertEquals("", again.server.sessionProblem(), "health is clear once the sessions are saved again");
            assertTrue(same(phone, again).get("/api/auth/state").json().get("sessionEnded").asText().contains("could not restore its sessions"),
                    "a phone with a cookie from before is still told why");
        }
    }

    @Test
    void aDamagedKeyOrGarbageCostsOnlyTheSessions() throws Exception {
        ApiClient phone = loggedInPhone();
        Files.writeString(state.resolve("web-session-key"), "not base64 !!");
        try (TestBox again = box()) {
            assertTrue(again.server.sessionProblem().contains("signing key cannot be read"), again.server.sessionProblem());
            assertEquals(401, same(phone, again).get("/api/params").status());
            ApiClient fresh = new ApiClient(again.base());
            assertEquals(200, fresh.login(TestBox.PASSWORD).status());
            phone = fresh;
        }
        Files.write(state.resolve("web-sessions"), new byte[] {0, 1, 2, (byte) 0xff});
        try (TestBox again = box()) {
            assertTrue(again.server.sessionProblem().contains("is not a session file"), again.server.sessionProblem());
            assertEquals(401, same(phone, again).get("/api/params").status());
        }
    }

    @Test
    void savedSessionsDieWithThePasswordFile() throws Exception {
        ApiClient phone = loggedInPhone();
        Files.delete(state.resolve("web-password"));   // the documented way to start over
        try (TestBox again = box()) {
            ApiClient c = same(phone, again);
            assertTrue(c.get("/api/auth/state").json().get("setupRequired").asBoolean());
            assertEquals(401, c.get("/api/params").status(), "a session saved under a password that is gone lets no one in");
        }
    }
}
