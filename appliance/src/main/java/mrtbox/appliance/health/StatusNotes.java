package mrtbox.appliance.health;

import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Problems outside the engine that the status should show (a heartbeat receiver that does not answer): one line
 * per topic, set while the problem lasts and cleared when it is over. The {@link StatusPublisher} adds them to the
 * report's last error, so the page, OSC and {@code /api/health} show them.
 */
public final class StatusNotes {
    private final Map<String, String> notes = new ConcurrentSkipListMap<>();

    public void put(String topic, String note) {
        notes.put(topic, note);
    }

    public void clear(String topic) {
        notes.remove(topic);
    }

    /** All current notes as one line ("heartbeat http://...: connection refused (3 times)"); empty when none. */
    public String text() {
        StringBuilder s = new StringBuilder();
        notes.forEach((topic, note) -> s.append(s.isEmpty() ? "" : "; ").append(topic).append(": ").append(note));
        return s.toString();
    }
}
