package mrtbox.appliance.frontends;

import mrtbox.appliance.config.MrtboxConfig;
import mrtbox.appliance.service.Component;
import mrtbox.control.mapping.LearnControl;
import mrtbox.control.mapping.MappingBook;
import mrtbox.control.mapping.MidiSource;
import mrtbox.control.midi.JdkMidiDeviceProvider;
import mrtbox.control.midi.MidiDeviceProvider;
import mrtbox.control.midi.MidiMonitor;
import mrtbox.control.midi.MidiService;
import mrtbox.control.midi.MidiStats;
import mrtbox.control.midi.MidiSettings;
import mrtbox.control.notes.NoteBus;
import mrtbox.control.param.ParameterRegistry;
import mrtbox.control.scene.SceneBook;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MIDI controllers: the mappings, learn, program-change scenes, notes to the note bus. Offers the
 * {@link #learn() LearnControl} (web, OSC and GPIO arm it) and the {@link #monitor() MidiMonitor} (the page's live
 * monitor) even with {@code midi.enabled: false}, when no device is opened and learn simply waits.
 */
public final class MidiComponent implements Component {
    private static final Logger log = LoggerFactory.getLogger(MidiComponent.class);

    private final MidiService midi;
    private final boolean enabled;

    /** The controllers the JDK sees (ALSA raw MIDI on Linux). */
    public MidiComponent(MrtboxConfig.Midi cfg, ParameterRegistry registry, MappingBook mappings, SceneBook scenes, NoteBus notes) {
        this(cfg, registry, mappings, scenes, notes, new JdkMidiDeviceProvider());
    }

    /** @param devices where the controllers come from */
    public MidiComponent(MrtboxConfig.Midi cfg, ParameterRegistry registry, MappingBook mappings, SceneBook scenes, NoteBus notes,
                         MidiDeviceProvider devices) {
        this.enabled = cfg.enabled();
        this.midi = MidiService.builder(registry, mappings)
                .settings(settings(cfg))
                .scenes(scenes)
                .notes(notes)
                .provider(devices)
                .build();
    }

    /** MIDI learn: the next control moved is mapped to the armed parameter. */
    public LearnControl learn() {
        return midi.learn();
    }

    /** Every message received, for the page's live monitor. */
    public MidiMonitor monitor() {
        return midi.monitor();
    }

    /** The panic control in force (null: none). */
    public MidiSource panic() {
        return midi.panic();
    }

    /** Changes the panic control while running (null: none); refuses what is not a note or CC, changing nothing. */
    public void setPanic(MidiSource control) {
        midi.setPanic(control);
    }

    /** Counters since start, for the metrics. */
    public MidiStats stats() {
        return midi.stats();
    }

    static MidiSettings settings(MrtboxConfig.Midi cfg) {
        return MidiSettings.builder()
                .includeDevices(cfg.includeDevices())
                .excludeDevices(cfg.excludeDevices())
                .sceneChannel(cfg.sceneChannel())
                .noteChannel(cfg.noteChannel())
                .pollMillis(cfg.pollMillis())
                .tickMillis(cfg.tickMillis())
                .feedbackMillis(cfg.feedbackMillis())
                .pairTimeoutMillis(cfg.pairTimeoutMillis())
                .panic(cfg.panic())
                .monitorSize(cfg.monitorSize())
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
