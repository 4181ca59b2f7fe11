package mrtbox.control.midi;

import java.util.ArrayList;
import java.util.List;
import mrtbox.control.notes.NoteInput;
import mrtbox.control.param.ChangeSource;

/** The model's note input, as a list of what arrived. */
final class RecordingNotes implements NoteInput {
    private final List<String> events = new ArrayList<>();

    @Override
    public synchronized void noteOn(int note, int velocity, ChangeSource source) {
        events.add("on " + note + " " + velocity + " " + source);
    }

    @Override
    public synchronized void noteOff(int note, ChangeSource source) {
        events.add("off " + note + " " + source);
    }

    @Override
    public synchronized void allNotesOff(ChangeSource source) {
        events.add("all off " + source);
    }

    synchronized List<String> events() {
        return new ArrayList<>(events);
    }
}
