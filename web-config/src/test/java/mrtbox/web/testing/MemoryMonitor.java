package mrtbox.web.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import mrtbox.web.MidiMonitorAccess;

/** A MIDI monitor fed by the test. */
public final class MemoryMonitor implements MidiMonitorAccess {
    private final List<Consumer<MidiEvent>> listeners = new CopyOnWriteArrayList<>();

    @Override
    public AutoCloseable subscribe(Consumer<MidiEvent> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    public void receive(MidiEvent e) {
        for (Consumer<MidiEvent> l : listeners) l.accept(e);
    }
}
