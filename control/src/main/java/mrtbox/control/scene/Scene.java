package mrtbox.control.scene;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A named set of parameter values in API form (see {@code ParamSpec}). Immutable.
 *
 * @param values parameter id -> value; ids unknown to the running registry are kept (a model-specific parameter
 *               from another model) and reported, not dropped, on recall
 */
public record Scene(String name, Map<String, Object> values) {
    public static final int MAX_NAME_LENGTH = 64;

    public Scene {
        name = checkName(name);
        values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(values, "values")));
    }

    /** Scene names are shown on the page and sent over OSC: printable, trimmed, 1..64 characters. */
    public static String checkName(String name) {
        if (name == null) throw new IllegalArgumentException("a scene needs a name");
        String n = name.strip();
        if (n.isEmpty()) throw new IllegalArgumentException("a scene name cannot be empty");
        if (n.length() > MAX_NAME_LENGTH) throw new IllegalArgumentException("scene name longer than " + MAX_NAME_LENGTH + " characters");
        for (int i = 0; i < n.length(); i++) {
            if (Character.isISOControl(n.charAt(i))) throw new IllegalArgumentException("scene name contains a control character");
        }
        return n;
    }
}
