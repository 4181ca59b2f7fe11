package mrtbox.control.osc;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Counters of the OSC frontend, for the status page and the tests. Thread-safe, never blocks. */
public final class OscStats {
    final LongAdder packets = new LongAdder();
    final LongAdder messagesApplied = new LongAdder();
    final LongAdder bundlesScheduled = new LongAdder();
    final LongAdder lateBundles = new LongAdder();
    final LongAdder echoesSent = new LongAdder();
    final LongAdder triggerReleasesIgnored = new LongAdder();
    private final Map<OscErrorKind, LongAdder> errors = new EnumMap<>(OscErrorKind.class);

    OscStats() {
        for (OscErrorKind k : OscErrorKind.values()) errors.put(k, new LongAdder());
    }

    void count(OscErrorKind kind) {
        errors.get(kind).increment();
    }

    public long packets() { return packets.sum(); }
    public long messagesApplied() { return messagesApplied.sum(); }
    public long bundlesScheduled() { return bundlesScheduled.sum(); }
    /** Bundles whose time tag had passed on arrival (applied at once). */
    public long lateBundles() { return lateBundles.sum(); }
    public long echoesSent() { return echoesSent.sum(); }
    public long errors(OscErrorKind kind) { return errors.get(kind).sum(); }

    public long errorsTotal() {
        long n = 0;
        for (LongAdder a : errors.values()) n += a.sum();
        return n;
    }

    /** All counters by name, for JSON. */
    public Map<String, Long> asMap() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("packets", packets());
        m.put("messages_applied", messagesApplied());
        m.put("bundles_scheduled", bundlesScheduled());
        m.put("late_bundles", lateBundles());
        m.put("echoes_sent", echoesSent());
        m.put("trigger_releases_ignored", triggerReleasesIgnored.sum());
        for (OscErrorKind k : OscErrorKind.values()) m.put("error_" + k.name().toLowerCase(), errors(k));
        return m;
    }
}
