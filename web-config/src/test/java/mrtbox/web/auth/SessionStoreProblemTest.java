package mrtbox.web.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What health says about the saved sessions follows the file: a problem lasts until a save succeeds, and a failed save is one. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SessionStoreProblemTest {
    @TempDir Path dir;

    private SessionStore store(Path sessions, Path key) {
        return new SessionStore(Duration.ofHours(8), Duration.ofMinutes(30), 64, Clock.systemUTC(),
                new SessionFile(new FileCredentialStore(sessions), new FileCredentialStore(key)));
    }

    @Test
    void aDroppedFileIsAProblemUntilTheSessionsAreSavedAgain() throws Exception {
        Files.writeString(dir.resolve("web-sessions"), "garbage");
        SessionStore s = store(dir.resolve("web-sessions"), dir.resolve("web-session-key"));
        assertTrue(s.problem().contains("is not a session file"), s.problem());
        s.create();
        assertEquals("", s.problem(), "a good file again");
        assertTrue(s.loadProblem().contains("is not a session file"), "the page still explains old cookies: " + s.loadProblem());
        assertEquals("", store(dir.resolve("web-sessions"), dir.resolve("web-session-key")).problem(), "and it reads back");
    }

    @Test
    void sessionsThatCannotBeSavedAreAProblemUntilTheyCanBe() throws Exception {
        Path blocker = Files.writeString(dir.resolve("blocker"), "a file where a directory belongs");
        SessionStore s = store(blocker.resolve("web-sessions"), dir.resolve("web-session-key"));
        assertEquals("", s.problem(), "nothing saved yet, nothing lost yet");
        s.create();
        assertTrue(s.problem().startsWith("the sessions cannot be saved (") && s.problem().endsWith("a restart will log everyone out"), s.problem());
        Files.delete(blocker);
        Files.createDirectories(blocker);
        s.create();
        assertEquals("", s.problem());
    }

    @Test
    void aSigningKeyThatCannotBeStoredMakesEverySaveAProblem() throws Exception {
        Path blocker = Files.writeString(dir.resolve("blocker"), "x");
        SessionStore s = store(dir.resolve("web-sessions"), blocker.resolve("web-session-key"));
        assertTrue(s.loadProblem().contains("the signing key cannot be stored"), s.loadProblem());
        s.create();
        assertTrue(s.problem().startsWith("the sessions cannot be saved ("), "a file signed with a key that is gone is no save: " + s.problem());
        Files.delete(blocker);
        Files.createDirectories(blocker);
        s.create();
        assertEquals("", s.problem());
        assertTrue(Files.isRegularFile(blocker.resolve("web-session-key")));
    }
}
