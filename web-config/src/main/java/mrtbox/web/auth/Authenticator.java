package mrtbox.web.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import mrtbox.web.http.ApiError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First-run setup, login, logout and password change. There is no default password: until one is set, the only
 * way in is the one-time setup code printed to the log at start.
 */
public final class Authenticator {
    private static final Logger log = LoggerFactory.getLogger(Authenticator.class);
    public static final int MIN_PASSWORD_LENGTH = 10;
    public static final int MAX_PASSWORD_LENGTH = 256;

    private final CredentialStore store;
    private final PasswordHasher hasher;
    private final SessionStore sessions;
    private final LoginThrottle throttle;
    private final LoginFailures failures = new LoginFailures();
    /** PBKDF2 is deliberately slow: at most two run at once so a flood of logins cannot starve the box. */
    private final Semaphore hashing = new Semaphore(2);
    private volatile String record;
    private volatile SetupCode setupCode;
    private volatile String problem = "";

    public Authenticator(CredentialStore store, PasswordHasher hasher, SessionStore sessions, LoginThrottle throttle) {
        this.store = store;
        this.hasher = hasher;
        this.sessions = sessions;
        this.throttle = throttle;
        try {
            this.record = store.load().orElse(null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the web password record", e);
        }
        String damage = record == null ? null : PasswordHasher.problem(record);
        if (damage != null) setAside(damage);
        if (record == null) {
            sessions.removeAll();   // sessions saved under a password that is gone let no one in
            setupCode = SetupCode.generate(new SecureRandom());
        }
    }

    /**
     * A damaged record would make the right password "wrong" forever: keep it as a backup, say so, and start over
     * with a new setup code, as the box does with any corrupt state file.
     */
    private void setAside(String damage) {
        String kept;
        try {
            kept = "kept as " + store.setAside();
        } catch (IOException e) {
            kept = "could not be moved away (" + e.getMessage() + ")";
        }
        problem = "the password file was unusable (" + damage + ") and " + kept + "; set a new password with the setup code";
        log.error("web password: {}", problem);
        record = null;
    }

    /** Why the stored password was dropped at start (empty when it was fine), for health and the page. */
    public String problem() {
        return problem;
    }

    public boolean setupRequired() {
        return record == null;
    }

    /** The one-time code while no password is set (for the log and a local console). */
    public Optional<String> setupCode() {
        SetupCode c = setupCode;
        return c == null ? Optional.empty() : Optional.of(c.display());
    }

    /** Failed logins since start, by cause (for the metrics). */
    public LoginFailures failures() {
        return failures;
    }

    public SessionStore sessions() {
        return sessions;
    }

    /** First visitor: proves the setup code and sets the password; returns a logged-in session. */
    public synchronized Session setup(String code, char[] password, String client) {
        try {
            if (record != null) throw ApiError.conflict("the password is already set; log in instead");
            checkThrottle(client);
            if (!setupCode.matches(code)) {
                throttle.failed(client);
                failures.failed(LoginFailures.Cause.WRONG_SETUP_CODE);
                log.warn("web setup: wrong setup code from {}", client);
                throw new ApiError(403, "wrong setup code (it is printed in the service log at start)");
            }
            checkStrength(password);
            String newRecord = hashed(password);
            persist(newRecord);
            record = newRecord;
            setupCode = null;
            problem = "";
            throttle.succeeded(client);
            log.info("web setup: password set from {}", client);
            return sessions.create();
        } finally {
            PasswordHasher.wipe(password);
        }
    }

    public Session login(char[] password, String client) {
        try {
            String current = record;
            if (current == null) throw ApiError.conflict("no password is set yet: use the setup code");
            checkThrottle(client);
            if (!verified(password, current)) {
                throttle.failed(client);
                failures.failed(LoginFailures.Cause.WRONG_PASSWORD);
                log.warn("web login failed from {}", client);
                throw new ApiError(401, "wrong password");
            }
            throttle.succeeded(client);
            return sessions.create();
        } finally {
            PasswordHasher.wipe(password);
        }
    }

    public synchronized void changePassword(Session session, char[] current, char[] next, String client) {
        try {
            checkThrottle(client);
            if (!verified(current, record)) {
                throttle.failed(client);
                failures.failed(LoginFailures.Cause.WRONG_PASSWORD);
                throw new ApiError(403, "the current password is wrong");
            }
            checkStrength(next);
            String newRecord = hashed(next);
            persist(newRecord);
            record = newRecord;
            sessions.removeAllExcept(session.id());
            log.info("web password changed from {}", client);
        } finally {
            PasswordHasher.wipe(current);
            PasswordHasher.wipe(next);
        }
    }

    private void checkThrottle(String client) {
        Duration wait = throttle.retryAfter(client);
        if (!wait.isZero()) {
            failures.failed(LoginFailures.Cause.THROTTLED);
            throw new ApiError(429, "too many failed attempts; try again in " + wait.toSeconds() + " s", wait.toSeconds());
        }
    }

    private static void checkStrength(char[] password) {
        if (password.length < MIN_PASSWORD_LENGTH) {
            throw ApiError.badRequest("the password needs at least " + MIN_PASSWORD_LENGTH + " characters");
        }
        if (password.length > MAX_PASSWORD_LENGTH) {
            throw ApiError.badRequest("the password may have at most " + MAX_PASSWORD_LENGTH + " characters");
        }
    }

    private boolean verified(char[] password, String against) {
        acquire();
        try {
            return hasher.verify(password, against);
        } finally {
            hashing.release();
        }
    }

    private String hashed(char[] password) {
        acquire();
        try {
            return hasher.hash(password);
        } finally {
            hashing.release();
        }
    }

    private void acquire() {
        try {
            if (!hashing.tryAcquire(5, java.util.concurrent.TimeUnit.SECONDS)) throw new ApiError(503, "busy checking passwords; try again");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiError(503, "interrupted");
        }
    }

    private void persist(String newRecord) {
        try {
            store.save(newRecord);
        } catch (IOException e) {
            log.error("cannot store the web password", e);
            throw new ApiError(500, "cannot store the password: " + e.getMessage());
        }
    }
}
