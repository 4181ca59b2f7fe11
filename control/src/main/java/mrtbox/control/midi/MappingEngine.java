package mrtbox.control.midi;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import mrtbox.control.mapping.Mapping;
import mrtbox.control.mapping.MidiSource;
import mrtbox.control.mapping.Transfer;
import mrtbox.control.param.ChangeSource;
import mrtbox.control.param.ParamHandle;
import mrtbox.control.param.ParamSpec;
import mrtbox.control.param.ParamType;
import mrtbox.control.param.ParameterRegistry;

/**
 * Applies control events to parameters through the mappings: modes (absolute, relative encodings, toggle,
 * momentary), curves and ranges, and takeover. Values go to {@link PendingWrites}; triggers fire at once.
 * Dispatcher thread only.
 *
 * <p>Takeover, for absolute controls whose position disagrees with the value (after a scene recall, an OSC
 * change, another controller): JUMP follows at once; PICKUP waits until the control reaches the value, where
 * "reaches" includes passing it between two messages (a fast move from below to above counts); SCALE moves the
 * value towards the control's end stop in proportion, so both meet at the end of the travel:
 * moving up from t0 to t1, v1 = v0 + (t1 - t0) (1 - v0) / (1 - t0); moving down, v1 = v0 - (t0 - t1) v0 / t0
 * (t and v as travel 0..1), after which it follows.
 */
final class MappingEngine {
    /** Within this much travel the control counts as being at the value (one 7-bit step). */
    static final double CATCH = 1.0 / 127;
    /** Feedback the controller echoes back (within one 7-bit step) within this time is not a new move (motor faders). */
    static final long ECHO_NANOS = 1_000_000_000L;

    private final ParameterRegistry registry;
    private final PendingWrites pending;
    private final Map<Long, List<Binding>> byControl = new HashMap<>();
    private final Map<String, List<Binding>> byTarget = new HashMap<>();
    private final Map<String, Binding> byId = new HashMap<>();
    private long triggers;

    MappingEngine(ParameterRegistry registry, PendingWrites pending) {
        this.registry = registry;
        this.pending = pending;
    }

    /**
     * Rebuilds the index; bindings whose mapping did not change keep their takeover state. Returns the bindings that
     * are new (their controllers should be shown the current value).
     */
    List<Binding> setMappings(List<Mapping> mappings) {
        List<Binding> fresh = new ArrayList<>();
        Map<String, Binding> old = new HashMap<>(byId);
        byControl.clear();
        byTarget.clear();
        byId.clear();
        for (Mapping m : mappings) {
            Binding prev = old.get(m.id());
            Binding b = prev != null && prev.mapping.equals(m) && prev.target == registry.handle(m.target())
                    ? prev : new Binding(m, registry.handle(m.target()));
            if (b != prev) fresh.add(b);
            byId.put(m.id(), b);
            byControl.computeIfAbsent(key(m.source().type(), m.source().number()), k -> new ArrayList<>()).add(b);
            byTarget.computeIfAbsent(m.target(), k -> new ArrayList<>()).add(b);
        }
        return fresh;
    }

    List<Binding> bindingsFor(String targetId) {
        return byTarget.getOrDefault(targetId, List.of());
    }

    Iterable<Binding> all() {
        return byId.values();
    }

    long triggersFired() {
        return triggers;
    }

    /** Applies one event from port {@code port}; returns whether any mapping took it. */
    boolean handle(ControlEvent e, String port, long nanos) {
        List<Binding> candidates = byControl.get(key(e.type(), e.number()));
        if (candidates == null) return false;
        String portLower = port.toLowerCase(Locale.ROOT);
        boolean taken = false;
        for (Binding b : candidates) {
            if (!b.matches(e, portLower)) continue;
            taken = true;
            if (b.target == null) continue; // mapped to a parameter this model does not have
            b.lastChannel = e.channel();
            b.seenDevices.add(port);
            apply(b, e, port, nanos);
        }
        return taken;
    }

    private void apply(Binding b, ControlEvent e, String port, long nanos) {
        Mapping m = b.mapping;
        ParamHandle h = b.target;
        ParamSpec spec = h.spec();
        if (spec.type() == ParamType.TEXT) return;
        if (spec.type() == ParamType.TRIGGER) {
            fireTrigger(b, e, port);
            return;
        }
        double current = pending.valueOr(h, registry.snapshot().number(h));
        if (!Double.isNaN(b.lastApplied) && current != b.lastApplied) { // changed elsewhere since our last write
            b.engaged = false;
            b.travel = Double.NaN;
        }
        if (e.isStep() || b.relative()) {
            int delta = e.isStep() ? e.step() : Transfer.relativeDelta(m.mode(), e.raw(), e.bits());
            double stepSize = stepSize(b, e);
            double t0 = Double.isNaN(b.travel) ? Transfer.travel(m, current) : b.travel;
            b.travel = Math.max(0, Math.min(1, t0 + delta * stepSize));
            write(b, Transfer.value(m, b.travel), port);
            return;
        }
        switch (m.mode()) {
            case TOGGLE -> {
                if (e.pressed()) write(b, nearer(current, m.max(), m.min()) ? m.min() : m.max(), port);
            }
            case MOMENTARY -> write(b, e.pressed() ? m.max() : m.min(), port);
            default -> absolute(b, e, current, port, nanos);
        }
    }

