package mrtbox.control.midi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sound.midi.MidiMessage;
import javax.sound.midi.MidiUnavailableException;
import javax.sound.midi.Receiver;

/**
 * Controllers at the provider boundary: plug and pull them as a performer would, with the JDK's behaviour where it
 * matters (a pulled device stops delivering, its output throws; opening a missing device fails).
 */
final class SimulatedMidiProvider implements MidiDeviceProvider {
    final class Device {
        final String name;
        final CapturingReceiver output;
        volatile Receiver connected;
        volatile boolean failOpen;
        int opens;

        Device(String name, boolean withOutput) {
            this.name = name;
            this.output = withOutput ? new CapturingReceiver() : null;
        }

        /** The controller sends a message (nothing happens unless the box has it open). */
        void send(MidiMessage m) {
            Receiver r = connected;
            if (r != null) r.send(m, -1);
        }
    }

    private final Map<String, Device> devices = new LinkedHashMap<>();
    volatile boolean listingFails;

    synchronized Device plug(String name, boolean withOutput) {
        Device d = new Device(name, withOutput);
        devices.put(name, d);
        return d;
    }

    /** Pulls the cable: the device disappears from the list, stops delivering, and its output fails. */
    synchronized void pull(String name) {
        Device d = devices.remove(name);
        if (d == null) return;
        d.connected = null;
        if (d.output != null) d.output.pull();
    }

    @Override
    public synchronized List<MidiPort> ports() {
        if (listingFails) throw new IllegalStateException("ALSA went away for a moment");
        List<MidiPort> out = new ArrayList<>();
        for (Device d : devices.values()) {
            out.add(new MidiPort(d.name, "simulated", MidiPort.Direction.INPUT));
            if (d.output != null) out.add(new MidiPort(d.name, "simulated", MidiPort.Direction.OUTPUT));
        }
        return out;
    }

    @Override
    public synchronized AutoCloseable openInput(MidiPort port, Receiver sink) throws MidiUnavailableException {
        Device d = devices.get(port.name());
        if (d == null) throw new MidiUnavailableException(port.name() + " is not connected");
        if (d.failOpen) throw new MidiUnavailableException(port.name() + " is busy");
        d.opens++;
        d.connected = sink;
        return () -> {
            if (d.connected == sink) d.connected = null;
        };
    }

    @Override
    public synchronized Receiver openOutput(MidiPort port) throws MidiUnavailableException {
        Device d = devices.get(port.name());
        if (d == null || d.output == null) throw new MidiUnavailableException(port.name() + " has no output");
        d.output.reopen();
        return d.output;
    }
}
