package mrtbox.appliance.operations;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mrtbox.appliance.state.Json;
import mrtbox.control.status.StatusReport;

/**
 * What a heartbeat says: which box, which version, how long it has run, the model, its health, whether it plays,
 * and the last error. As JSON for HTTP and as {@code /mrtbox/heartbeat} with typed OSC arguments
 * {@code s name, s version, i uptimeSeconds, s model, s health, i playing (0/1), s lastError}.
 */
public record HeartbeatMessage(String name, String version, long uptimeSeconds, String model, String health,
                               boolean playing, String lastError) {
    public static final String OSC_ADDRESS = "/mrtbox/heartbeat";

    public static HeartbeatMessage of(String name, String version, StatusReport r) {
        return new HeartbeatMessage(name, version, (long) r.uptimeSeconds(), r.model(), r.health(), r.playing(), r.lastError());
    }

    public Map<String, Object> fields() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("version", version);
        m.put("uptimeSeconds", uptimeSeconds);
        m.put("model", model);
        m.put("health", health);
        m.put("playing", playing);
        m.put("lastError", lastError);
        return m;
    }

    public String json() {
        try {
            return Json.mapper().writeValueAsString(fields());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings and numbers always serialises", e);
        }
    }

    /** OSC has no 64-bit int in every client: the uptime is clamped to int seconds (68 years). */
    public List<Object> oscArguments() {
        return List.of(name, version, (int) Math.min(Integer.MAX_VALUE, uptimeSeconds), model, health, playing ? 1 : 0, lastError);
    }
}
