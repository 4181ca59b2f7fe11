package mrtbox.web.testing;

import mrtbox.control.mapping.MidiSource;
import mrtbox.control.midi.MidiSettings;
import mrtbox.web.MidiPanicAccess;

/** The panic control held in memory, refused as the MIDI service refuses it (a note or CC only). */
public final class MemoryMidiPanic implements MidiPanicAccess {
    private Panic panic = new Panic(null, "config");

    @Override
    public synchronized Panic panic() {
        return panic;
    }

    @Override
    public synchronized void setPanic(MidiSource control) {
        panic = new Panic(MidiSettings.checkPanic(control), "page");
    }
}
