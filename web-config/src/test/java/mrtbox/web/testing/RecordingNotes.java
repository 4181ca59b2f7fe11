package mrtbox.web.testing;

import java.util.concurrent.atomic.AtomicInteger;
import mrtbox.control.notes.NoteInput;
import mrtbox.control.param.ChangeSource;

/** Counts panics. */
public final class RecordingNotes implements NoteInput {
    public final AtomicInteger allOff = new AtomicInteger();

    @Override public void noteOn(int note, int velocity, ChangeSource source) {}
    @Override public void noteOff(int note, ChangeSource source) {}
    @Override public void allNotesOff(ChangeSource source) { allOff.incrementAndGet(); }
}
