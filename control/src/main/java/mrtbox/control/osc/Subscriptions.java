package mrtbox.control.osc;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Clients that asked for state echo: a reply target (sender host, chosen port) that lives until it stops renewing.
 * Thread-safe; the echo thread reads {@link #active} every tick.
 */
final class Subscriptions {
    /**
     * @param target where echoes go
     * @param origin where the subscribe came from: changes this peer made are not echoed back to it, so a
     *               fader being moved is not pulled back by its own older values
     */
    record Subscriber(InetSocketAddress target, InetSocketAddress origin, long expiresAtNanos) {}

    private final Map<InetSocketAddress, Subscriber> byTarget = new LinkedHashMap<>();
    private final long ttlNanos;
    private final int max;

    Subscriptions(long ttlNanos, int max) {
        this.ttlNanos = ttlNanos;
        this.max = max;
    }

    /** Adds or renews; false when the table is full of live subscribers. */
    synchronized boolean subscribe(InetSocketAddress target, InetSocketAddress origin, long nowNanos) {
        dropExpired(nowNanos);
        if (!byTarget.containsKey(target) && byTarget.size() >= max) return false;
        byTarget.put(target, new Subscriber(target, origin, nowNanos + ttlNanos));
        return true;
    }

    synchronized boolean unsubscribe(InetSocketAddress target) {
        return byTarget.remove(target) != null;
    }

    synchronized List<Subscriber> active(long nowNanos) {
        dropExpired(nowNanos);
        return new ArrayList<>(byTarget.values());
    }

    long ttlNanos() {
        return ttlNanos;
    }

    private void dropExpired(long nowNanos) {
        byTarget.values().removeIf(s -> nowNanos - s.expiresAtNanos() >= 0);
    }
}
