package mrtbox.web.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import mrtbox.control.scene.RecallReport;
import mrtbox.control.scene.Scene;
import mrtbox.control.scene.SceneBook;
import mrtbox.web.SetupAccess;
import mrtbox.web.http.Access;
import mrtbox.web.http.ApiCall;
import mrtbox.web.http.ApiError;
import mrtbox.web.http.ApiRouter;
import mrtbox.web.http.Json;
import mrtbox.web.http.Route;

/** Scenes: save the current values under a name, recall, rename, delete, choose the boot scene. Names travel in bodies. */
public final class ScenesApi {
    private final SceneBook scenes;
    private final SetupAccess setup;

    public ScenesApi(SceneBook scenes, SetupAccess setup) {
        this.scenes = scenes;
        this.setup = setup;
    }

    public void register(ApiRouter router) {
        router.add(Route.of("GET", "/api/scenes", Access.USER, c -> list()));
        router.add(Route.of("POST", "/api/scenes", Access.USER, this::save));
        router.add(Route.of("POST", "/api/scenes/recall", Access.USER, this::recall));
        router.add(Route.of("POST", "/api/scenes/rename", Access.USER, this::rename));
        router.add(Route.of("POST", "/api/scenes/delete", Access.USER, this::delete));
        router.add(Route.of("PUT", "/api/scenes/boot", Access.USER, this::boot));
    }

    private Map<String, Object> list() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("scenes", scenes.list());
        m.put("boot", setup.bootScene().orElse(null));
        return m;
    }

    private Object save(ApiCall c) {
        JsonNode body = c.json();
        Json.onlyFields(body, "name");
        try {
            Scene s = scenes.save(Json.text(body, "name"));
            return Map.of("saved", s.name(), "values", s.values().size());
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
    }

    private Object recall(ApiCall c) {
        String name = name(c);
        if (scenes.get(name).isEmpty()) throw ApiError.notFound("no scene '" + name + "'");
        RecallReport r = scenes.recall(name);
        return Map.of("scene", r.scene(), "applied", r.applied(), "problems", r.problems());
    }

    private Object rename(ApiCall c) {
        JsonNode body = c.json();
        Json.onlyFields(body, "from", "to");
        String from = Json.text(body, "from");
        String to = Json.text(body, "to");
        if (scenes.get(from).isEmpty()) throw ApiError.notFound("no scene '" + from + "'");
        try {
            scenes.rename(from, to);
        } catch (IllegalArgumentException e) {
            throw e.getMessage().contains("exists") ? ApiError.conflict(e.getMessage()) : ApiError.badRequest(e.getMessage());
        }
        Optional<String> boot = setup.bootScene();
        if (boot.isPresent() && boot.get().equalsIgnoreCase(from.strip())) setup.setBootScene(Optional.of(to.strip()));
        return list();
    }

    private Object delete(ApiCall c) {
        String name = name(c);
        if (!scenes.delete(name)) throw ApiError.notFound("no scene '" + name + "'");
        Optional<String> boot = setup.bootScene();
        if (boot.isPresent() && boot.get().equalsIgnoreCase(name.strip())) setup.setBootScene(Optional.empty());
        return list();
    }

    /** {"name": "Gallery"} makes it the boot scene; {"name": null} clears it. */
    private Object boot(ApiCall c) {
        JsonNode body = c.json();
        Json.onlyFields(body, "name");
        JsonNode n = body.get("name");
        if (n == null) throw ApiError.badRequest("\"name\" is missing (null clears the boot scene)");
        if (n.isNull()) {
            setup.setBootScene(Optional.empty());
        } else {
            String name = Json.text(body, "name");
            Scene s = scenes.get(name).orElseThrow(() -> ApiError.notFound("no scene '" + name + "'"));
            setup.setBootScene(Optional.of(s.name()));
        }
        return list();
    }

    private static String name(ApiCall c) {
        JsonNode body = c.json();
        Json.onlyFields(body, "name");
        return Json.text(body, "name");
    }
}
