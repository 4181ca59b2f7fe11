package mrtbox.control.osc;

import java.util.List;
import java.util.Objects;

/**
 * One decoded OSC message. Arguments are plain Java values: Integer (i, c as code point, r, m), Float (f),
 * Double (d), Long (h, t), String (s, S), Boolean (T, F), byte[] (b), {@link #NIL} (N) and {@link #IMPULSE} (I).
 *
 * @param typeTags the type tag string without its leading comma ("" when the sender sent none)
 */
public record OscMessage(String address, String typeTags, List<Object> args) implements OscPacket {
    /** The value of an N argument. */
    public static final Object NIL = new Marker("nil");
    /** The value of an I (impulse, "bang") argument. */
    public static final Object IMPULSE = new Marker("impulse");

    public OscMessage {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(typeTags, "typeTags");
        args = List.copyOf(args);
    }

    private record Marker(String name) {
        @Override
        public String toString() {
            return name;
        }
    }
}
