package mrtbox.control.osc;

/** A packet that is not valid OSC: says what is wrong and at which byte offset. */
public final class OscFormatException extends Exception {
    private final int offset;

    public OscFormatException(String reason, int offset) {
        super(reason + " (at byte " + offset + ")");
        this.offset = offset;
    }

    public int offset() {
        return offset;
    }
}
