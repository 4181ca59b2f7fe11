package mrtbox.web.api;

import java.util.LinkedHashMap;
import java.util.Map;
import mrtbox.control.status.StatusBoard;
import mrtbox.control.status.StatusReport;
import mrtbox.web.http.Access;
import mrtbox.web.http.ApiRouter;
import mrtbox.web.http.Route;

/**
 * The read-only health summary for monitoring (uptime, model, underruns, last error), public when the settings say
 * so, and the system sample (CPU, temperature) behind the login.
 */
public final class HealthApi {
    private final StatusBoard status;
    private final SystemProbe probe;

    public HealthApi(StatusBoard status, SystemProbe probe) {
        this.status = status;
        this.probe = probe;
    }

    public void register(ApiRouter router) {
        router.add(Route.of("GET", "/api/health", Access.HEALTH, c -> health(status.current())));
        router.add(Route.of("GET", "/api/system", Access.USER, c -> probe.sample()));
    }

    public static Map<String, Object> health(StatusReport r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("health", r.health());
        m.put("uptimeSeconds", r.uptimeSeconds());
        m.put("model", r.model());
        m.put("builtInNoise", r.builtInNoise());
        m.put("playing", r.playing());
        m.put("underruns", r.underruns());
        m.put("droppedSteps", r.droppedSteps());
        m.put("lastError", r.lastError());
        if (r.input().enabled()) {
            m.put("input", Map.of("open", r.input().open(), "device", r.input().device(),
                    "clippedSamples", r.input().clippedSamples(), "error", r.input().error()));
        }
        return m;
    }
}
