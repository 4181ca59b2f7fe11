package mrtbox.control.midi;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import mrtbox.control.mapping.Mapping;
import mrtbox.control.mapping.Transfer;
import mrtbox.control.param.ParamHandle;

/**
 * A {@link Mapping} at run time: the resolved target and the little state takeover, relative encoders and feedback
 * need. Owned by the dispatcher thread.
 */
final class Binding {
    final Mapping mapping;
    final ParamHandle target;          // null when the running model has no such parameter
    final String deviceLower;

    boolean engaged;                   // pickup/scale: the control has caught the value
    double lastTravel = Double.NaN;    // where the control was at its previous message
    double lastApplied = Double.NaN;   // the value this binding last wrote
    double travel = Double.NaN;        // fractional position of a relative encoder (INT targets round)
    boolean lastPressed;               // for edge-triggered triggers
    int lastChannel = 1;               // feedback channel for "any channel" mappings
    final Set<String> seenDevices = new HashSet<>();                // "any device" feedback goes to these
    final Map<String, Sent> sent = new HashMap<>();                 // last feedback per output, for echo suppression

    record Sent(int raw, long nanos) {}

    Binding(Mapping mapping, ParamHandle target) {
        this.mapping = mapping;
        this.target = target;
        this.deviceLower = mapping.source().device().toLowerCase(Locale.ROOT);
    }

    boolean matches(ControlEvent e, String portLower) {
        int ch = mapping.source().channel();
        return (ch == 0 || ch == e.channel()) && (deviceLower.isEmpty() || portLower.contains(deviceLower));
    }

    /** Whether feedback may go to this output (by name). */
    boolean feedsBackTo(String outputName) {
        return deviceLower.isEmpty() ? seenDevices.contains(outputName) : outputName.toLowerCase(Locale.ROOT).contains(deviceLower);
    }

    /** Whether the control stays where the hand left it (so echoing the value back would fight the hand). */
    boolean handHeld() {
        return mapping.mode() == Mapping.Mode.ABSOLUTE || mapping.mode() == Mapping.Mode.MOMENTARY;
    }

    boolean relative() {
        return Transfer.isRelative(mapping.mode());
    }
}
