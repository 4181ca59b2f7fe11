package mrtbox.control.notes;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import mrtbox.control.param.ChangeSource;

/**
 * Fans note events out to every attached {@link NoteInput} (the model's note tracker, monitors), after checking
 * them: notes outside 0..127 and velocities outside 0..127 are dropped and reported by the return value.
 */
public final class NoteBus implements NoteInput {
    private final List<NoteInput> targets = new CopyOnWriteArrayList<>();

    public void attach(NoteInput target) {
        targets.add(target);
    }

    public void detach(NoteInput target) {
        targets.remove(target);
    }

    @Override
    public void noteOn(int note, int velocity, ChangeSource source) {
        if (!validNote(note) || velocity < 0 || velocity > 127) {
            throw new IllegalArgumentException("note " + note + " velocity " + velocity + ": notes and velocities are 0..127");
        }
        if (velocity == 0) {
            noteOff(note, source);
            return;
        }
        for (NoteInput t : targets) t.noteOn(note, velocity, source);
    }

    @Override
    public void noteOff(int note, ChangeSource source) {
        if (!validNote(note)) throw new IllegalArgumentException("note " + note + ": notes are 0..127");
        for (NoteInput t : targets) t.noteOff(note, source);
    }

    @Override
    public void allNotesOff(ChangeSource source) {
        for (NoteInput t : targets) t.allNotesOff(source);
    }

    private static boolean validNote(int note) {
        return note >= 0 && note <= 127;
    }
}
