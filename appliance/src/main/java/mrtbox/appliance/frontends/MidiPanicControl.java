package mrtbox.appliance.frontends;

import java.util.Objects;
import mrtbox.appliance.state.BoxSettings;
import mrtbox.appliance.state.BoxSettingsFile;
import mrtbox.control.mapping.MidiSource;
import mrtbox.web.MidiPanicAccess;

/**
 * The MIDI panic control while the box runs: the config's {@code midi.panic} until the page chooses one, which is
 * saved in {@code settings.json} and wins from then on (at the next start too). Every saved change of the settings is
 * applied to the running MIDI service at once, whichever path made it (the page's form, a restored backup).
 */
public final class MidiPanicControl implements MidiPanicAccess {
    private final MidiComponent midi;
    private final BoxSettings saved;

    /** Applies the saved choice over the config's (before the MIDI service starts) and follows later changes. */
    public MidiPanicControl(MidiComponent midi, BoxSettings saved) {
        this.midi = midi;
        this.saved = saved;
        apply(saved.current());
        saved.addListener(this::apply);
    }

    private void apply(BoxSettingsFile s) {
        if (s.midiPanic() != null && !Objects.equals(s.midiPanic().source(), midi.panic())) midi.setPanic(s.midiPanic().source());
    }

    @Override
    public Panic panic() {
        return new Panic(midi.panic(), saved.current().midiPanic() != null ? "page" : "config");
    }

    @Override
    public void setPanic(MidiSource control) {
        saved.update(f -> f.withMidiPanic(control));   // refused (nothing saved) when it cannot be a panic control
    }
}
