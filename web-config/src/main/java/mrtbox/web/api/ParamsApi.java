package mrtbox.web.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import mrtbox.control.param.ChangeSource;
import mrtbox.control.param.ParamHandle;
import mrtbox.control.param.ParamSnapshot;
import mrtbox.control.param.ParamSpec;
import mrtbox.control.param.ParamType;
import mrtbox.control.param.ParameterRegistry;
import mrtbox.control.param.SetOutcome;
import mrtbox.control.param.StandardParams;
import mrtbox.control.notes.NoteInput;
import mrtbox.web.http.Access;
import mrtbox.web.http.ApiCall;
import mrtbox.web.http.ApiError;
import mrtbox.web.http.ApiRouter;
import mrtbox.web.http.Json;
import mrtbox.web.http.Route;

/**
 * The parameter registry over REST: list with specs (the page builds its form from this), set one, set many at once
 * (all or nothing), press triggers, panic.
 */
public final class ParamsApi {
    private final ParameterRegistry registry;
    private final NoteInput notes;

    public ParamsApi(ParameterRegistry registry, NoteInput notes) {
        this.registry = registry;
        this.notes = notes;
    }

    public void register(ApiRouter router) {
        router.add(Route.of("GET", "/api/params", Access.USER, c -> list()));
        router.add(Route.of("GET", "/api/params/{id}", Access.USER, c -> describe(handle(c.path("id")), registry.snapshot())));
        router.add(Route.of("PUT", "/api/params/{id}", Access.USER, this::setOne));
        router.add(Route.of("POST", "/api/params", Access.USER, this::setMany));
        router.add(Route.of("POST", "/api/params/{id}/trigger", Access.USER, this::trigger));
        router.add(Route.of("POST", "/api/panic", Access.USER, this::panic));
    }

    static ChangeSource source(ApiCall c) {
        return ChangeSource.of(ChangeSource.Kind.WEB, c.client());
    }

    private Map<String, Object> list() {
        ParamSnapshot snap = registry.snapshot();
        List<Map<String, Object>> out = new ArrayList<>();
        for (ParamHandle h : snap.handles()) out.add(describe(h, snap));
        return Map.of("version", snap.version(), "params", out);
    }

    /** A parameter's spec and value as JSON: everything the page needs to draw a control for it. */
    public static Map<String, Object> describe(ParamHandle h, ParamSnapshot snap) {
        ParamSpec s = h.spec();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.id());
        m.put("type", s.type().name());
        m.put("label", s.label());
        m.put("group", s.group());
        if (s.hasRange()) {
            m.put("min", s.min());
            m.put("max", s.max());
        }
        m.put("default", s.defaultValue());
        m.put("value", snap.value(h));
        m.put("unit", s.unit());
        m.put("description", s.description());
        m.put("requiresReset", s.requiresReset());
        if (s.type() == ParamType.ENUM) m.put("choices", s.choices());
        if (s.type() == ParamType.TEXT) m.put("maxLength", s.maxLength());
        m.put("osc", s.oscAddress());
        return m;
    }

    private ParamHandle handle(String id) {
        ParamHandle h = registry.handle(id);
        if (h == null) throw ApiError.notFound("no parameter '" + id + "'");
        return h;
    }

    private Object setOne(ApiCall c) {
        ParamHandle h = handle(c.path("id"));
        JsonNode body = c.json();
        Json.onlyFields(body, "value");
        return outcome(registry.set(h, Json.scalar(body.get("value"), "\"value\""), source(c)), registry.snapshot());
    }

    /** Applies several values together; if any is unknown or invalid, none is applied. */
    private Object setMany(ApiCall c) {
        JsonNode body = c.json();
        Json.onlyFields(body, "values");
        JsonNode values = body.get("values");
        if (values == null || !values.isObject() || values.isEmpty()) throw ApiError.badRequest("\"values\" must be a non-empty object {id: value}");
        Map<ParamHandle, Object> checked = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (var e : values.properties()) {
            ParamHandle h = registry.handle(e.getKey());
            if (h == null) {
                problems.add("no parameter '" + e.getKey() + "'");
                continue;
            }
            if (h.spec().type() == ParamType.TRIGGER) {
                problems.add(e.getKey() + " is a trigger: press it with POST /api/params/" + e.getKey() + "/trigger");
                continue;
            }
            Object raw;
            try {
                raw = Json.scalar(e.getValue(), e.getKey());
            } catch (ApiError err) {
                problems.add(err.reason());
                continue;
            }
            ParamSpec.Coerced co = h.spec().coerce(raw);
            if (!co.accepted()) problems.add(co.note());
            else checked.put(h, raw);
        }
        if (!problems.isEmpty()) throw ApiError.badRequest("nothing changed: " + String.join("; ", problems));
        List<Map<String, Object>> results = new ArrayList<>();
        ChangeSource src = source(c);
        checked.forEach((h, raw) -> results.add(outcome(registry.set(h, raw, src), registry.snapshot())));
        return Map.of("results", results);
    }

    private Object trigger(ApiCall c) {
        ParamHandle h = handle(c.path("id"));
        if (h.spec().type() != ParamType.TRIGGER) throw ApiError.badRequest(h.id() + " is not a trigger");
        return outcome(registry.trigger(h.id(), source(c)), registry.snapshot());
    }

    /** Panic: every note off and the output muted (fades out). Unmute with output.mute = false. */
    private Object panic(ApiCall c) {
        notes.allNotesOff(source(c));
        SetOutcome o = registry.set(StandardParams.MUTE, true, source(c));
        return Map.of("notesOff", true, "mute", outcome(o, registry.snapshot()));
    }

    /**
     * A set's outcome as JSON; rejections become 400 (nothing stored), unknown ids 404. {@code version} is the
     * registry version of a snapshot taken after the write in which the parameter still has {@code value}: the page
     * orders answers and live echoes (two connections, any arrival order) by it. It is left out when another writer
     * changed the parameter in between; that writer's live echo carries the newer value and version.
     */
    static Map<String, Object> outcome(SetOutcome o, ParamSnapshot after) {
        if (o.status() == SetOutcome.Status.UNKNOWN) throw ApiError.notFound(o.reason());
        if (o.status() == SetOutcome.Status.REJECTED) throw ApiError.badRequest(o.reason());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", o.id());
        m.put("status", o.status().name());
        m.put("value", o.value());
        if (o.reason() != null) m.put("reason", o.reason());
        if (Objects.equals(after.value(o.id()), o.value())) m.put("version", after.version());
        return m;
    }
}
