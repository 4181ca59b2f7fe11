package mrtbox.control.osc;

/** Why a packet or message was not applied; each kind has its own counter in {@link OscStats}. */
public enum OscErrorKind {
    /** The sender's network is not on the allowlist: dropped silently. */
    NOT_ALLOWED,
    /** Not valid OSC (truncated, bad type tags, oversize strings, bundles too deep or larger than the packet). */
    MALFORMED,
    /** No parameter or command at that address (or a pattern that matched none). */
    UNKNOWN_ADDRESS,
    /** A pattern that cannot be compiled (an unclosed bracket). */
    BAD_PATTERN,
    /** Wrong number or kind of arguments for the address. */
    BAD_ARGUMENTS,
    /** The parameter refused the value (out of range, NaN or infinity, not one of the choices). */
    REJECTED_VALUE,
    /** A command could not be carried out (no such scene, learn unavailable, note out of range). */
    COMMAND_FAILED,
    /** A bundle's time tag is too far ahead, or too many messages are already waiting. */
    SCHEDULE_REFUSED,
    /** A reply or echo could not be sent. */
    SEND_FAILED
}
