package mrtbox.control.osc;

/** A decoded OSC packet: a message or a bundle. Immutable. */
public sealed interface OscPacket permits OscMessage, OscBundle {
}
