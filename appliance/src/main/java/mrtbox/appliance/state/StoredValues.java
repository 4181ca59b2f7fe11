package mrtbox.appliance.state;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Checks parameter values read from a file: ids map to JSON scalars (text, number, true/false) and nothing else. */
final class StoredValues {
    private StoredValues() {}

    static Map<String, Object> check(Map<String, Object> values, String what) {
        if (values == null) return Map.of();
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : values.entrySet()) {
            Object v = e.getValue();
            if (!(v instanceof String || v instanceof Number || v instanceof Boolean)) {
                throw new IllegalArgumentException(what + " '" + e.getKey() + "' must be text, a number or true/false, got "
                        + (v == null ? "null" : v instanceof Map ? "an object" : "a list"));
            }
            out.put(e.getKey(), v);
        }
        return Collections.unmodifiableMap(out);
    }
}
