package mrtbox.web.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows password guessing: each client address gets {@code perClient} failed attempts per {@code window}; the box as
 * a whole gets {@code global} per window (against guessing from many addresses). A success clears the client's
 * record. Applies to the setup code too.
 */
public final class LoginThrottle {
    private final int perClient;
    private final int global;
    private final Duration window;
    private final Clock clock;
    private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();
    private final Deque<Instant> allFailures = new ArrayDeque<>();

    public LoginThrottle(int perClient, int global, Duration window, Clock clock) {
        this.perClient = perClient;
        this.global = global;
        this.window = window;
        this.clock = clock;
    }

    /** How long this client must wait before trying again; zero when it may try now. */
    public synchronized Duration retryAfter(String client) {
        Instant now = clock.instant();
        Duration wait = waitFor(failures.get(client), perClient, now);
        Duration globalWait = waitFor(allFailures, global, now);
        return wait.compareTo(globalWait) >= 0 ? wait : globalWait;
    }

    public synchronized void failed(String client) {
        Instant now = clock.instant();
        failures.computeIfAbsent(client, k -> new ArrayDeque<>()).addLast(now);
        allFailures.addLast(now);
        if (failures.size() > 10_000) failures.clear(); // bounded memory under a spray of addresses
    }

    public synchronized void succeeded(String client) {
        failures.remove(client);
    }

    private Duration waitFor(Deque<Instant> times, int limit, Instant now) {
        if (times == null) return Duration.ZERO;
        Instant cutoff = now.minus(window);
        while (!times.isEmpty() && times.peekFirst().isBefore(cutoff)) times.removeFirst();
        if (times.size() < limit) return Duration.ZERO;
        Duration d = Duration.between(now, times.peekFirst().plus(window));
        return d.isNegative() ? Duration.ZERO : d.plusSeconds(1).withNanos(0);
    }
}
