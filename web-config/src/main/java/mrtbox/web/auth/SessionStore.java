package mrtbox.web.auth;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live sessions. Every session has an absolute lifetime and an idle timeout; the store holds at most
 * {@code maxSessions}, dropping the oldest. Sessions are held under the hash of their cookie value; with a
 * {@link SessionFile} they are saved on every login and logout (and as they are used, at most once a minute each),
 * so a restart of the service keeps everyone logged in. Without one (tests) a restart logs everyone out.
 */
public final class SessionStore {
    private static final Logger log = LoggerFactory.getLogger(SessionStore.class);
    /** How stale a saved last-use time may be: it only matters for the idle timeout after a restart. */
    static final Duration SAVE_LAG = Duration.ofMinutes(1);

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Entry> sessions = new ConcurrentHashMap<>();
    private final Duration lifetime;
    private final Duration idle;
    private final int maxSessions;
    private final Clock clock;
    private final SessionFile file;
    private final String loadProblem;
    private volatile String problem;   // for health: the load problem until the sessions are saved again, or a save failure

    private static final class Entry {
        final String csrfToken;
        final Instant created;
        final Instant expires;
        volatile Instant lastSeen;
        volatile Instant savedLastSeen;

        Entry(String csrfToken, Instant created, Instant expires, Instant lastSeen) {
            this.csrfToken = csrfToken;
            this.created = created;
            this.expires = expires;
            this.lastSeen = lastSeen;
            this.savedLastSeen = lastSeen;
        }
    }

    /** Sessions in memory only: a restart logs everyone out. */
    public SessionStore(Duration lifetime, Duration idle, int maxSessions, Clock clock) {
        this(lifetime, idle, maxSessions, clock, null);
    }

    /** @param file where sessions survive a restart (null: memory only) */
    public SessionStore(Duration lifetime, Duration idle, int maxSessions, Clock clock, SessionFile file) {
        this.lifetime = lifetime;
        this.idle = idle;
        this.maxSessions = maxSessions;
        this.clock = clock;
        this.file = file;
        String problem = "";
        if (file != null) {
            SessionFile.Loaded loaded = file.load();
            problem = loaded.problem();
            Instant now = clock.instant();
            loaded.sessions().forEach((hash, s) -> {
                if (live(s.expires(), s.lastSeen(), now)) sessions.put(hash, new Entry(s.csrfToken(), s.created(), s.expires(), s.lastSeen()));
            });
            if (!problem.isEmpty()) log.error("web sessions: {}", problem);
            else log.info("web sessions: {} restored of {} saved", sessions.size(), loaded.sessions().size());
        }
        this.loadProblem = problem;
        this.problem = problem;
    }

    public Session create() {
        Instant now = clock.instant();
        String id = token();
        Session s = new Session(id, token(), now, now.plus(lifetime));
        sessions.put(SessionFile.hash(id), new Entry(s.csrfToken(), now, s.expires(), now));
        while (sessions.size() > maxSessions) {
            sessions.entrySet().stream().min(Comparator.comparing(e -> e.getValue().created))
                    .ifPresent(oldest -> sessions.remove(oldest.getKey()));
        }
        save();
        return s;
    }

    /** The live session for a cookie value, refreshing its idle timer; empty when unknown, expired or idle too long. */
    public Optional<Session> find(String id) {
        if (id == null) return Optional.empty();
        String hash = SessionFile.hash(id);
        Entry e = sessions.get(hash);
        if (e == null) return Optional.empty();
        Instant now = clock.instant();
        if (!live(e.expires, e.lastSeen, now)) {
            sessions.remove(hash);
            save();
            return Optional.empty();
        }
        e.lastSeen = now;
        if (now.isAfter(e.savedLastSeen.plus(SAVE_LAG))) save();
        return Optional.of(new Session(id, e.csrfToken, e.created, e.expires));
    }

    private boolean live(Instant expires, Instant lastSeen, Instant now) {
        return !now.isAfter(expires) && !now.isAfter(lastSeen.plus(idle));
    }

    public void remove(String id) {
        if (id != null && sessions.remove(SessionFile.hash(id)) != null) save();
    }

    /** No password (first run, or the password file was set aside): no saved session may outlive it. */
    public void removeAll() {
        if (sessions.isEmpty()) return;
        sessions.clear();
        save();
    }

    /** After a password change: everyone else has to log in again. */
    public void removeAllExcept(String keepId) {
        String keep = SessionFile.hash(keepId);
        sessions.keySet().removeIf(k -> !k.equals(keep));
        save();
    }

    public Duration lifetime() {
        return lifetime;
    }

    /**
     * Why a browser that sent a session cookie is asked to log in again: the page shows it. Empty when the saved
     * sessions came back at start (the session then simply ended: expired, logged out, or the password changed).
     */
    public String loadProblem() {
        return loadProblem;
    }

    /**
     * What is wrong with the saved sessions now, for health: why they could not be restored at start, until a save
     * writes a good file again; why the last save failed (a restart would log everyone out). Empty when all is well.
     */
    public String problem() {
        return problem;
    }

    /** Saves every session; a failure costs only survival across a restart (logged and in {@link #problem}), never a login. */
    private synchronized void save() {
        if (file == null) return;
        Map<String, SessionFile.Stored> copy = new LinkedHashMap<>();
        sessions.forEach((hash, e) -> {
            Instant seen = e.lastSeen;
            copy.put(hash, new SessionFile.Stored(e.csrfToken, e.created, e.expires, seen));
            e.savedLastSeen = seen;
        });
        try {
            file.save(copy);
            if (!problem.isEmpty()) log.info("web sessions: saved again ({})", copy.size());
            problem = "";
        } catch (IOException | RuntimeException ex) {
            problem = "the sessions cannot be saved (" + ex.getMessage() + "): a restart will log everyone out";
            log.error("web sessions cannot be saved ({}): a restart will log everyone out", ex.toString());
        }
    }

    private String token() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
