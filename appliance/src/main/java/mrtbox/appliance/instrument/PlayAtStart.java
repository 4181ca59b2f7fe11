package mrtbox.appliance.instrument;

/**
 * Whether the engine starts playing: the schedule's answer (stopped after its stop time, say); without a schedule
 * the engine follows the config's {@code model.play}.
 */
@FunctionalInterface
public interface PlayAtStart {
    boolean play(boolean configured);
}
