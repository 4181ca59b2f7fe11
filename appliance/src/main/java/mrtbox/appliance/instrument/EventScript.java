package mrtbox.appliance.instrument;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import mrtbox.control.param.ChangeSource;
import mrtbox.control.param.ParamHandle;
import mrtbox.control.param.ParamSpec;
import mrtbox.control.param.ParamType;
import mrtbox.control.param.ParameterRegistry;
import mrtbox.control.param.SetOutcome;
import mrtbox.control.param.StandardParams;

/**
 * A timed list of parameter changes for renders: a JSON array of {@code {"time": seconds, "param": id,
 * "value": v}} using the registry's parameter ids (the same ids as OSC, MIDI learn and the web). Validated
 * completely on load (unknown ids, values the parameter refuses, bad times) so a render never fails half way.
 * Events apply through the registry, at the first step boundary at or after their time.
 */
public final class EventScript {
    public static final ChangeSource SOURCE = ChangeSource.of(ChangeSource.Kind.SCHEDULE, "event script");
    private static final Set<String> NOT_IN_RENDERS = Set.of(StandardParams.PLAY, StandardParams.STOP);

    /** One event; {@code value} is in API form (number, boolean or text; ignored for triggers). */
    public record Event(double time, String param, Object value) {}

    private final List<Event> events;
    private int next;

    private EventScript(List<Event> events) {
        this.events = events;
    }

    public static EventScript empty() {
        return new EventScript(List.of());
    }

    public List<Event> events() {
        return events;
    }

    /** Reads and validates a script against the registry's parameters. */
    public static EventScript load(Path file, ParameterRegistry registry) throws IOException {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new IOException(file + ": not valid JSON: " + e.getMessage(), e);
        }
        return parse(root, registry, file.toString());
    }

    static EventScript parse(JsonNode root, ParameterRegistry registry, String where) throws IOException {
        if (root == null || !root.isArray()) throw new IOException(where + ": expected a JSON array of {time, param, value}");
        List<Event> out = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            JsonNode e = root.get(i);
            String at = where + ": event " + i;
            if (!e.isObject()) throw new IOException(at + ": expected an object {time, param, value}");
            JsonNode t = e.get("time");
            if (t == null || !t.isNumber() || !(t.asDouble() >= 0) || Double.isInfinite(t.asDouble())) {
                throw new IOException(at + ": \"time\" must be a number of seconds >= 0");
            }
            JsonNode p = e.get("param");
            if (p == null || !p.isTextual()) throw new IOException(at + ": \"param\" must be a parameter id such as \"prompt.1.weight\"");
            String id = p.asText();
            ParamHandle h = registry.handle(id);
            if (h == null) throw new IOException(at + ": no parameter '" + id + "'");
            if (NOT_IN_RENDERS.contains(id)) throw new IOException(at + ": " + id + " has no meaning in a render");
            ParamSpec spec = h.spec();
            JsonNode v = e.get("value");
            Object value;
            if (spec.type() == ParamType.TRIGGER) {
                value = null;
            } else {
                if (v == null || v.isNull()) throw new IOException(at + ": \"value\" is missing for " + id);
                value = v.isNumber() ? (Object) v.numberValue() : v.isBoolean() ? (Object) v.booleanValue() : v.asText();
                ParamSpec.Coerced c = spec.coerce(value);
                if (!c.accepted()) throw new IOException(at + ": " + id + " refuses " + v + ": " + c.note());
            }
            out.add(new Event(t.asDouble(), id, value));
        }
        out.sort(Comparator.comparingDouble(Event::time));   // stable: same-time events keep file order
        return new EventScript(List.copyOf(out));
    }

    /** Applies every not yet applied event with time <= {@code seconds}. */
    public void applyUntil(double seconds, ParameterRegistry registry) {
        while (next < events.size() && events.get(next).time() <= seconds) {
            Event e = events.get(next++);
            SetOutcome o = registry.set(e.param(), e.value(), SOURCE);
            if (!o.ok()) throw new IllegalStateException("event at " + e.time() + " s for " + e.param() + ": " + o.reason());
        }
    }
}
