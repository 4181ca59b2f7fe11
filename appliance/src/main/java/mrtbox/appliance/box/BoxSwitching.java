package mrtbox.appliance.box;

import java.util.Optional;
import mrtbox.appliance.instrument.EngineComponent;
import mrtbox.appliance.page.ModelSwitching;

/** The setup view's view of the engine (page/ may not import instrument/): what plays, live switches, the last one. */
public final class BoxSwitching {
    private BoxSwitching() {}

    public static ModelSwitching of(EngineComponent engine) {
        return new ModelSwitching() {
            @Override public Optional<String> playing() { return engine.playingModel(); }
            @Override public void switchTo(String name, Runnable whenPlaying) { engine.switchTo(name, whenPlaying); }
            @Override public Optional<Progress> lastSwitch() {
                return engine.lastSwitch().map(s -> new Progress(s.model(), s.loading(), s.failure(), s.seconds()));
            }
        };
    }
}
