package mrtbox.inference.model;

/**
 * The MIDI note state for one step, as 128-bit sets: notes held, and notes whose onset falls in this step
 * (a tap shorter than a step still shows as an onset). Immutable.
 */
public record NoteFrame(long heldLow, long heldHigh, long onsetLow, long onsetHigh) {
    public static final NoteFrame SILENT = new NoteFrame(0, 0, 0, 0);

    public boolean held(int note) {
        return bit(heldLow, heldHigh, note);
    }

    public boolean onset(int note) {
        return bit(onsetLow, onsetHigh, note);
    }

    private static boolean bit(long low, long high, int note) {
        if (note < 0 || note > 127) return false;
        return note < 64 ? (low >>> note & 1) != 0 : (high >>> (note - 64) & 1) != 0;
    }
}
