package mrtbox.control.param;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable view of every parameter value at one moment. The generation thread reads one per model step
 * (a single volatile read in {@link ParameterRegistry#snapshot()}); nothing in here changes after construction.
 *
 * <p>Triggers are press counters: a consumer remembers the count it last acted on and acts when it grows,
 * so no press is lost between two snapshots.
 */
public final class ParamSnapshot {
    private final long version;
    private final List<ParamHandle> handles;
    private final Map<String, ParamHandle> byId;
    private final double[] numbers;
    private final String[] texts;

    ParamSnapshot(long version, List<ParamHandle> handles, Map<String, ParamHandle> byId, double[] numbers, String[] texts) {
        this.version = version;
        this.handles = handles;
        this.byId = byId;
        this.numbers = numbers;
        this.texts = texts;
    }

    /** Grows by one on every accepted change. */
    public long version() { return version; }

    public List<ParamHandle> handles() { return handles; }

    public int size() { return handles.size(); }

    public double number(ParamHandle h) {
        return numbers[h.index()];
    }

    public boolean bool(ParamHandle h) {
        return numbers[h.index()] != 0;
    }

    public int integer(ParamHandle h) {
        return (int) numbers[h.index()];
    }

    public long triggerCount(ParamHandle h) {
        return (long) numbers[h.index()];
    }

    public String text(ParamHandle h) {
        return texts[h.index()];
    }

    /** The value in API form (see {@link ParamSpec}), or null when the id is unknown. */
    public Object value(String id) {
        ParamHandle h = byId.get(id);
        return h == null ? null : value(h);
    }

    public Object value(ParamHandle h) {
        return h.spec().type() == ParamType.TEXT ? texts[h.index()] : h.spec().toExternal(numbers[h.index()]);
    }

    public ParamHandle handle(String id) {
        return byId.get(id);
    }

    /** Persistent values by id, in registration order: what a scene or the last state stores. */
    public Map<String, Object> persistentValues() {
        Map<String, Object> out = new LinkedHashMap<>();
        for (ParamHandle h : handles) {
            if (h.spec().persistent()) out.put(h.id(), value(h));
        }
        return Collections.unmodifiableMap(out);
    }

    // Copy-on-write helpers for the registry: the arrays are never exposed or mutated after publication.
    double[] numbersCopy(int length) { return java.util.Arrays.copyOf(numbers, length); }
    String[] textsCopy(int length) { return java.util.Arrays.copyOf(texts, length); }
    Map<String, ParamHandle> byId() { return byId; }
}
