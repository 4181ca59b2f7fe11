package mrtbox.appliance.instrument;

import java.util.ArrayList;
import java.util.List;
import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MidiMessage;
import javax.sound.midi.Receiver;
import javax.sound.midi.ShortMessage;
import mrtbox.control.midi.MidiDeviceProvider;
import mrtbox.control.midi.MidiPort;

/**
 * Test scope: one USB controller at the MIDI provider boundary, with the JDK's message classes: what it sends
 * reaches the box's input port as a device's would, and what the box sends back to it (feedback) is kept.
 */
final class TestController implements MidiDeviceProvider {
    final String name;
    private volatile Receiver input;
    private final List<String> received = new ArrayList<>();

    TestController(String name) {
        this.name = name;
    }

    @Override
    public List<MidiPort> ports() {
        return List.of(new MidiPort(name, "test", MidiPort.Direction.INPUT), new MidiPort(name, "test", MidiPort.Direction.OUTPUT));
    }

    @Override
    public AutoCloseable openInput(MidiPort port, Receiver sink) {
        input = sink;
        return () -> input = null;
    }

    @Override
    public Receiver openOutput(MidiPort port) {
        return new Receiver() {
            @Override
            public void send(MidiMessage m, long timeStamp) {
                if (!(m instanceof ShortMessage s)) return;
                synchronized (received) {
                    received.add(String.format("%02X %d %d", s.getStatus(), s.getData1(), s.getData2()));
                }
            }

            @Override
            public void close() { }
        };
    }

    /** The controller sends a message (channel 1..16); false when the box has not opened it. */
    boolean send(int command, int channel, int data1, int data2) throws InvalidMidiDataException {
        Receiver r = input;
        if (r == null) return false;
        r.send(new ShortMessage(command, channel - 1, data1, data2), -1);
        return true;
    }

    /** What the box sent back so far, as "status data1 data2" (status in hex). */
    List<String> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    void clear() {
        synchronized (received) {
            received.clear();
        }
    }
}
