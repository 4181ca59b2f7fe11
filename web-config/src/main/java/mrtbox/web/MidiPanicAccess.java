package mrtbox.web;

import mrtbox.control.mapping.MidiSource;

/** The MIDI panic control (the note or CC that ends all notes and mutes the output), changed while the box runs. */
public interface MidiPanicAccess {

    /**
     * @param panic the control in force, or null for none
     * @param from  where it comes from: {@code "page"} (chosen on the page, saved with the box's state) or
     *              {@code "config"} (the config file's {@code midi.panic})
     */
    record Panic(MidiSource panic, String from) {}

    Panic panic();

    /**
     * Uses this control from the next message on (null: none) and keeps it over the config's. Throws
     * {@link IllegalArgumentException} with the reason, changing nothing, for a control that cannot be one.
     */
    void setPanic(MidiSource control);
}
