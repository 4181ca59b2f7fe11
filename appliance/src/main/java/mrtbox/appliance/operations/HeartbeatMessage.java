package mrtbox.appliance.operations;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mrtbox.appliance.state.Json;
import mrtbox.control.status.StatusReport;

/**
 * What a heartbeat says: which box and where, which version, how long it has run, the model, its health, whether it
 * plays, the last error, and the facts the Prometheus metrics give. As JSON for HTTP (with every series in
 * {@code metrics}) and as {@code /mrtbox/heartbeat} with typed OSC arguments {@code s name, s version,
 * i uptimeSeconds, s model, s health, i playing (0/1), s lastError, s location, f realTimeFactor, i underruns,
 * i droppedSteps} (new arguments only ever come last, so a patch that reads the first seven keeps working).
 *
 * @param metrics the box's series by PromQL name ({@code mrtbox_underruns_total{model="tiny-v1"}}); empty without
 *                metrics
 */
public record HeartbeatMessage(String name, String location, String version, long uptimeSeconds, String model,
                               String health, boolean playing, String lastError, double realTimeFactor, long underruns,
                               long droppedSteps, Map<String, Double> metrics) {
    public static final String OSC_ADDRESS = "/mrtbox/heartbeat";

    public HeartbeatMessage {
        metrics = Map.copyOf(metrics);
    }

    public static HeartbeatMessage of(String name, String location, String version, StatusReport r, Map<String, Double> metrics) {
        return new HeartbeatMessage(name, location, version, (long) r.uptimeSeconds(), r.model(), r.health(), r.playing(),
                r.lastError(), r.realTimeFactor(), r.underruns(), r.droppedSteps(), metrics);
    }

    public Map<String, Object> fields() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("location", location);
        m.put("version", version);
        m.put("uptimeSeconds", uptimeSeconds);
        m.put("model", model);
        m.put("health", health);
        m.put("playing", playing);
        m.put("lastError", lastError);
        m.put("realTimeFactor", realTimeFactor);
        m.put("underruns", underruns);
        m.put("droppedSteps", droppedSteps);
        m.put("metrics", new java.util.TreeMap<>(metrics));
        return m;
    }

    public String json() {
        try {
            return Json.mapper().writeValueAsString(fields());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings and numbers always serialises", e);
        }
    }

    /** OSC has no 64-bit int in every client: counts are clamped to int (uptime: 68 years). */
    public List<Object> oscArguments() {
        return List.of(name, version, clamp(uptimeSeconds), model, health, playing ? 1 : 0, lastError, location,
                (float) realTimeFactor, clamp(underruns), clamp(droppedSteps));
    }

    private static int clamp(long v) {
        return (int) Math.min(Integer.MAX_VALUE, v);
    }
}
