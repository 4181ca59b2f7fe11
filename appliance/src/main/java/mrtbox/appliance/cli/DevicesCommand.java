package mrtbox.appliance.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import mrtbox.appliance.audio.JavaSoundDevices;
import mrtbox.control.midi.MidiPort;
import mrtbox.control.midi.MidiService;
import picocli.CommandLine.Command;

/**
 * {@code mrtbox devices}: the devices the box can use, each with the name or number the config accepts. One
 * section per kind of device; add a {@link Section} to {@link #SECTIONS} for a new kind (MIDI ports go here).
 */
@Command(name = "devices", mixinStandardHelpOptions = true,
        description = "List audio outputs (and other devices) with the names the config accepts.")
public final class DevicesCommand implements Callable<Integer> {

    /** One kind of device: a title and one line per device. */
    public interface Section {
        String title();

        List<String> lines() throws Exception;
    }

    /** Audio outputs for {@code audio.device}. */
    public static final Section AUDIO_OUTPUTS = new Section() {
        @Override
        public String title() {
            return "Audio outputs (config \"audio.device\": the number, or any part of the name; empty = system default)";
        }

        @Override
        public List<String> lines() {
            List<String> out = new ArrayList<>();
            for (JavaSoundDevices.Device d : JavaSoundDevices.outputs()) {
                out.add(String.format("[%d] %s    (%s)", d.index(), d.name(), d.description()));
            }
            return out;
        }
    };

    /** Audio inputs for {@code audio.input.device} (playing along). */
    public static final Section AUDIO_INPUTS = new Section() {
        @Override
        public String title() {
            return "Audio inputs (config \"audio.input.device\": the number, or any part of the name; empty = system default)";
        }

        @Override
        public List<String> lines() {
            List<String> out = new ArrayList<>();
            for (JavaSoundDevices.Device d : JavaSoundDevices.inputs()) {
                out.add(String.format("[%d] %s    (%s)", d.index(), d.name(), d.description()));
            }
            return out;
        }
    };

    /** MIDI ports for {@code midi.includeDevices} / {@code excludeDevices} and mapping sources. */
    public static final Section MIDI_PORTS = new Section() {
        @Override
        public String title() {
            return "MIDI ports (config \"midi.includeDevices\"/\"excludeDevices\": any part of the name; mappings match the name without [hw:...])";
        }

        @Override
        public List<String> lines() {
            List<String> out = new ArrayList<>();
            for (MidiPort p : MidiService.availablePorts()) {
                out.add(String.format("%-6s %s    (%s)", p.direction() == MidiPort.Direction.INPUT ? "in" : "out", p.name(), p.description()));
            }
            return out;
        }
    };

    /** The sections printed, in order. */
    static final List<Section> SECTIONS = List.of(AUDIO_OUTPUTS, AUDIO_INPUTS, MIDI_PORTS);

    @Override
    public Integer call() {
        boolean first = true;
        for (Section s : SECTIONS) {
            if (!first) System.out.println();
            first = false;
            System.out.println(s.title() + ":");
            try {
                List<String> lines = s.lines();
                if (lines.isEmpty()) System.out.println("  (none found)");
                for (String l : lines) System.out.println("  " + l);
            } catch (Exception e) {
                System.out.println("  (could not list: " + e.getMessage() + ")");
            }
        }
        return 0;
    }
}
