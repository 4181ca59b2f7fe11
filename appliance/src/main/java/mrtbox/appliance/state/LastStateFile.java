package mrtbox.appliance.state;

import java.util.Map;

/** {@code last-state.json}: the parameter values playing when the box last saved, restored at start. */
public record LastStateFile(Map<String, Object> values) {
    public static final DocumentType<LastStateFile> TYPE =
            DocumentType.of("last-state.json", 1, LastStateFile.class, () -> new LastStateFile(Map.of()));

    public LastStateFile {
        values = StoredValues.check(values, "parameter");
    }
}
