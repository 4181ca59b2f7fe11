package mrtbox.control.midi;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The last N MIDI messages with their port and decoded meaning, for the web page and OSC. Clock and active-sensing
 * bytes are counted, not listed (they would bury everything else at 24 per beat). Listeners get each entry live,
 * on the dispatcher thread: they must be quick and must not block (queue it for your socket).
 */
public final class MidiMonitor {
    private final MonitorEntry[] ring;
    private long next;
    private final List<Consumer<MonitorEntry>> listeners = new CopyOnWriteArrayList<>();

    MidiMonitor(int size) {
        ring = new MonitorEntry[size];
    }

    void record(String device, String bytes, String meaning) {
        MonitorEntry e;
        synchronized (this) {
            e = new MonitorEntry(next, System.currentTimeMillis(), device, bytes, meaning);
            ring[(int) (next % ring.length)] = e;
            next++;
        }
        for (Consumer<MonitorEntry> l : listeners) {
            try {
                l.accept(e);
            } catch (RuntimeException ignored) {
                // a broken monitor client must not stop MIDI
            }
        }
    }

    /** The kept entries, oldest first. */
    public synchronized List<MonitorEntry> recent() {
        List<MonitorEntry> out = new ArrayList<>();
        long from = Math.max(0, next - ring.length);
        for (long i = from; i < next; i++) out.add(ring[(int) (i % ring.length)]);
        return out;
    }

    public void addListener(Consumer<MonitorEntry> l) {
        listeners.add(l);
    }

    public void removeListener(Consumer<MonitorEntry> l) {
        listeners.remove(l);
    }
}
