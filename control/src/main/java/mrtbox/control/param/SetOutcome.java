package mrtbox.control.param;

/**
 * The answer to a write: whether it was stored, the value as stored, and a reason when it was rejected
 * or adjusted (clamped, truncated). Frontends pass the reason on to whoever sent the value.
 */
public record SetOutcome(Status status, String id, Object value, String reason) {

    public enum Status {
        /** Stored as given. */
        ACCEPTED,
        /** Stored after an adjustment described in {@code reason}. */
        ADJUSTED,
        /** Equal to the current value: nothing stored, no listener called. */
        UNCHANGED,
        /** Not stored; {@code reason} says why. */
        REJECTED,
        /** No parameter has this id. */
        UNKNOWN
    }

    public boolean ok() {
        return status != Status.REJECTED && status != Status.UNKNOWN;
    }

    static SetOutcome unknown(String id) {
        return new SetOutcome(Status.UNKNOWN, id, null, "no parameter '" + id + "'");
    }
}
