package mrtbox.appliance.service;

import java.util.List;

/**
 * The parts of {@code mrtbox run}, in start order (stopped in reverse). Adding one is one line here plus its class:
 * a {@link ComponentFactory} such as {@code OscComponent::new} taking an {@link ApplianceContext}.
 * Put providers before users: engine, then audio output, then the control frontends.
 */
public final class Components {
    private Components() {}

    public static List<ComponentFactory> standard() {
        return List.of(
                // engine, audio output, MIDI, OSC, web: each module adds its factory here as it lands.
        );
    }
}
