package mrtbox.control.midi;

import java.util.List;
import javax.sound.midi.MidiUnavailableException;
import javax.sound.midi.Receiver;

/**
 * Where MIDI ports come from: the JDK ({@link JdkMidiDeviceProvider}) in the appliance, a simulated set of ports
 * in tests (devices that vanish and come back). The {@link DeviceWatcher} polls {@link #ports()} and opens what
 * it finds; nothing else in the MIDI package touches {@code MidiSystem}.
 */
public interface MidiDeviceProvider {
    /** The ports visible now. Called from the watcher thread every poll; must not block for long. */
    List<MidiPort> ports();

    /** Connects an input port to {@code sink}; closing the result disconnects and releases the device. */
    AutoCloseable openInput(MidiPort port, Receiver sink) throws MidiUnavailableException;

    /** Opens an output port; closing the returned receiver releases the device. */
    Receiver openOutput(MidiPort port) throws MidiUnavailableException;
}
