package mrtbox.control.midi;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.sound.midi.Receiver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hotplug by polling: every poll lists the provider's ports and matches them by name with what is open. A new
 * input that passes the device filter is opened; a vanished one is closed quietly (whatever half-gesture it was in
 * the middle of); one that comes back is opened again. An output is opened for each open input of the same name
 * (the controller's own LEDs and motor faders), and only then: other outputs may be synths that mapped feedback
 * would disturb. A port that fails to open is retried at the next poll, its error logged once.
 */
final class DeviceWatcher {
    private static final Logger log = LoggerFactory.getLogger(DeviceWatcher.class);

    private record OpenInput(InputPort port, AutoCloseable connection) {}

    private final MidiDeviceProvider provider;
    private final MidiSettings settings;
    private final MidiDispatcher dispatcher;
    private final Map<String, OpenInput> inputs = new HashMap<>();
    private final Map<String, Receiver> outputs; // shared with the feedback sender
    private final Set<String> failing = new HashSet<>();

    DeviceWatcher(MidiDeviceProvider provider, MidiSettings settings, MidiDispatcher dispatcher) {
        this.provider = provider;
        this.settings = settings;
        this.dispatcher = dispatcher;
        this.outputs = dispatcher.feedback.outputs();
    }

    synchronized void poll() {
        List<MidiPort> ports;
        try {
            ports = provider.ports();
        } catch (RuntimeException e) {
            log.warn("listing MIDI devices failed, trying again at the next poll: {}", e.toString());
            return;
        }
        Set<String> inNames = new HashSet<>();
        Set<String> outNames = new HashSet<>();
        for (MidiPort p : ports) {
            if (!settings.accepts(p.name())) continue;
            (p.direction() == MidiPort.Direction.INPUT ? inNames : outNames).add(p.name());
        }
        boolean newOutput = false;
        for (var it = inputs.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (inNames.contains(e.getKey())) continue;
            it.remove();
            close(e.getValue());
            log.info("MIDI input '{}' disconnected", e.getKey());
        }
        for (var it = outputs.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (outNames.contains(e.getKey()) && inputs.containsKey(e.getKey())) continue;
            it.remove();
            closeQuietly(e.getValue());
        }
        for (MidiPort p : ports) {
            if (!settings.accepts(p.name())) continue;
            if (p.direction() == MidiPort.Direction.INPUT && !inputs.containsKey(p.name())) openInput(p);
        }
        for (MidiPort p : ports) {
            if (p.direction() != MidiPort.Direction.OUTPUT || outputs.containsKey(p.name()) || !inputs.containsKey(p.name())) continue;
            if (!settings.accepts(p.name())) continue;
            try {
                outputs.put(p.name(), provider.openOutput(p));
                failing.remove("out:" + p.name());
                newOutput = true;
                log.info("MIDI feedback output '{}' connected", p.name());
            } catch (Exception e) {
                if (failing.add("out:" + p.name())) log.warn("cannot open MIDI output '{}' (retrying each poll): {}", p.name(), e.toString());
            }
        }
        if (newOutput) dispatcher.requestFullFeedback();
    }

    private void openInput(MidiPort p) {
        InputPort port = dispatcher.openPort(p.name());
        try {
            AutoCloseable c = provider.openInput(p, port);
            inputs.put(p.name(), new OpenInput(port, c));
            failing.remove("in:" + p.name());
            log.info("MIDI input '{}' connected", p.name());
        } catch (Exception e) {
            dispatcher.closePort(port);
            if (failing.add("in:" + p.name())) log.warn("cannot open MIDI input '{}' (retrying each poll): {}", p.name(), e.toString());
        }
    }

    synchronized void closeAll() {
        for (OpenInput i : inputs.values()) close(i);
        inputs.clear();
        for (Receiver r : outputs.values()) closeQuietly(r);
        outputs.clear();
    }

    synchronized Set<String> inputNames() {
        return new TreeSet<>(inputs.keySet());
    }

    synchronized Set<String> outputNames() {
        return new TreeSet<>(outputs.keySet());
    }

    private void close(OpenInput i) {
        dispatcher.closePort(i.port());
        try {
            i.connection().close();
        } catch (Exception e) {
            log.debug("closing a vanished MIDI input: {}", e.toString()); // expected when the device is gone
        }
    }

    private static void closeQuietly(Receiver r) {
        try {
            r.close();
        } catch (RuntimeException e) {
            log.debug("closing a vanished MIDI output: {}", e.toString());
        }
    }
}
