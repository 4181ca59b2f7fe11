package mrtbox.web.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mrtbox.control.mapping.LearnControl;
import mrtbox.control.mapping.Mapping;
import mrtbox.control.mapping.MappingBook;
import mrtbox.control.mapping.MidiSource;
import mrtbox.control.param.ParamHandle;
import mrtbox.control.param.ParamType;
import mrtbox.control.param.ParameterRegistry;
import mrtbox.web.MidiPanicAccess;
import mrtbox.web.OscAccess;
import mrtbox.web.http.Access;
import mrtbox.web.http.ApiCall;
import mrtbox.web.http.ApiError;
import mrtbox.web.http.ApiRouter;
import mrtbox.web.http.Json;
import mrtbox.web.http.Route;

/** MIDI mappings (every field editable), learn and unlearn, the MIDI panic control, and the OSC settings. */
public final class MappingsApi {
    private final ParameterRegistry registry;
    private final MappingBook mappings;
    private final LearnControl learn;
    private final OscAccess osc;
    private final MidiPanicAccess panic;

    public MappingsApi(ParameterRegistry registry, MappingBook mappings, LearnControl learn, OscAccess osc, MidiPanicAccess panic) {
        this.registry = registry;
        this.mappings = mappings;
        this.learn = learn;
        this.osc = osc;
        this.panic = panic;
    }

    public void register(ApiRouter router) {
        router.add(Route.of("GET", "/api/mappings", Access.USER, c -> list()));
        router.add(Route.of("POST", "/api/mappings", Access.USER, this::create));
        router.add(Route.of("PUT", "/api/mappings/{id}", Access.USER, this::replace));
        router.add(Route.of("DELETE", "/api/mappings/{id}", Access.USER, this::delete));
        router.add(Route.of("GET", "/api/learn", Access.USER, c -> learnState()));
        router.add(Route.of("POST", "/api/learn", Access.USER, this::arm));
        router.add(Route.of("DELETE", "/api/learn", Access.USER, c -> { learn.cancel(); return learnState(); }));
        router.add(Route.of("POST", "/api/unlearn", Access.USER, this::unlearn));
        router.add(Route.of("GET", "/api/midi/panic", Access.USER, c -> panic.panic()));
        router.add(Route.of("PUT", "/api/midi/panic", Access.USER, this::setPanic));
        router.add(Route.of("GET", "/api/osc", Access.USER, c -> oscState()));
        router.add(Route.of("PUT", "/api/osc", Access.USER, this::setOsc));
    }

    private Map<String, Object> list() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mappings", mappings.list());
        m.put("targets", targets());
        m.put("armed", learn.armed().orElse(null));
        return m;
    }

    /** Parameters a control can drive (everything but text), with the names people read. */
    private List<Map<String, String>> targets() {
        List<Map<String, String>> out = new ArrayList<>();
        for (ParamHandle h : registry.snapshot().handles()) {
            if (h.spec().type() != ParamType.TEXT) out.add(Map.of("id", h.id(), "label", h.spec().label(), "group", h.spec().group()));
        }
        return out;
    }

    private Object create(ApiCall c) {
        Mapping m = c.json(Mapping.class);
        if (!m.id().isEmpty()) throw ApiError.badRequest("a new mapping has an empty \"id\"; use PUT /api/mappings/{id} to change one");
        return put(m);
    }

    private Object replace(ApiCall c) {
        String id = c.path("id");
        if (mappings.get(id).isEmpty()) throw ApiError.notFound("no mapping '" + id + "'");
        Mapping m = c.json(Mapping.class);
        if (!m.id().isEmpty() && !m.id().equals(id)) throw ApiError.badRequest("\"id\" " + m.id() + " does not match the path " + id);
        return put(m.withId(id));
    }

    private Mapping put(Mapping m) {
        ParamHandle h = registry.handle(m.target());
        if (h == null) throw ApiError.badRequest("no parameter '" + m.target() + "' to map to");
        if (h.spec().type() == ParamType.TEXT) throw ApiError.badRequest(m.target() + " is text; a MIDI control cannot drive it");
        try {
            return mappings.put(m);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
    }

    private Object delete(ApiCall c) {
        String id = c.path("id");
        if (!mappings.remove(id)) throw ApiError.notFound("no mapping '" + id + "'");
        return null;
    }

    private Map<String, Object> learnState() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("armed", learn.armed().orElse(null));
        return m;
    }

    private Object arm(ApiCall c) {
        JsonNode body = c.json();
        Json.onlyFields(body, "target");
        String target = Json.text(body, "target");
        try {
            learn.arm(target);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
        return learnState();
    }

    private Object unlearn(ApiCall c) {
        JsonNode body = c.json();
        Json.onlyFields(body, "target");
        String target = Json.text(body, "target");
        if (registry.handle(target) == null) throw ApiError.notFound("no parameter '" + target + "'");
        return Map.of("target", target, "removed", learn.unlearn(target));
    }

    private Object setPanic(ApiCall c) {
        JsonNode body = c.json();
        Json.onlyFields(body, "panic");
        JsonNode node = body.get("panic");
        if (node == null) throw ApiError.badRequest("\"panic\" is missing: a control {device, channel, type, number}, or null for none");
        MidiSource control = node.isNull() ? null : c.bind(node, MidiSource.class);
        try {
            panic.setPanic(control);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
        return panic.panic();
    }

    private Map<String, Object> oscState() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("settings", osc.settings());
        m.put("effectiveAllowlist", osc.effectiveAllowlist());
        m.put("clients", osc.clients());
        m.put("oscQueryPort", osc.oscQueryPort());
        return m;
    }

    private Object setOsc(ApiCall c) {
        OscAccess.Settings s = c.json(OscAccess.Settings.class);
        if (s.port() < 1 || s.port() > 65535) throw ApiError.badRequest("OSC port " + s.port() + " is not 1..65535");
        try {
            osc.apply(s);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
        return oscState();
    }
}
