package mrtbox.control.param;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single source of truth for every controllable value. OSC, OSCQuery, MIDI learn, the web form, scenes and
 * the engine all work from it.
 *
 * <p>Concurrency: writers (any control thread) serialise on a private lock and publish a new immutable
 * {@link ParamSnapshot}; readers take the current snapshot with one volatile read and never block. The
 * generation and audio threads only ever read.
 */
public final class ParameterRegistry {
    private static final Logger log = LoggerFactory.getLogger(ParameterRegistry.class);

    private final Object writeLock = new Object();
    private final List<RegistryListener> listeners = new CopyOnWriteArrayList<>();
    private volatile ParamSnapshot current =
            new ParamSnapshot(0, List.of(), Map.of(), new double[0], new String[0]);

    /** Adds a parameter at its default value. Ids are unique; registering one twice is a programming error. */
    public ParamHandle register(ParamSpec spec) {
        Objects.requireNonNull(spec, "spec");
        ParamHandle handle;
        synchronized (writeLock) {
            ParamSnapshot s = current;
            if (s.byId().containsKey(spec.id())) throw new IllegalArgumentException("parameter '" + spec.id() + "' is already registered");
            int n = s.size();
            handle = new ParamHandle(spec, n);
            List<ParamHandle> handles = new ArrayList<>(s.handles());
            handles.add(handle);
            Map<String, ParamHandle> byId = new LinkedHashMap<>(s.byId());
            byId.put(spec.id(), handle);
            double[] numbers = s.numbersCopy(n + 1);
            String[] texts = s.textsCopy(n + 1);
            if (spec.type() == ParamType.TEXT) texts[n] = spec.defaultText();
            else numbers[n] = spec.defaultNumber();
            current = new ParamSnapshot(s.version() + 1, Collections.unmodifiableList(handles),
                    Collections.unmodifiableMap(byId), numbers, texts);
        }
        for (RegistryListener l : listeners) {
            try {
                l.onParamAdded(handle);
            } catch (RuntimeException e) {
                log.warn("listener {} failed on added parameter {}", l, spec.id(), e);
            }
        }
        return handle;
    }

    public void registerAll(Iterable<ParamSpec> specs) {
        for (ParamSpec s : specs) register(s);
    }

    /** The current values; never blocks. */
    public ParamSnapshot snapshot() {
        return current;
    }

    /** The handle for an id, or null. */
    public ParamHandle handle(String id) {
        return current.handle(id);
    }

    /** The handle for an id, failing loudly: for code that registered the id itself. */
    public ParamHandle require(String id) {
        ParamHandle h = current.handle(id);
        if (h == null) throw new IllegalArgumentException("no parameter '" + id + "'");
        return h;
    }

    public List<ParamSpec> specs() {
        List<ParamSpec> out = new ArrayList<>();
        for (ParamHandle h : current.handles()) out.add(h.spec());
        return out;
    }

    /** Sets a value from its API form (Number, Boolean, String; anything for a trigger). */
    public SetOutcome set(String id, Object raw, ChangeSource source) {
        ParamHandle h = current.handle(id);
        return h == null ? SetOutcome.unknown(id) : set(h, raw, source);
    }

    public SetOutcome set(ParamHandle h, Object raw, ChangeSource source) {
        if (refusesWrite(h, source)) return readOnly(h);
        ParamSpec.Coerced c = h.spec().coerce(raw);
        if (!c.accepted()) return new SetOutcome(SetOutcome.Status.REJECTED, h.id(), null, c.note());
        return store(h, c, source);
    }

    /** Sets a ranged parameter from a 0..1 position (faders, knobs). */
    public SetOutcome setNormalized(ParamHandle h, double unit01, ChangeSource source) {
        ParamType type = h.spec().type();
        if (type == ParamType.TEXT || type == ParamType.TRIGGER) {
            return new SetOutcome(SetOutcome.Status.REJECTED, h.id(), null, h.id() + " is " + type + ", it has no range");
        }
        if (!Double.isFinite(unit01)) return new SetOutcome(SetOutcome.Status.REJECTED, h.id(), null, h.id() + " position must be finite");
        if (refusesWrite(h, source)) return readOnly(h);
        double v = h.spec().fromNormalized(unit01);
        String note = unit01 < 0 || unit01 > 1 ? "position " + unit01 + " clamped to 0..1" : null;
        return store(h, new ParamSpec.Coerced(true, v, null, note), source);
    }

    /** Only the box itself ({@link ChangeSource.Kind#INTERNAL}) writes a read-only parameter. */
    private static boolean refusesWrite(ParamHandle h, ChangeSource source) {
        return h.spec().readOnly() && source.kind() != ChangeSource.Kind.INTERNAL;
    }

    private static SetOutcome readOnly(ParamHandle h) {
        return new SetOutcome(SetOutcome.Status.REJECTED, h.id(), null, h.id() + " is read-only: only the box sets it");
    }

