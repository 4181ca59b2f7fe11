package mrtbox.inference.mrt2;

import java.util.concurrent.atomic.AtomicIntegerArray;
import mrtbox.inference.model.NoteFrame;

/**
 * The latching MIDI note tracker of the reference engine (spec mrt2.md section 7), lock-free: MIDI and OSC threads
 * call {@link #noteOn}/{@link #noteOff}; the generation thread calls {@link #nextFrame} exactly once per frame.
 * Per pitch: IDLE, ONSET (not yet consumed), SUSTAIN, ONSET_RELEASED (released before its onset was consumed).
 * noteOn always goes to ONSET (re-trigger); noteOff turns ONSET into ONSET_RELEASED and SUSTAIN into IDLE. A frame
 * reports the state before advancing ONSET to SUSTAIN and ONSET_RELEASED to IDLE, so a tap shorter than a frame still
 * yields exactly one onset frame, and several on/offs inside one frame collapse into one event. Velocity is ignored.
 */
public final class NoteTracker {
    static final int IDLE = 0, ONSET = 1, SUSTAIN = 2, ONSET_RELEASED = 3;
    private final AtomicIntegerArray states = new AtomicIntegerArray(Mrt2Vocab.PITCHES);

    public void noteOn(int pitch) {
        check(pitch);
        states.set(pitch, ONSET);
    }

    public void noteOff(int pitch) {
        check(pitch);
        while (true) {
            int s = states.get(pitch);
            int next = s == ONSET ? ONSET_RELEASED : s == SUSTAIN ? IDLE : s;
            if (next == s || states.compareAndSet(pitch, s, next)) return;
        }
    }

    /** Releases every note as note-offs would (a latched onset still plays its one frame). */
    public void allOff() {
        for (int p = 0; p < Mrt2Vocab.PITCHES; p++) noteOff(p);
    }

    /**
     * This frame's notes: held = any non-idle state, onset = ONSET or ONSET_RELEASED; then advances each pitch once.
     * Call once per generated frame.
     */
    public NoteFrame nextFrame() {
        long heldLo = 0, heldHi = 0, onLo = 0, onHi = 0;
        for (int p = 0; p < Mrt2Vocab.PITCHES; p++) {
            int s;
            while (true) {
                s = states.get(p);
                int next = s == ONSET ? SUSTAIN : s == ONSET_RELEASED ? IDLE : s;
                if (next == s || states.compareAndSet(p, s, next)) break;
            }
            if (s == IDLE) continue;
            boolean onset = s == ONSET || s == ONSET_RELEASED;
            if (p < 64) {
                heldLo |= 1L << p;
                if (onset) onLo |= 1L << p;
            } else {
                heldHi |= 1L << (p - 64);
                if (onset) onHi |= 1L << (p - 64);
            }
        }
        return new NoteFrame(heldLo, heldHi, onLo, onHi);
    }

    /** Notes currently sounding (for the MIDI gate): any state but IDLE. */
    public int activeCount() {
        int n = 0;
        for (int p = 0; p < Mrt2Vocab.PITCHES; p++) if (states.get(p) != IDLE) n++;
        return n;
    }

    private static void check(int pitch) {
        if (pitch < 0 || pitch >= Mrt2Vocab.PITCHES) throw new IllegalArgumentException("MIDI pitch " + pitch + " is outside 0..127");
    }
}
