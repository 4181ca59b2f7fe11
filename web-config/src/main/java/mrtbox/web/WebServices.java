package mrtbox.web;

import java.util.Objects;
import mrtbox.control.mapping.LearnControl;
import mrtbox.control.mapping.MappingBook;
import mrtbox.control.notes.NoteInput;
import mrtbox.control.param.ParameterRegistry;
import mrtbox.control.scene.SceneBook;
import mrtbox.control.status.StatusBoard;

/**
 * Everything the page works on: the control contracts shared with the other frontends, and what the page may
 * access of the appliance (the {@code *Access} interfaces the appliance implements).
 */
public record WebServices(ParameterRegistry registry, SceneBook scenes, MappingBook mappings, LearnControl learn,
                          NoteInput notes, StatusBoard status, SetupAccess setup, BackupAccess backup,
                          PromptAudioAccess promptAudio, MidiMonitorAccess monitor, OscAccess osc, MidiPanicAccess panic) {
    public WebServices {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(scenes, "scenes");
        Objects.requireNonNull(mappings, "mappings");
        Objects.requireNonNull(learn, "learn");
        Objects.requireNonNull(notes, "notes");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(setup, "setup");
        Objects.requireNonNull(backup, "backup");
        Objects.requireNonNull(promptAudio, "promptAudio");
        Objects.requireNonNull(monitor, "monitor");
        Objects.requireNonNull(osc, "osc");
        Objects.requireNonNull(panic, "panic");
    }
}
