package mrtbox.control.midi;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MidiMessage;
import javax.sound.midi.Receiver;
import javax.sound.midi.ShortMessage;
import mrtbox.control.mapping.Mapping;
import mrtbox.control.mapping.MappingBook;
import mrtbox.control.mapping.MidiSource;
import mrtbox.control.notes.NoteBus;
import mrtbox.control.param.ChangeSource;
import mrtbox.control.param.ParamSpec;
import mrtbox.control.param.ParamType;
import mrtbox.control.param.ParameterRegistry;
import mrtbox.control.param.StandardParams;
import mrtbox.control.scene.SceneBook;

/**
 * A whole MIDI side of the box: registry with the standard parameters, mappings, scenes, notes, simulated devices.
 * The pair timeout is 200 ms here (20 ms by default) so that a loaded CI machine pausing the test thread between the
 * two halves of a pair cannot split it.
 */
final class MidiRig implements AutoCloseable {
    static final ChangeSource OSC = ChangeSource.of(ChangeSource.Kind.OSC, "192.168.1.20:9000");

    final ParameterRegistry registry = new ParameterRegistry();
    final MappingBook mappings;
    final SceneBook scenes;
    final RecordingNotes notes = new RecordingNotes();
    final SimulatedMidiProvider provider = new SimulatedMidiProvider();
    final MidiService service;

    MidiRig() {
        this(b -> { });
    }

    MidiRig(Consumer<MidiSettings.Builder> settings) {
        this(StandardParams.Guidance.WIDE, settings);
    }

    /** With the guidance range and default of a model family (the box registers the chosen model's). */
    MidiRig(StandardParams.Guidance guidance, Consumer<MidiSettings.Builder> settings) {
        registry.registerAll(StandardParams.all(guidance));
        registry.register(ParamSpec.builder("test.mode", ParamType.ENUM).choices(List.of("calm", "busy", "wild")).build());
        mappings = new MappingBook(registry);
        scenes = new SceneBook(registry);
        NoteBus bus = new NoteBus();
        bus.attach(notes);
        MidiSettings.Builder b = MidiSettings.builder().pollMillis(3_600_000).tickMillis(5).feedbackMillis(20).pairTimeoutMillis(200);
        settings.accept(b);
        service = MidiService.builder(registry, mappings).scenes(scenes).notes(bus).settings(b.build()).provider(provider).build();
        service.start();
    }

    Mapping map(MidiSource source, String target, double min, double max, Mapping.Curve curve, Mapping.Mode mode,
                Mapping.Takeover takeover, boolean feedback) {
        return mappings.put(new Mapping("", source, target, min, max, curve, mode, takeover, feedback));
    }

    Mapping map(MidiSource source, String target, Mapping.Mode mode, Mapping.Takeover takeover) {
        ParamSpec s = registry.require(target).spec();
        return map(source, target, s.hasRange() ? s.min() : 0, s.hasRange() ? s.max() : 1, Mapping.Curve.LINEAR, mode, takeover, false);
    }

    static MidiSource src(MidiSource.MessageType type, int channel, int number) {
        return new MidiSource("", channel, type, number);
    }

    double number(String id) {
        return registry.snapshot().number(registry.require(id));
    }

    Object value(String id) {
        return registry.snapshot().value(id);
    }

    void settle() throws InterruptedException {
        assertTrue(service.settle(Duration.ofSeconds(10)), "MIDI dispatcher did not settle");
    }

    static ShortMessage cc(int ch, int cc, int v) {
        return shortMessage(ShortMessage.CONTROL_CHANGE, ch, cc, v);
    }

    static ShortMessage noteOn(int ch, int note, int vel) {
        return shortMessage(ShortMessage.NOTE_ON, ch, note, vel);
    }

    static ShortMessage noteOff(int ch, int note) {
        return shortMessage(ShortMessage.NOTE_OFF, ch, note, 0);
    }

    static ShortMessage bend(int ch, int value) {
        return shortMessage(ShortMessage.PITCH_BEND, ch, value & 0x7F, value >> 7);
    }

    static ShortMessage program(int ch, int p) {
        return shortMessage(ShortMessage.PROGRAM_CHANGE, ch, p, 0);
    }

    static ShortMessage pressure(int ch, int v) {
        return shortMessage(ShortMessage.CHANNEL_PRESSURE, ch, v, 0);
    }

    static ShortMessage shortMessage(int command, int ch, int d1, int d2) {
        try {
            return new ShortMessage(command, ch - 1, d1, d2);
        } catch (InvalidMidiDataException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Arbitrary bytes in one delivery: running status, real-time bytes inside, junk. */
    static MidiMessage raw(int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) b[i] = (byte) bytes[i];
        return new MidiMessage(b) {
            @Override
            public Object clone() {
                return this;
            }
        };
    }

    static void send(Receiver r, MidiMessage... messages) {
        for (MidiMessage m : messages) r.send(m, -1);
    }

    @Override
    public void close() {
        service.stop();
    }
}
