package mrtbox.control.mapping;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import mrtbox.control.param.ParameterRegistry;

/**
 * The set of mappings: add, replace, remove, list. Checks each mapping's target against the registry. Thread-safe;
 * listeners (the MIDI router, the state store) get the full new list after every change.
 */
public final class MappingBook {
    public interface Listener {
        void mappingsChanged(List<Mapping> mappings);
    }

    private final ParameterRegistry registry;
    private final Map<String, Mapping> byId = new LinkedHashMap<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong nextId = new AtomicLong(1);
    private volatile List<Mapping> view = List.of();

    public MappingBook(ParameterRegistry registry) {
        this.registry = registry;
    }

    /** Adds a mapping (a new id is assigned when it has none) or replaces the one with its id. */
    public Mapping put(Mapping m) {
        if (registry.handle(m.target()) == null) throw new IllegalArgumentException("no parameter '" + m.target() + "'");
        Mapping stored;
        synchronized (this) {
            stored = m.id().isEmpty() ? m.withId(freshId()) : m;
            byId.put(stored.id(), stored);
            view = List.copyOf(byId.values());
        }
        fire();
        return stored;
    }

    public boolean remove(String id) {
        return removeIf(m -> m.id().equals(id)) > 0;
    }

    /** Removes every mapping matching the filter (unlearn a parameter, a source); returns how many. */
    public int removeIf(Predicate<Mapping> filter) {
        int removed;
        synchronized (this) {
            int before = byId.size();
            byId.values().removeIf(filter);
            removed = before - byId.size();
            if (removed > 0) view = List.copyOf(byId.values());
        }
        if (removed > 0) fire();
        return removed;
    }

    /** Replaces everything without checking targets (mappings for parameters of another model are kept). */
    public void load(List<Mapping> loaded) {
        synchronized (this) {
            byId.clear();
            for (Mapping m : loaded) {
                Mapping s = m.id().isEmpty() ? m.withId(freshId()) : m;
                byId.put(s.id(), s);
            }
            view = List.copyOf(byId.values());
        }
        fire();
    }

    /** The current mappings; a lock-free read for the MIDI thread. */
    public List<Mapping> list() {
        return view;
    }

    public Optional<Mapping> get(String id) {
        for (Mapping m : view) if (m.id().equals(id)) return Optional.of(m);
        return Optional.empty();
    }

    public void addListener(Listener l) {
        listeners.add(l);
    }

    private String freshId() {
        String id;
        do {
            id = "m" + nextId.getAndIncrement();
        } while (byId.containsKey(id));
        return id;
    }

    private void fire() {
        List<Mapping> all = new ArrayList<>(view);
        for (Listener l : listeners) l.mappingsChanged(all);
    }
}
