package mrtbox.appliance.wiring;

import mrtbox.appliance.config.MrtboxConfig;
import mrtbox.appliance.service.ApplianceContext;
import mrtbox.appliance.service.Component;
import mrtbox.control.mapping.LearnControl;
import mrtbox.control.mapping.MappingBook;
import mrtbox.control.midi.MidiMonitor;
import mrtbox.control.midi.MidiService;
import mrtbox.control.midi.MidiSettings;
import mrtbox.control.notes.NoteBus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MIDI controllers: the mappings, learn, program-change scenes, notes to the note bus. Provides the
 * {@link LearnControl} (web, OSC and GPIO arm it) and the {@link MidiMonitor} (the page's live monitor) even with
 * {@code midi.enabled: false}, when no device is opened and learn simply waits.
 */
public final class MidiComponent implements Component {
    private static final Logger log = LoggerFactory.getLogger(MidiComponent.class);

    private final MidiService midi;
    private final boolean enabled;

    public MidiComponent(ApplianceContext context) {
        MrtboxConfig.Midi cfg = context.config().midi();
        this.enabled = cfg.enabled();
        this.midi = MidiService.builder(context.registry(), context.require(MappingBook.class))
                .settings(settings(cfg))
                .scenes(context.scenes())
                .notes(context.require(NoteBus.class))
                .build();
        context.provide(LearnControl.class, midi.learn());
        context.provide(MidiMonitor.class, midi.monitor());
        context.provide(MidiService.class, midi);
    }

    static MidiSettings settings(MrtboxConfig.Midi cfg) {
        return MidiSettings.builder()
                .includeDevices(cfg.includeDevices())
                .excludeDevices(cfg.excludeDevices())
                .sceneChannel(cfg.sceneChannel())
                .noteChannel(cfg.noteChannel())
                .build();
    }

    @Override
    public String name() {
        return "midi";
    }

    @Override
    public void start() {
        if (!enabled) {
            log.info("MIDI is off (midi.enabled is false)");
            return;
        }
        midi.start();
    }

    @Override
    public void stop() {
        midi.stop();
    }
}