    private void absolute(Binding b, ControlEvent e, double current, String port, long nanos) {
        Mapping m = b.mapping;
        if (e.type() == MidiSource.MessageType.NOTE && !e.pressed()) return; // velocity sets, release keeps
        double t = e.travel();
        double tv = Transfer.travel(m, current);
        double last = b.lastTravel;
        b.lastTravel = t;
        Binding.Sent echo = b.sent.get(port);
        if (echo != null && nanos - echo.nanos() < ECHO_NANOS && e.maxRaw() == maxRaw(m)
                && Math.abs(echo.raw() - e.raw()) <= (e.maxRaw() > 127 ? 128 : 1)) {
            // the controller repeating what we sent it (a motor fader settling within a step): it is where the value
            // is; taking it as a move would quantise the value and, with two motor faders, could bounce between them
            b.engaged = true;
            return;
        }
        b.sent.remove(port); // a real move: the control no longer shows what we last sent
        switch (m.takeover()) {
            case JUMP -> write(b, Transfer.value(m, t), port);
            case PICKUP -> {
                boolean at = Math.abs(t - tv) <= CATCH;
                boolean crossed = !Double.isNaN(last) && (last - tv) * (t - tv) <= 0;
                if (b.engaged || at || crossed) {
                    b.engaged = true;
                    write(b, Transfer.value(m, t), port);
                }
            }
            case SCALE -> {
                if (b.engaged || Math.abs(t - tv) <= CATCH) {
                    b.engaged = true;
                    write(b, Transfer.value(m, t), port);
                    return;
                }
                if (Double.isNaN(last) || t == last) return;
                double v1 = t > last
                        ? (last >= 1 ? t : tv + (t - last) * (1 - tv) / (1 - last))
                        : (last <= 0 ? t : tv - (last - t) * tv / last);
                if (Math.abs(v1 - t) <= CATCH) {
                    b.engaged = true;
                    v1 = t;
                }
                write(b, Transfer.value(m, v1), port);
            }
        }
    }

    private void fireTrigger(Binding b, ControlEvent e, String port) {
        boolean press = e.isStep() ? e.step() > 0 : e.pressed();
        boolean edge = b.mapping.mode() != Mapping.Mode.ABSOLUTE || e.type() == MidiSource.MessageType.NOTE || !b.lastPressed;
        b.lastPressed = press;
        if (press && edge) {
            triggers++;
            registry.trigger(b.target.id(), ChangeSource.of(ChangeSource.Kind.MIDI, port));
        }
    }

    /** Brings a value into the parameter's domain (range, integer steps, booleans) and queues it. */
    private void write(Binding b, double value, String port) {
        ParamSpec spec = b.target.spec();
        double v = value;
        if (spec.hasRange()) v = Math.max(spec.min(), Math.min(spec.max(), v));
        if (spec.type() == ParamType.INT || spec.type() == ParamType.ENUM) v = Math.floor(v + 0.5); // half up, as the registry rounds
        else if (spec.type() == ParamType.BOOL) v = v >= 0.5 ? 1 : 0;
        b.lastApplied = v;
        pending.put(b.target, v, b, port);
    }

    /**
     * Travel per encoder click: one raw step (1/127 of the travel for 7-bit, 1/16383 for 14-bit; NRPN increments
     * 1/127), but one whole value for choices, on/off and integers with fewer than 127 values, so a click always
     * moves them.
     */
    private static double stepSize(Binding b, ControlEvent e) {
        ParamType type = b.target.spec().type();
        double span = Math.abs(b.mapping.max() - b.mapping.min());
        boolean discrete = type == ParamType.ENUM || type == ParamType.BOOL || type == ParamType.INT;
        if (discrete && span >= 1 && span < 127) return 1.0 / span;
        return e.isStep() ? 1.0 / 127 : 1.0 / e.maxRaw();
    }

    static boolean nearer(double v, double a, double b) {
        return Math.abs(v - a) < Math.abs(v - b);
    }

    static int maxRaw(Mapping m) {
        return m.source().maxRaw();
    }

    private static long key(MidiSource.MessageType type, int number) {
        return ((long) type.ordinal() << 16) | number;
    }
}
