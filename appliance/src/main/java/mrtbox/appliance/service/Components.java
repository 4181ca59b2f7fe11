package mrtbox.appliance.service;

import java.util.List;
import mrtbox.appliance.wiring.ControlHub;
import mrtbox.appliance.wiring.EngineComponent;
import mrtbox.appliance.wiring.GpioComponent;
import mrtbox.appliance.wiring.InputComponent;
import mrtbox.appliance.wiring.HeartbeatComponent;
import mrtbox.appliance.wiring.MidiComponent;
import mrtbox.appliance.wiring.OscComponent;
import mrtbox.appliance.wiring.ScheduleComponent;
import mrtbox.appliance.wiring.StatusPublisher;
import mrtbox.appliance.wiring.StylesComponent;
import mrtbox.appliance.wiring.SystemdComponent;
import mrtbox.appliance.wiring.WebComponent;

/**
 * The parts of {@code mrtbox run}, in start order (stopped in reverse). Adding one is one line here plus its class:
 * a {@link ComponentFactory} such as {@code OscComponent::new} taking an {@link ApplianceContext}.
 * Put providers before users: engine, then audio output, then the control frontends.
 */
public final class Components {
    private Components() {}

    public static List<ComponentFactory> standard() {
        return List.of(
                ControlHub::new,        // status board, note bus, mappings, the page's settings; boot scene
                InputComponent::new,    // live audio input: provides the InputTap, the output insert, :live slots
                StylesComponent::new,   // personal styles (:NAME), uploaded prompts (@N), style axes, prompt surface
                ScheduleComponent::new, // daily start/stop/scenes/restart; the scene and transport that hold now
                EngineComponent::new,   // the model, the engine and the audio output; provides status and readiness
                MidiComponent::new,     // provides MIDI learn and the monitor
                OscComponent::new,      // OSC, OSCQuery, Zeroconf
                WebComponent::new,
                GpioComponent::new,
                StatusPublisher::new,   // status reports at 10 Hz from the engine's metrics
                HeartbeatComponent::new, // outbound "alive" over HTTP and/or OSC, when configured
                SystemdComponent::new   // last: READY=1 once everything above runs and the engine plays
        );
    }
}
