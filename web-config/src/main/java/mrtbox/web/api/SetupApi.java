package mrtbox.web.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import mrtbox.control.param.StandardParams;
import mrtbox.web.BackupAccess;
import mrtbox.web.PromptAudioAccess;
import mrtbox.web.SetupAccess;
import mrtbox.web.http.Access;
import mrtbox.web.http.ApiCall;
import mrtbox.web.http.ApiError;
import mrtbox.web.http.ApiRouter;
import mrtbox.web.http.Json;
import mrtbox.web.http.Reply;
import mrtbox.web.http.Route;

/** Audio output, models, config backup/restore and audio-prompt uploads. */
public final class SetupApi {
    public static final int MAX_BACKUP_BYTES = 4 * 1024 * 1024;

    private final SetupAccess setup;
    private final BackupAccess backup;
    private final PromptAudioAccess promptAudio;
    private final int maxUploadBytes;
    /** Uploads are held in memory while checked: two at a time bounds that to twice the size limit. */
    private final java.util.concurrent.Semaphore uploads = new java.util.concurrent.Semaphore(2);

    public SetupApi(SetupAccess setup, BackupAccess backup, PromptAudioAccess promptAudio, int maxUploadBytes) {
        this.setup = setup;
        this.backup = backup;
        this.promptAudio = promptAudio;
        this.maxUploadBytes = maxUploadBytes;
    }

    public void register(ApiRouter router) {
        router.add(Route.of("GET", "/api/audio", Access.USER, c -> Map.of("devices", setup.audioDevices())));
        router.add(Route.of("PUT", "/api/audio/device", Access.USER, this::selectDevice));
        router.add(Route.of("POST", "/api/audio/test-tone", Access.USER, this::testTone));
        router.add(Route.of("GET", "/api/models", Access.USER, c -> Map.of("models", setup.models())));
        router.add(Route.of("PUT", "/api/models/active", Access.USER, this::selectModel));
        router.add(Route.of("GET", "/api/config/backup", Access.USER,
                c -> Reply.download(backup.backupFileName(), "application/json", backup.backup())));
        router.add(Route.of("POST", "/api/config/restore", Access.USER, this::restore));
        router.add(Route.of("POST", "/api/prompts/{slot}/audio", Access.USER, this::upload));
    }

    private Object selectDevice(ApiCall c) {
        String name = named(c);
        return port(() -> setup.selectAudioDevice(name), () -> Map.of("devices", setup.audioDevices()));
    }

    private Object testTone(ApiCall c) {
        JsonNode body = c.json();
        Json.onlyFields(body, "levelDb", "seconds");
        double level = number(body, "levelDb", -60, 0);
        double seconds = number(body, "seconds", 0.1, 10);
        setup.testTone(level, Duration.ofMillis(Math.round(seconds * 1000)));
        return Map.of("levelDb", level, "seconds", seconds);
    }

    private Object selectModel(ApiCall c) {
        String name = named(c);
        return port(() -> setup.selectModel(name), () -> Map.of("models", setup.models()));
    }

    private Object restore(ApiCall c) {
        byte[] doc = c.bytes(MAX_BACKUP_BYTES);
        if (doc.length == 0) throw ApiError.badRequest("empty backup: upload the file from \"Download backup\"");
        try {
            return Map.of("restored", backup.restore(doc));
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("not restored, nothing changed: " + e.getMessage());
        }
    }

    /** The body is the file itself ({@code curl --data-binary @loop.wav}); the name comes in {@code ?name=}. */
    private Object upload(ApiCall c) {
        int slot;
        try {
            slot = Integer.parseInt(c.path("slot"));
        } catch (NumberFormatException e) {
            throw ApiError.notFound("prompt slot must be a number 1.." + StandardParams.PROMPT_SLOTS);
        }
        if (slot < 1 || slot > StandardParams.PROMPT_SLOTS) throw ApiError.notFound("no prompt slot " + slot + " (1.." + StandardParams.PROMPT_SLOTS + ")");
        String name = UploadChecks.fileName(c.query("name").orElse(null));
        if (!uploads.tryAcquire()) throw new ApiError(429, "two uploads are already in progress; try again when they finish", 2);
        try {
            return store(c, slot, name);
        } finally {
            uploads.release();
        }
    }

    private Object store(ApiCall c, int slot, String name) {
        byte[] data = c.bytes(maxUploadBytes);
        if (data.length == 0) throw ApiError.badRequest("empty upload");
        PromptAudioAccess.Container container = UploadChecks.container(data).orElseThrow(() ->
                new ApiError(415, "'" + name + "' is not " + UploadChecks.FORMATS + " audio (checked by its first bytes)"));
        try {
            String stored = promptAudio.store(slot, name, container, data);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("slot", slot);
            m.put("name", name);
            m.put("format", container.name());
            m.put("bytes", data.length);
            m.put("stored", stored);
            return m;
        } catch (IllegalArgumentException e) {
            throw new ApiError(422, "audio not usable: " + e.getMessage());
        }
    }

    private static String named(ApiCall c) {
        JsonNode body = c.json();
        Json.onlyFields(body, "name");
        return Json.text(body, "name");
    }

    private static double number(JsonNode body, String field, double min, double max) {
        JsonNode n = body.get(field);
        if (n == null || !n.isNumber()) throw ApiError.badRequest("\"" + field + "\" must be a number");
        double v = n.doubleValue();
        if (!(v >= min && v <= max)) throw ApiError.badRequest("\"" + field + "\" " + v + " is out of range [" + min + ", " + max + "]");
        return v;
    }

    private static Object port(Runnable action, java.util.function.Supplier<Object> after) {
        try {
            action.run();
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
        return after.get();
    }
}
