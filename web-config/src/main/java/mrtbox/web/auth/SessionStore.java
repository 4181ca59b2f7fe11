package mrtbox.web.auth;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Live sessions in memory (a restart logs everyone out, which is fine for one box). Every session has an absolute
 * lifetime and an idle timeout; the store holds at most {@code maxSessions}, dropping the oldest.
 */
public final class SessionStore {
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Entry> sessions = new ConcurrentHashMap<>();
    private final Duration lifetime;
    private final Duration idle;
    private final int maxSessions;
    private final Clock clock;

    private static final class Entry {
        final Session session;
        volatile Instant lastSeen;

        Entry(Session session, Instant lastSeen) {
            this.session = session;
            this.lastSeen = lastSeen;
        }
    }

    public SessionStore(Duration lifetime, Duration idle, int maxSessions, Clock clock) {
        this.lifetime = lifetime;
        this.idle = idle;
        this.maxSessions = maxSessions;
        this.clock = clock;
    }

    public Session create() {
        Instant now = clock.instant();
        Session s = new Session(token(), token(), now, now.plus(lifetime));
        sessions.put(s.id(), new Entry(s, now));
        while (sessions.size() > maxSessions) {
            sessions.values().stream().min(Comparator.comparing(e -> e.session.created()))
                    .ifPresent(oldest -> sessions.remove(oldest.session.id()));
        }
        return s;
    }

    /** The live session for a cookie value, refreshing its idle timer; empty when unknown, expired or idle too long. */
    public Optional<Session> find(String id) {
        if (id == null) return Optional.empty();
        Entry e = sessions.get(id);
        if (e == null) return Optional.empty();
        Instant now = clock.instant();
        if (now.isAfter(e.session.expires()) || now.isAfter(e.lastSeen.plus(idle))) {
            sessions.remove(id);
            return Optional.empty();
        }
        e.lastSeen = now;
        return Optional.of(e.session);
    }

    public void remove(String id) {
        if (id != null) sessions.remove(id);
    }

    /** After a password change: everyone else has to log in again. */
    public void removeAllExcept(String keepId) {
        sessions.keySet().removeIf(k -> !k.equals(keepId));
    }

    public Duration lifetime() {
        return lifetime;
    }

    private String token() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
