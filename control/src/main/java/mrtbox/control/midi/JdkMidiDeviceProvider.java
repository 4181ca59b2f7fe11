package mrtbox.control.midi;

import java.util.ArrayList;
import java.util.List;
import javax.sound.midi.MidiDevice;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.MidiUnavailableException;
import javax.sound.midi.Receiver;
import javax.sound.midi.Sequencer;
import javax.sound.midi.Synthesizer;
import javax.sound.midi.Transmitter;

/**
 * Hardware ports through {@code javax.sound.midi}. On Linux the JDK sees ALSA raw MIDI devices only (USB
 * class-compliant controllers; not sequencer clients or virtual ports) and rebuilds its device list only when the
 * device count changes, which is why the watcher matches ports by name on every poll. The JDK's own software
 * sequencer and synthesizer are not controllers and are left out.
 */
public final class JdkMidiDeviceProvider implements MidiDeviceProvider {

    @Override
    public List<MidiPort> ports() {
        List<MidiPort> out = new ArrayList<>();
        for (MidiDevice.Info info : MidiSystem.getMidiDeviceInfo()) {
            MidiDevice d;
            try {
                d = MidiSystem.getMidiDevice(info);
            } catch (MidiUnavailableException | IllegalArgumentException e) {
                continue; // listed a moment ago, gone now: the next poll sees the new list
            }
            if (d instanceof Sequencer || d instanceof Synthesizer) continue;
            if (d.getMaxTransmitters() != 0) out.add(new MidiPort(info.getName(), info.getDescription(), MidiPort.Direction.INPUT));
            if (d.getMaxReceivers() != 0) out.add(new MidiPort(info.getName(), info.getDescription(), MidiPort.Direction.OUTPUT));
        }
        return out;
    }

    @Override
    public AutoCloseable openInput(MidiPort port, Receiver sink) throws MidiUnavailableException {
        MidiDevice d = find(port);
        d.open();
        try {
            Transmitter t = d.getTransmitter();
            t.setReceiver(sink);
            return () -> {
                try {
                    t.close();
                } finally {
                    d.close();
                }
            };
        } catch (MidiUnavailableException | RuntimeException e) {
            d.close();
            throw e;
        }
    }

    @Override
    public Receiver openOutput(MidiPort port) throws MidiUnavailableException {
        MidiDevice d = find(port);
        d.open();
        try {
            Receiver r = d.getReceiver();
            return new Receiver() {
                @Override
                public void send(javax.sound.midi.MidiMessage message, long timeStamp) {
                    r.send(message, timeStamp);
                }

                @Override
                public void close() {
                    try {
                        r.close();
                    } finally {
                        d.close();
                    }
                }
            };
        } catch (MidiUnavailableException | RuntimeException e) {
            d.close();
            throw e;
        }
    }

    private static MidiDevice find(MidiPort port) throws MidiUnavailableException {
        for (MidiDevice.Info info : MidiSystem.getMidiDeviceInfo()) {
            if (!info.getName().equals(port.name())) continue;
            MidiDevice d = MidiSystem.getMidiDevice(info);
            if (d instanceof Sequencer || d instanceof Synthesizer) continue;
            boolean fits = port.direction() == MidiPort.Direction.INPUT ? d.getMaxTransmitters() != 0 : d.getMaxReceivers() != 0;
            if (fits) return d;
        }
        throw new MidiUnavailableException("MIDI " + port.direction().name().toLowerCase() + " '" + port.name() + "' is not connected");
    }
}
