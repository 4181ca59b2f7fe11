package mrtbox.appliance.page;

import java.util.Optional;

/**
 * What the setup view needs from the engine to switch models while the box plays (the composition root connects it
 * to the engine component): which model plays, a switch, and how the last switch went.
 */
public interface ModelSwitching {
    /**
     * A live switch: the model it loads, whether it is still loading, why it failed (empty when it plays now) and its
     * seconds so far (or in all).
     */
    record Progress(String model, boolean loading, String failure, double seconds) {}

    /** The model the engine runs now; empty when none could be loaded. */
    Optional<String> playing();

    /**
     * Starts loading {@code name} beside the playing model and returns at once; {@code whenPlaying} runs once it
     * plays. Throws {@link IllegalStateException} while another switch loads.
     */
    void switchTo(String name, Runnable whenPlaying);

    Optional<Progress> lastSwitch();

    /** No engine (tests of the page's other parts): nothing plays, a switch is refused. */
    ModelSwitching NONE = new ModelSwitching() {
        @Override public Optional<String> playing() { return Optional.empty(); }
        @Override public void switchTo(String name, Runnable whenPlaying) { throw new IllegalStateException("no engine in this box"); }
        @Override public Optional<Progress> lastSwitch() { return Optional.empty(); }
    };
}
