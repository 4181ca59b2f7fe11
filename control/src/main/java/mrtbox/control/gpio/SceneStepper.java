package mrtbox.control.gpio;

import java.util.List;
import java.util.Optional;
import mrtbox.control.scene.RecallReport;
import mrtbox.control.scene.Scene;
import mrtbox.control.scene.SceneBook;

/**
 * Next/previous scene for buttons: steps through {@link SceneBook#list()} (name order, the order program changes
 * use) from the scene the buttons last recalled, wrapping around. Before any, "next" goes to the first scene and
 * "previous" to the last. Only the control thread uses it.
 */
final class SceneStepper {
    private final SceneBook book;
    private String current;

    SceneStepper(SceneBook book) {
        this.book = book;
    }

    /** Recalls the scene {@code delta} places away; empty when no scene is saved. */
    Optional<RecallReport> step(int delta) {
        List<Scene> scenes = book.list();
        if (scenes.isEmpty()) return Optional.empty();
        int at = -1;
        for (int i = 0; i < scenes.size(); i++) {
            if (scenes.get(i).name().equalsIgnoreCase(current == null ? "" : current)) at = i;
        }
        int next = at < 0 ? (delta > 0 ? 0 : scenes.size() - 1) : Math.floorMod(at + delta, scenes.size());
        return Optional.of(recall(scenes.get(next).name()));
    }

    RecallReport recall(String name) {
        RecallReport r = book.recall(name);
        current = r.scene();
        return r;
    }
}
