package mrtbox.appliance.health;

import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Supplier;

/**
 * What the status should say besides the engine, one line per topic, set while it lasts and cleared when it is
 * over. Notes (a heartbeat receiver that does not answer) go into the report's last error; problems (a config
 * field that could not be used, a password file set aside) also make health {@code degraded: <topic>: <problem>}.
 * The {@link StatusPublisher} merges both, so the page, OSC and {@code /api/health} show them.
 */
public final class StatusNotes {
    private final Map<String, String> notes = new ConcurrentSkipListMap<>();
    private final Map<String, Supplier<String>> problems = new ConcurrentSkipListMap<>();

    /** Notes that start with the config's problems, if any: health then reads {@code degraded: config: <file:line:col> ...}. */
    public static StatusNotes startingWith(java.util.Optional<String> configProblem) {
        StatusNotes notes = new StatusNotes();
        configProblem.ifPresent(p -> notes.problem("config", p));
        return notes;
    }

    public void put(String topic, String note) {
        notes.put(topic, note);
    }

    /** A problem that degrades the box's health until cleared. */
    public void problem(String topic, String problem) {
        problems.put(topic, () -> problem);
    }

    /** A problem read when the status is published; it counts while {@code problem} gives a non-empty line. */
    public void watch(String topic, Supplier<String> problem) {
        problems.put(topic, problem);
    }

    public void clear(String topic) {
        notes.remove(topic);
        problems.remove(topic);
    }

    /** Problems, then notes, as one line ("config: ...; heartbeat http://...: connection refused"); empty when none. */
    public String text() {
        String p = problemText();
        String n = join(notes);
        return p.isEmpty() ? n : n.isEmpty() ? p : p + "; " + n;
    }

    /** The problems as one line; empty when there are none. */
    public String problemText() {
        StringBuilder s = new StringBuilder();
        problems.forEach((topic, problem) -> {
            String p = problem.get();
            if (p != null && !p.isEmpty()) s.append(s.isEmpty() ? "" : "; ").append(topic).append(": ").append(p);
        });
        return s.toString();
    }

    private static String join(Map<String, String> entries) {
        StringBuilder s = new StringBuilder();
        entries.forEach((topic, note) -> s.append(s.isEmpty() ? "" : "; ").append(topic).append(": ").append(note));
        return s.toString();
    }
}
