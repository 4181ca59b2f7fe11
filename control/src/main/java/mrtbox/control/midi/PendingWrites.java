package mrtbox.control.midi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mrtbox.control.param.ParamHandle;

/**
 * The coalescing buffer between MIDI events and the registry: the latest value per parameter since the last tick.
 * A flood of 10,000 messages a second on one knob becomes one registry write per tick. Dispatcher thread only.
 */
final class PendingWrites {
    record Write(ParamHandle target, double value, Binding by, String device) {}

    private final Map<Integer, Write> byIndex = new LinkedHashMap<>();
    private long coalesced;

    void put(ParamHandle target, double value, Binding by, String device) {
        if (byIndex.put(target.index(), new Write(target, value, by, device)) != null) coalesced++;
    }

    /** The pending value for a parameter, or {@code fallback} when none is waiting. */
    double valueOr(ParamHandle target, double fallback) {
        Write w = byIndex.get(target.index());
        return w == null ? fallback : w.value();
    }

    void remove(ParamHandle target) {
        byIndex.remove(target.index());
    }

    boolean isEmpty() {
        return byIndex.isEmpty();
    }

    /** Takes every waiting write, oldest parameter first, and empties the buffer. */
    List<Write> drain() {
        List<Write> out = new ArrayList<>(byIndex.values());
        byIndex.clear();
        return out;
    }

    /** Writes replaced by a later value before they were applied. */
    long coalesced() {
        return coalesced;
    }
}
