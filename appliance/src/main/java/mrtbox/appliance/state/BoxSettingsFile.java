package mrtbox.appliance.state;

import java.util.List;
import mrtbox.control.mapping.MidiSource;
import mrtbox.control.midi.MidiSettings;

/**
 * {@code settings.json}: choices made on the web page that override the config file (which may be read-only on an
 * appliance): the audio output, the model, the boot scene, the OSC port and sender allowlist, the MIDI panic control.
 * A null field means "as the config says".
 */
public record BoxSettingsFile(String audioDevice, String model, String bootScene, Integer oscPort, List<String> oscAllowlist,
                              MidiPanic midiPanic) {
    public static final DocumentType<BoxSettingsFile> TYPE = DocumentType.of("settings.json", 1, BoxSettingsFile.class,
            () -> new BoxSettingsFile(null, null, null, null, null, null));

    /**
     * The panic control chosen on the page: {@code {"source": {"device": "", "channel": 16, "type": "note", "number": 0}}},
     * or {@code {"source": null}} for none (over a config that names one).
     */
    public record MidiPanic(MidiSource source) {
        public MidiPanic {
            MidiSettings.checkPanic(source);
        }
    }

    public BoxSettingsFile {
        if (oscPort != null && (oscPort < 1 || oscPort > 65535)) throw new IllegalArgumentException("oscPort must be 1..65535, got " + oscPort);
        oscAllowlist = oscAllowlist == null ? null : List.copyOf(oscAllowlist);
    }

    public BoxSettingsFile withAudioDevice(String v) { return new BoxSettingsFile(v, model, bootScene, oscPort, oscAllowlist, midiPanic); }
    public BoxSettingsFile withModel(String v) { return new BoxSettingsFile(audioDevice, v, bootScene, oscPort, oscAllowlist, midiPanic); }
    public BoxSettingsFile withBootScene(String v) { return new BoxSettingsFile(audioDevice, model, v, oscPort, oscAllowlist, midiPanic); }
    public BoxSettingsFile withOsc(int port, List<String> allowlist) { return new BoxSettingsFile(audioDevice, model, bootScene, port, allowlist, midiPanic); }
    public BoxSettingsFile withMidiPanic(MidiSource v) { return new BoxSettingsFile(audioDevice, model, bootScene, oscPort, oscAllowlist, new MidiPanic(v)); }
}
