package mrtbox.control.osc;

import java.util.List;

/**
 * A decoded OSC bundle.
 *
 * @param timeTag the raw 64-bit NTP time tag (see {@link NtpTime}); {@link NtpTime#IMMEDIATE} means now
 */
public record OscBundle(long timeTag, List<OscPacket> elements) implements OscPacket {
    public OscBundle {
        elements = List.copyOf(elements);
    }
}
