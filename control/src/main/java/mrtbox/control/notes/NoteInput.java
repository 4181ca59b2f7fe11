package mrtbox.control.notes;

import mrtbox.control.param.ChangeSource;

/**
 * Where played notes go: MIDI note messages, OSC {@code /mrtbox/note/on|off} and the web keyboard all call this.
 * The appliance connects it to the model's note conditioning (MRT2). Implementations never block the caller.
 */
public interface NoteInput {
    /** A note starts; velocity 1..127 (velocity 0 is a note-off, as MIDI says). */
    void noteOn(int note, int velocity, ChangeSource source);

    void noteOff(int note, ChangeSource source);

    /** Panic: every held note ends. */
    void allNotesOff(ChangeSource source);
}