    /** Presses a trigger (increments its counter). */
    public SetOutcome trigger(String id, ChangeSource source) {
        ParamHandle h = current.handle(id);
        if (h == null) return SetOutcome.unknown(id);
        if (h.spec().type() != ParamType.TRIGGER) {
            return new SetOutcome(SetOutcome.Status.REJECTED, id, null, id + " is not a trigger");
        }
        return set(h, null, source);
    }

    /**
     * Sets several values as one change: readers see either none or all of them (one new snapshot), so the engine
     * never plays a half-recalled scene. Each value is validated like a single {@link #set}; refused ones are
     * left out and reported. Listeners hear each change afterwards, all carrying the final snapshot.
     *
     * @return one outcome per entry, in order
     */
    public List<SetOutcome> setAll(Map<ParamHandle, ?> values, ChangeSource source) {
        SetOutcome[] outcomes = new SetOutcome[values.size()];
        List<ParamHandle> accepted = new ArrayList<>(values.size());
        List<ParamSpec.Coerced> coerced = new ArrayList<>(values.size());
        List<Integer> positions = new ArrayList<>(values.size());
        int k = 0;
        for (Map.Entry<ParamHandle, ?> e : values.entrySet()) {
            ParamHandle h = e.getKey();
            ParamSpec.Coerced c = refusesWrite(h, source) ? new ParamSpec.Coerced(false, Double.NaN, null, readOnly(h).reason())
                    : h.spec().coerce(e.getValue());
            if (c.accepted()) {
                accepted.add(h);
                coerced.add(c);
                positions.add(k);
            } else {
                outcomes[k] = new SetOutcome(SetOutcome.Status.REJECTED, h.id(), null, c.note());
            }
            k++;
        }
        List<SetOutcome> applied = commit(accepted, coerced, source);
        for (int j = 0; j < applied.size(); j++) outcomes[positions.get(j)] = applied.get(j);
        return List.of(outcomes);
    }

    /** Puts every parameter back to its default (triggers keep their counters). */
    public void resetToDefaults(ChangeSource source) {
        for (ParamHandle h : current.handles()) {
            if (h.spec().type() != ParamType.TRIGGER) set(h, h.spec().defaultValue(), source);
        }
    }

    private SetOutcome store(ParamHandle h, ParamSpec.Coerced c, ChangeSource source) {
        return commit(List.of(h), List.of(c), source).get(0);
    }

    /**
     * Writes validated values as one new snapshot (none when nothing changes), then tells the listeners about each
     * change. The one write path: a single set and a scene recall publish the same way.
     */
    private List<SetOutcome> commit(List<ParamHandle> handles, List<ParamSpec.Coerced> values, ChangeSource source) {
        SetOutcome[] outcomes = new SetOutcome[handles.size()];
        List<ParamChange> changes = new ArrayList<>();
        synchronized (writeLock) {
            ParamSnapshot s = current;
            double[] numbers = s.numbersCopy(s.size());
            String[] texts = s.textsCopy(s.size());
            List<Integer> changed = new ArrayList<>();
            for (int k = 0; k < handles.size(); k++) {
                if (write(handles.get(k), values.get(k), numbers, texts)) changed.add(k);
                else outcomes[k] = unchanged(handles.get(k), s.value(handles.get(k)), values.get(k));
            }
            if (changed.isEmpty()) return List.of(outcomes);
            ParamSnapshot next = new ParamSnapshot(s.version() + 1, s.handles(), s.byId(), numbers, texts);
            current = next;
            for (int k : changed) {
                ParamHandle h = handles.get(k);
                String note = values.get(k).note();
                Object newValue = next.value(h);
                outcomes[k] = new SetOutcome(note == null ? SetOutcome.Status.ACCEPTED : SetOutcome.Status.ADJUSTED, h.id(), newValue, note);
                changes.add(new ParamChange(h.spec(), s.value(h), newValue, source, next));
            }
        }
        for (ParamChange change : changes) {
            for (RegistryListener l : listeners) {
                try {
                    l.onChange(change);
                } catch (RuntimeException e) {
                    log.warn("listener {} failed on change of {}", l, change.spec().id(), e);
                }
            }
        }
        return List.of(outcomes);
    }

    /** Puts one value into the snapshot arrays being built; false when it is already there (a trigger always counts). */
    private static boolean write(ParamHandle h, ParamSpec.Coerced c, double[] numbers, String[] texts) {
        int i = h.index();
        switch (h.spec().type()) {
            case TEXT -> {
                if (c.text().equals(texts[i])) return false;
                texts[i] = c.text();
            }
            case TRIGGER -> numbers[i] = numbers[i] + 1;
            default -> {
                if (numbers[i] == c.number()) return false;
                numbers[i] = c.number();
            }
        }
        return true;
    }

    private static SetOutcome unchanged(ParamHandle h, Object value, ParamSpec.Coerced c) {
        return new SetOutcome(SetOutcome.Status.UNCHANGED, h.id(), value, c.note());
    }

    public void addListener(RegistryListener l) {
        listeners.add(Objects.requireNonNull(l));
    }

    public void removeListener(RegistryListener l) {
        listeners.remove(l);
    }
}
