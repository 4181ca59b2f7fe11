package mrtbox.appliance.wiring;

/**
 * Whether the engine starts playing: provided by the schedule (stopped after its stop time, say); without one the
 * engine follows the config's {@code model.play}.
 */
@FunctionalInterface
public interface PlayAtStart {
    boolean play(boolean configured);
}
