package mrtbox.control.scene;

import java.util.List;

/**
 * What a scene recall did: how many values it applied and which it could not apply, with the reason for each
 * (unknown to this model, out of range, ...). A recall applies everything it can.
 */
public record RecallReport(String scene, int applied, List<String> problems) {
    public RecallReport {
        problems = List.copyOf(problems);
    }

    public boolean clean() {
        return problems.isEmpty();
    }
}
