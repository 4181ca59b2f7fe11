package mrtbox.appliance.operations;

import java.util.Optional;
import mrtbox.appliance.service.Component;
import mrtbox.appliance.state.BoxSettings;
import mrtbox.control.scene.RecallReport;
import mrtbox.control.scene.SceneBook;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recalls the boot scene chosen on the page ({@code settings.json}), if any, over the restored last state. It is the
 * first component: the schedule, when it has a scene for now, recalls that one over it.
 */
public final class BootScene implements Component {
    private static final Logger log = LoggerFactory.getLogger(BootScene.class);

    private final SceneBook scenes;
    private final BoxSettings settings;

    public BootScene(SceneBook scenes, BoxSettings settings) {
        this.scenes = scenes;
        this.settings = settings;
    }

    @Override
    public String name() {
        return "boot scene";
    }

    @Override
    public void start() {
        Optional<String> boot = Optional.ofNullable(settings.current().bootScene());
        if (boot.isEmpty()) return;
        if (scenes.get(boot.get()).isEmpty()) {
            log.warn("boot scene '{}' does not exist (deleted?): keeping the last state", boot.get());
            return;
        }
        RecallReport r = scenes.recall(boot.get());
        log.info("boot scene '{}' recalled: {} values", r.scene(), r.applied());
        for (String p : r.problems()) log.warn("boot scene: {}", p);
    }

    @Override
    public void stop() {}
}
