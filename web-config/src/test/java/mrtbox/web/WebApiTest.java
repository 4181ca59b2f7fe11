package mrtbox.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import mrtbox.control.mapping.Mapping;
import mrtbox.control.mapping.MidiSource;
import mrtbox.control.param.ChangeSource;
import mrtbox.control.param.RegistryListener;
import mrtbox.control.param.StandardParams;
import mrtbox.control.status.StatusReport;
import mrtbox.web.testing.ApiClient;
import mrtbox.web.testing.ApiClient.Answer;
import mrtbox.web.testing.Audio;
import mrtbox.web.testing.TestBox;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The REST and WebSocket API as a script uses it: the JDK HttpClient against a real Jetty on an ephemeral port. */
class WebApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir static Path state;
    static TestBox box;
    static ApiClient api;

    @BeforeAll
    static void start() throws Exception {
        box = new TestBox(state, WebSettings.builder().maxUploadBytes(256 * 1024), Clock.systemUTC());
        api = new ApiClient(box.base());
        assertEquals(200, api.setup(box.setupCode(), TestBox.PASSWORD).status());
    }

    @AfterAll
    static void stop() {
        box.close();
    }

    @BeforeEach
    void defaults() {
        box.registry.resetToDefaults(ChangeSource.INTERNAL);
    }

    private static Map<String, Object> value(Object v) {
        Map<String, Object> m = new HashMap<>();
        m.put("value", v);
        return m;
    }

    @Test
    void listsEveryParameterWithItsSpec() throws Exception {
        Answer a = api.get("/api/params");
        assertEquals(200, a.status());
        JsonNode params = a.json().get("params");
        assertEquals(box.registry.specs().size(), params.size());
        JsonNode weight = find(params, "prompt.3.weight");
        assertEquals("FLOAT", weight.get("type").asText());
        assertEquals(0.0, weight.get("min").asDouble());
        assertEquals(1.0, weight.get("max").asDouble());
        assertEquals("/mrtbox/prompt/3/weight", weight.get("osc").asText());
        assertEquals("Weight 3", weight.get("label").asText());
        assertEquals("Prompts", weight.get("group").asText());
        assertTrue(find(params, StandardParams.SEED).get("requiresReset").asBoolean());
        assertEquals(400, find(params, "prompt.1.text").get("maxLength").asInt());
        JsonNode one = api.get("/api/params/sampling.guidance").json();
        assertEquals(5.0, one.get("value").asDouble());
        assertEquals(5.0, one.get("default").asDouble());
        assertEquals(404, api.get("/api/params/sampling.nothing").status());
    }

    @Test
    void anAnswerOvertakenByAnotherWriterCarriesNoVersion() throws Exception {
        // an OSC write lands between the web write and its answer: the answer must not let the page show 0.3 as current
        RegistryListener oscRacesIn = c -> {
            if (c.id().equals("prompt.5.weight") && c.source().kind() == ChangeSource.Kind.WEB) {
                box.registry.set("prompt.5.weight", 0.9, ChangeSource.of(ChangeSource.Kind.OSC, "10.0.0.7:9000"));
            }
        };
        box.registry.addListener(oscRacesIn);
        try {
            Answer a = api.json("PUT", "/api/params/prompt.5.weight", value(0.3));
            assertEquals(200, a.status(), a.json().toString());
            assertEquals(0.3, a.json().get("value").asDouble(), 1e-12, "the answer still reports what this write stored");
            assertFalse(a.json().has("version"), a.json().toString());
            assertEquals(0.9, (Double) box.registry.snapshot().value("prompt.5.weight"), 1e-12);
        } finally {
            box.registry.removeListener(oscRacesIn);
        }
    }

    @Test
    void setsAParameterLiveAndReportsClampsAndRejections() throws Exception {
        List<ChangeSource> sources = new ArrayList<>();
        box.registry.addListener(c -> sources.add(c.source()));
        Answer ok = api.json("PUT", "/api/params/prompt.2.weight", value(0.7));
        assertEquals(200, ok.status(), ok.json().toString());
        assertEquals("ACCEPTED", ok.json().get("status").asText());
        assertEquals(0.7, (Double) box.registry.snapshot().value("prompt.2.weight"), 1e-12);
        assertEquals(box.registry.snapshot().version(), ok.json().get("version").asLong(), "the answer names the registry version of its value");
        assertEquals(ChangeSource.Kind.WEB, sources.get(sources.size() - 1).kind());

        Answer clamped = api.json("PUT", "/api/params/prompt.2.weight", value(1.5));
        assertEquals(200, clamped.status());
        assertEquals("ADJUSTED", clamped.json().get("status").asText());
        assertTrue(clamped.json().get("reason").asText().contains("clamped"));

        Answer rejected = api.json("PUT", "/api/params/sampling.temperature", value(9));
        assertEquals(400, rejected.status());
        assertTrue(rejected.error().contains("out of range [0, 4]"), rejected.error());
        assertEquals(1.1, (Double) box.registry.snapshot().value(StandardParams.TEMPERATURE), 1e-12);

        assertEquals(404, api.json("PUT", "/api/params/prompt.9.weight", value(1)).status());
        Answer wrongType = api.json("PUT", "/api/params/sampling.top_k", value(List.of(1, 2)));
        assertEquals(400, wrongType.status());
        assertTrue(wrongType.error().contains("must be a number"), wrongType.error());
        Answer text = api.json("PUT", "/api/params/prompt.4.text", value("dub techno, deep chords"));
        assertEquals(200, text.status());
        assertEquals("dub techno, deep chords", box.registry.snapshot().value("prompt.4.text"));
    }

    @Test
    void batchUpdateIsAllOrNothing() throws Exception {
        Answer bad = api.json("POST", "/api/params", Map.of("values", Map.of("prompt.1.weight", 0.2, "sampling.top_k", 5000, "nope.x", 1)));
        assertEquals(400, bad.status());
        assertTrue(bad.error().startsWith("nothing changed"), bad.error());
        assertTrue(bad.error().contains("no parameter 'nope.x'") && bad.error().contains("sampling.top_k"), bad.error());
        assertEquals(1.0, (Double) box.registry.snapshot().value("prompt.1.weight"));

        Answer good = api.json("POST", "/api/params", Map.of("values", Map.of("prompt.1.weight", 0.2, "sampling.top_k", 64)));
        assertEquals(200, good.status(), String.valueOf(good.json()));
        assertEquals(0.2, (Double) box.registry.snapshot().value("prompt.1.weight"), 1e-12);
        assertEquals(64, box.registry.snapshot().value(StandardParams.TOP_K));
    }

    @Test
    void malformedOversizedAndMistypedBodiesAreRefused() throws Exception {
        Answer malformed = api.json("PUT", "/api/params/prompt.1.weight", "{\"value\": 0.5,,}");
        assertEquals(400, malformed.status());
        assertTrue(malformed.error().startsWith("malformed JSON") && malformed.error().contains("line 1"), malformed.error());

        String huge = "{\"value\": \"" + "x".repeat(70_000) + "\"}";
        assertEquals(413, api.json("PUT", "/api/params/prompt.1.text", huge).status());

        Answer form = api.send("PUT", "/api/params/prompt.1.weight", "value=0.5".getBytes(), "application/x-www-form-urlencoded");
        assertEquals(415, form.status());

        Answer typo = api.json("PUT", "/api/params/prompt.1.weight", Map.of("valeu", 0.5));
        assertEquals(400, typo.status());
        assertTrue(typo.error().contains("unknown field \"valeu\""), typo.error());
        assertEquals(1.0, (Double) box.registry.snapshot().value("prompt.1.weight"));

        assertEquals(404, api.get("/api/nothing-here").status());
        assertEquals(405, api.json("DELETE", "/api/params", null).status());
    }

    /** A field left out or of the wrong kind is named, with what was expected, in the API's words (never Jackson's). */
    @Test
    void aBodyLeavingAFieldOutIsAnsweredWithTheFieldAndWhatItExpects() throws Exception {
        Map<String, Object> m = new HashMap<>(Map.of("id", "", "target", "prompt.3.weight",
                "source", Map.of("device", "", "channel", 2, "type", "CC", "number", 14),
                "max", 0.0, "curve", "linear", "mode", "absolute", "takeover", "scale", "feedback", false));
        Answer noMin = api.json("POST", "/api/mappings", m);
        assertEquals(400, noMin.status());
        assertEquals("\"min\" is missing (expected a number)", noMin.error());

        m.put("min", 0.0);
        m.put("source", Map.of("device", "", "type", "CC", "number", 14));
        Answer noChannel = api.json("POST", "/api/mappings", m);
        assertEquals(400, noChannel.status());
        assertEquals("\"source.channel\" is missing (expected a whole number)", noChannel.error());

        m.put("source", Map.of("device", "", "channel", 2, "type", "CC", "number", 14));
        m.remove("curve");
        Answer noCurve = api.json("POST", "/api/mappings", m);
        assertEquals("\"curve\" is missing (expected one of linear, exponential, logarithmic)", noCurve.error());

        m.put("curve", "linear");
        m.put("max", Map.of("value", 1));
        Answer objectMax = api.json("POST", "/api/mappings", m);
        assertEquals(400, objectMax.status());
        assertEquals("\"max\" must be a number, got an object", objectMax.error());
        for (Answer a : List.of(noMin, noChannel, noCurve, objectMax)) {
            assertFalse(a.error().contains("creator") || a.error().contains("FAIL_ON") || a.error().contains("`"), a.error());
        }
        assertTrue(box.mappings.list().isEmpty(), "nothing was stored");
    }

    @Test
    void triggersAndPanic() throws Exception {
        assertEquals(200, api.json("POST", "/api/params/transport.play/trigger", null).status());
        assertEquals(1L, box.registry.snapshot().value(StandardParams.PLAY));
        assertEquals(400, api.json("POST", "/api/params/output.mute/trigger", null).status());
        int before = box.notes.allOff.get();
        Answer panic = api.json("POST", "/api/panic", null);
        assertEquals(200, panic.status());
        assertEquals(before + 1, box.notes.allOff.get());
        assertEquals(true, box.registry.snapshot().value(StandardParams.MUTE));
    }

    @Test
    void scenesSaveRecallRenameDeleteAndBoot() throws Exception {
        box.registry.set("prompt.2.weight", 0.6, ChangeSource.INTERNAL);
        assertEquals(200, api.json("POST", "/api/scenes", Map.of("name", "Gallery Open")).status());
        box.registry.set("prompt.2.weight", 0.1, ChangeSource.INTERNAL);
        Answer recall = api.json("POST", "/api/scenes/recall", Map.of("name", "gallery open"));
        assertEquals(200, recall.status());
        assertEquals(0.6, (Double) box.registry.snapshot().value("prompt.2.weight"), 1e-12);
        assertTrue(recall.json().get("applied").asInt() > 10);

        assertEquals(200, api.json("PUT", "/api/scenes/boot", Map.of("name", "Gallery Open")).status());
        assertEquals("Gallery Open", box.setup.bootScene().orElseThrow());
        assertEquals(200, api.json("POST", "/api/scenes", Map.of("name", "Night")).status());
        assertEquals(409, api.json("POST", "/api/scenes/rename", Map.of("from", "Gallery Open", "to", "night")).status());
        assertEquals(200, api.json("POST", "/api/scenes/rename", Map.of("from", "Gallery Open", "to", "Day")).status());
        assertEquals("Day", box.setup.bootScene().orElseThrow(), "the boot scene follows a rename");
        assertEquals(404, api.json("POST", "/api/scenes/recall", Map.of("name", "Gallery Open")).status());
        assertEquals(400, api.json("POST", "/api/scenes", Map.of("name", "   ")).status());
        assertEquals(400, api.json("POST", "/api/scenes", Map.of("name", "x".repeat(65))).status());
        assertEquals(200, api.json("POST", "/api/scenes/delete", Map.of("name", "Day")).status());
        assertTrue(box.setup.bootScene().isEmpty(), "deleting the boot scene clears it");
        assertEquals(404, api.json("POST", "/api/scenes/delete", Map.of("name", "Day")).status());
        JsonNode list = api.get("/api/scenes").json();
        assertEquals(1, list.get("scenes").size());
        assertEquals("Night", list.get("scenes").get(0).get("name").asText());
        assertTrue(list.get("boot").isNull());
        api.json("POST", "/api/scenes/delete", Map.of("name", "Night"));
    }

    @Test
    void mappingsEveryFieldLearnAndUnlearn() throws Exception {
        Map<String, Object> m = new HashMap<>(Map.of("id", "", "target", "prompt.3.weight",
                "source", Map.of("device", "nanoKONTROL", "channel", 2, "type", "CC", "number", 14),
                "min", 1.0, "max", 0.0, "curve", "EXPONENTIAL", "mode", "RELATIVE_TWOS_COMPLEMENT", "takeover", "SCALE", "feedback", false));
        Answer created = api.json("POST", "/api/mappings", m);
        assertEquals(200, created.status(), String.valueOf(created.json()));
        String id = created.json().get("id").asText();
        Mapping stored = box.mappings.get(id).orElseThrow();
        assertEquals(new MidiSource("nanoKONTROL", 2, MidiSource.MessageType.CC, 14), stored.source());
        assertEquals(1.0, stored.min());
        assertEquals(0.0, stored.max());
        assertEquals(Mapping.Curve.EXPONENTIAL, stored.curve());
        assertEquals(Mapping.Mode.RELATIVE_TWOS_COMPLEMENT, stored.mode());
        assertEquals(Mapping.Takeover.SCALE, stored.takeover());
        assertFalse(stored.feedback());

        m.put("id", id);
        m.put("target", StandardParams.GUIDANCE);
        m.put("source", Map.of("device", "", "channel", 0, "type", "NRPN", "number", 1000));
        m.put("min", 0.0);
        m.put("max", 10.0);
        m.put("curve", "LOGARITHMIC");
        m.put("mode", "ABSOLUTE");
        m.put("takeover", "PICKUP");
        m.put("feedback", true);
        assertEquals(200, api.json("PUT", "/api/mappings/" + id, m).status());
        Mapping edited = box.mappings.get(id).orElseThrow();
        assertEquals(new Mapping(id, new MidiSource("", 0, MidiSource.MessageType.NRPN, 1000), StandardParams.GUIDANCE, 0, 10,
                Mapping.Curve.LOGARITHMIC, Mapping.Mode.ABSOLUTE, Mapping.Takeover.PICKUP, true), edited);

        m.put("source", Map.of("device", "", "channel", 17, "type", "CC", "number", 1));
        Answer badChannel = api.json("PUT", "/api/mappings/" + id, m);
        assertEquals(400, badChannel.status());
        assertTrue(badChannel.error().contains("channel 17"), badChannel.error());
        m.put("source", Map.of("device", "", "channel", 1, "type", "CC", "number", 1));
        m.put("target", "prompt.1.text");
        assertEquals(400, api.json("PUT", "/api/mappings/" + id, m).status());
        m.put("target", StandardParams.GUIDANCE);
        m.put("curve", "SQUIGGLY");
        Answer squiggly = api.json("PUT", "/api/mappings/" + id, m);
        assertEquals(400, squiggly.status());
        // Answered in the words the README and the page use, never with a Java class name.
        assertTrue(squiggly.error().contains("curve must be one of linear, exponential, logarithmic, got 'SQUIGGLY'"), squiggly.error());
        assertFalse(squiggly.error().contains("mrtbox."), squiggly.error());
        assertEquals(edited, box.mappings.get(id).orElseThrow(), "rejected edits change nothing");

        // What the README and the page show (lower case) is accepted, and the API answers in the same words.
        m.put("curve", "exponential");
        m.put("mode", "relative two's complement".replace("'", ""));
        m.put("takeover", "Scale");
        m.put("source", Map.of("device", "", "channel", 1, "type", "pitch-bend", "number", 0));
        Answer words = api.json("PUT", "/api/mappings/" + id, m);
        assertEquals(200, words.status(), String.valueOf(words.json()));
        assertEquals(Mapping.Mode.RELATIVE_TWOS_COMPLEMENT, box.mappings.get(id).orElseThrow().mode());
        JsonNode listed = api.get("/api/mappings").json().get("mappings").get(0);
        assertEquals("exponential", listed.get("curve").asText());
        assertEquals("relative_twos_complement", listed.get("mode").asText());
        assertEquals("scale", listed.get("takeover").asText());
        assertEquals("pitch_bend", listed.get("source").get("type").asText());
        m.put("curve", "LOGARITHMIC");
        m.put("mode", "ABSOLUTE");
        m.put("takeover", "PICKUP");
        m.put("source", Map.of("device", "", "channel", 0, "type", "NRPN", "number", 1000));
        assertEquals(200, api.json("PUT", "/api/mappings/" + id, m).status());

        JsonNode targets = api.get("/api/mappings").json().get("targets");
        JsonNode volume = find(targets, StandardParams.VOLUME_DB);
        assertEquals("Volume", volume.get("label").asText(), "the learn list names parameters for people");
        assertEquals("Output", volume.get("group").asText());
        for (JsonNode t : targets) assertNotEquals("TEXT", box.registry.require(t.get("id").asText()).spec().type().name());
        Answer arm = api.json("POST", "/api/learn", Map.of("target", "prompt.5.weight"));
        assertEquals("prompt.5.weight", arm.json().get("armed").asText());
        assertEquals("prompt.5.weight", box.learn.armed().orElseThrow());
        assertEquals(400, api.json("POST", "/api/learn", Map.of("target", "prompt.5.text")).status());
        box.memoryLearn.capture(new MidiSource("", 1, MidiSource.MessageType.CC, 74));
        assertTrue(api.get("/api/mappings").json().get("armed").isNull());
        Answer unlearn = api.json("POST", "/api/unlearn", Map.of("target", "prompt.5.weight"));
        assertEquals(1, unlearn.json().get("removed").asInt());
        assertEquals(204, api.json("DELETE", "/api/mappings/" + id, null).status());
        assertEquals(404, api.json("DELETE", "/api/mappings/" + id, null).status());
        assertTrue(box.mappings.list().isEmpty());
    }

    @Test
    void oscSettings() throws Exception {
        JsonNode osc = api.get("/api/osc").json();
        assertEquals(9000, osc.get("settings").get("port").asInt());
        assertEquals(0, osc.get("settings").get("allowlist").size(), "the stored value, not what it means today");
        assertEquals("192.168.1.0/24", osc.get("effectiveAllowlist").get(1).asText());
        assertEquals(8090, osc.get("oscQueryPort").asInt());
        assertEquals("192.168.1.20", osc.get("clients").get(0).get("address").asText());
        assertEquals(200, api.json("PUT", "/api/osc", Map.of("port", 9100, "allowlist", List.of("192.168.1.0/24"))).status());
        assertEquals(9100, box.osc.settings().port());
        Answer bad = api.json("PUT", "/api/osc", Map.of("port", 9200, "allowlist", List.of("rm -rf /")));
        assertEquals(400, bad.status());
        assertEquals(400, api.json("PUT", "/api/osc", Map.of("port", 70000, "allowlist", List.of())).status());
        assertEquals(9100, box.osc.settings().port());
    }

    @Test
    void thePanicControlIsReadAndSet() throws Exception {
        JsonNode p = api.get("/api/midi/panic").json();
        assertTrue(p.get("panic").isNull(), p.toString());
        assertEquals("config", p.get("from").asText());
        Map<String, Object> note = Map.of("device", "", "channel", 16, "type", "note", "number", 0);
        Answer set = api.json("PUT", "/api/midi/panic", Map.of("panic", note));
        assertEquals(200, set.status(), set.error());
        assertEquals("note", set.json().get("panic").get("type").asText(), "answered in the words the page sends");
        assertEquals("page", set.json().get("from").asText());
        assertEquals(new mrtbox.control.mapping.MidiSource("", 16, mrtbox.control.mapping.MidiSource.MessageType.NOTE, 0), box.panic.panic().panic());
        Answer bend = api.json("PUT", "/api/midi/panic", Map.of("panic", Map.of("device", "", "channel", 1, "type", "pitch_bend", "number", 0)));
        assertEquals(400, bend.status());
        assertEquals("the panic control must be a note or cc, not pitch_bend", bend.error());
        Answer typo = api.json("PUT", "/api/midi/panic", Map.of("panik", note));
        assertEquals(400, typo.status());
        assertTrue(typo.error().contains("panik"), typo.error());
        assertEquals(400, api.json("PUT", "/api/midi/panic", Map.of("panic", Map.of("device", "", "channel", 17, "type", "cc", "number", 1))).status());
        assertEquals(16, box.panic.panic().panic().channel(), "refused changes change nothing");
        Answer none = api.json("PUT", "/api/midi/panic", java.util.Collections.singletonMap("panic", null));
        assertEquals(200, none.status(), none.error());
        assertTrue(none.json().get("panic").isNull());
        assertEquals(null, box.panic.panic().panic());
    }

    @Test
    void audioDevicesTestToneAndModels() throws Exception {
        assertEquals(2, api.get("/api/audio").json().get("devices").size());
        assertEquals(200, api.json("PUT", "/api/audio/device", Map.of("name", "USB Audio CODEC [plughw:1,0]")).status());
        assertEquals("USB Audio CODEC [plughw:1,0]", box.setup.selectedDevice());
        assertEquals(400, api.json("PUT", "/api/audio/device", Map.of("name", "hw:9")).status());
        assertEquals(200, api.json("POST", "/api/audio/test-tone", Map.of("levelDb", -18, "seconds", 1.5)).status());
        assertEquals("-18.0 dB 1500 ms", box.setup.tones.get(box.setup.tones.size() - 1));
        assertEquals(400, api.json("POST", "/api/audio/test-tone", Map.of("levelDb", 6, "seconds", 1)).status());

        JsonNode models = api.get("/api/models").json().get("models");
        assertEquals("checkpoint/", models.get(2).get("missing").get(0).asText());
        Answer missing = api.json("PUT", "/api/models/active", Map.of("name", "mrt-v1-base"));
        assertEquals(400, missing.status());
        assertTrue(missing.error().contains("not installed"), missing.error());
        assertTrue(models.get(0).get("playing").asBoolean() && models.get(0).get("chosen").asBoolean(), models.toString());
        Answer chosen = api.json("PUT", "/api/models/active", Map.of("name", "mrt2-small"));
        assertEquals(200, chosen.status());
        assertEquals("mrt2-small", box.setup.chosenModel());
        JsonNode after = chosen.json().get("models");
        assertTrue(after.get(0).get("playing").asBoolean() && !after.get(0).get("chosen").asBoolean(),
                "the model that plays is still called playing, and only that one: " + after);
        assertTrue(!after.get(1).get("playing").asBoolean() && after.get(1).get("chosen").asBoolean(),
                "the chosen one is chosen, not playing, until the next start: " + after);
    }

    @Test
    void backupDownloadAndRestore() throws Exception {
        box.registry.set("prompt.6.text", "field recordings", ChangeSource.INTERNAL);
        Answer dl = api.get("/api/config/backup");
        assertEquals(200, dl.status());
        assertTrue(dl.raw().headers().firstValue("Content-Disposition").orElseThrow().contains("attachment; filename=\"mrtbox-backup.json\""));
        byte[] doc = dl.raw().body();
        box.registry.set("prompt.6.text", "changed", ChangeSource.INTERNAL);
        Answer restored = api.send("POST", "/api/config/restore", doc, "application/octet-stream");
        assertEquals(200, restored.status(), String.valueOf(restored.json()));
        assertEquals("field recordings", box.registry.snapshot().value("prompt.6.text"));

        box.registry.set("prompt.6.text", "keep me", ChangeSource.INTERNAL);
        Answer garbage = api.send("POST", "/api/config/restore", "{\"format\":\"mrtbox-backup-1\",\"values\":{\"prompt.6.text\":\"x\",\"sampling.top_k\":99999}}".getBytes(), "application/json");
        assertEquals(400, garbage.status());
        assertTrue(garbage.error().startsWith("not restored, nothing changed"), garbage.error());
        assertEquals("keep me", box.registry.snapshot().value("prompt.6.text"));
    }

    @Test
    void audioPromptUploadsAreCheckedByNameSizeAndHeader() throws Exception {
        byte[] wav = Audio.sineWav(0.5);
        Answer ok = api.send("POST", "/api/prompts/2/audio?name=loop%20one.wav", wav, "application/octet-stream");
        assertEquals(200, ok.status(), String.valueOf(ok.json()));
        assertEquals("WAV", ok.json().get("format").asText());
        assertEquals("loop one.wav", box.promptAudio.stored.get(2).fileName());
        assertEquals(wav.length, box.promptAudio.stored.get(2).data().length);

        Answer text = api.send("POST", "/api/prompts/3/audio?name=notes.wav", "just text, not audio".getBytes(StandardCharsets.UTF_8), "application/octet-stream");
        assertEquals(415, text.status());
        assertTrue(text.error().contains("not WAV, AIFF, AU, FLAC, Ogg Vorbis or MP3"), text.error());
        Answer big = api.send("POST", "/api/prompts/3/audio?name=long.wav", Audio.sineWav(3), "application/octet-stream");
        assertEquals(413, big.status());
        for (String name : List.of("..%2F..%2Fetc%2Fpasswd", "a%2Fb.wav", "..", ".hidden.wav", "c%3A%5Cx.wav", "bad%0Aname.wav")) {
            Answer trick = api.send("POST", "/api/prompts/3/audio?name=" + name, wav, "application/octet-stream");
            assertEquals(400, trick.status(), name + " -> " + trick.json());
        }
        assertEquals(400, api.send("POST", "/api/prompts/3/audio", wav, "application/octet-stream").status());
        assertEquals(404, api.send("POST", "/api/prompts/7/audio?name=x.wav", wav, "application/octet-stream").status());
        assertFalse(box.promptAudio.stored.containsKey(3), "refused uploads store nothing");
        assertNull(box.promptAudio.stored.get(7));
    }

    @Test
    void healthNeedsLoginUnlessPublic() throws Exception {
        assertEquals(401, new ApiClient(box.base()).get("/api/health").status());
        Answer h = api.get("/api/health");
        assertEquals(200, h.status());
        assertEquals(box.status.current().health(), h.json().get("health").asText());
        assertEquals(box.status.current().underruns(), h.json().get("underruns").asLong());
        assertNotNull(api.get("/api/system").json().get("cores"));
    }

    @Test
    void servesThePageWithStrictHeaders() throws Exception {
        Answer page = api.get("/");
        assertEquals(200, page.status());
        String html = new String(page.raw().body(), StandardCharsets.UTF_8);
        assertTrue(html.contains("<title>mrtbox</title>"));
        String csp = page.raw().headers().firstValue("Content-Security-Policy").orElseThrow();
        assertTrue(csp.contains("script-src 'self'") && csp.contains("frame-ancestors 'none'"), csp);
        assertEquals("nosniff", page.raw().headers().firstValue("X-Content-Type-Options").orElseThrow());
        assertEquals(200, api.get("/app.js").status());
        assertEquals(404, api.get("/WEB-INF/web.xml").status());
        assertTrue(api.get("/%2e%2e/%2e%2e/etc/passwd").status() >= 400);
    }

    @Test
    void liveSocketPushesStatusParamsAndMidi() throws Exception {
        LinkedBlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
        WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
                .header("Cookie", api.cookie)
                .header("Origin", box.base())
                .buildAsync(URI.create("ws://127.0.0.1:" + box.server.port() + WebServer.LIVE_PATH), new WebSocket.Listener() {
                    final StringBuilder text = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                        text.append(data);
                        if (last) {
                            try {
                                messages.add(JSON.readTree(text.toString()));
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                            text.setLength(0);
                        }
                        w.request(1);
                        return null;
                    }
                }).get(5, TimeUnit.SECONDS);
        try {
            assertEquals("status", next(messages, "status").get("type").asText(), "a status arrives on connect");
            box.status.publish(new StatusReport("mrt2-small", false, true, 1.31, 120, 3, 1, 2.5,
                    new double[] {-6, -7}, new double[] {-14, -15}, new float[] {-40, -50, -60}, 22.5, 31.0, "ok", "", 61));
            JsonNode status = waitFor(messages, m -> m.get("type").asText().equals("status") && m.get("report").get("model").asText().equals("mrt2-small"));
            assertEquals(1.31, status.get("report").get("realTimeFactor").asDouble(), 1e-9);
            assertEquals(3, status.get("report").get("underruns").asInt());
            assertEquals(3, status.get("report").get("spectrumDb").size());
            assertTrue(status.has("system"));

            box.registry.set("prompt.4.weight", 0.25, ChangeSource.of(ChangeSource.Kind.MIDI, "nanoKONTROL"));
            JsonNode param = waitFor(messages, m -> m.get("type").asText().equals("param"));
            assertEquals("prompt.4.weight", param.get("id").asText());
            assertEquals(0.25, param.get("value").asDouble(), 1e-12);
            assertEquals("MIDI", param.get("source").asText());
            assertEquals(box.registry.snapshot().version(), param.get("version").asLong(), "the echo names the registry version of its value");

            box.monitor.receive(new MidiMonitorAccess.MidiEvent(1, "nanoKONTROL", "CC", 1, 14, 99));
            JsonNode midi = waitFor(messages, m -> m.get("type").asText().equals("midi"));
            assertEquals(99, midi.get("event").get("value").asInt());
        } finally {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
        }
    }

    private static JsonNode next(LinkedBlockingQueue<JsonNode> q, String what) throws InterruptedException {
        JsonNode n = q.poll(5, TimeUnit.SECONDS);
        assertNotNull(n, "no " + what + " message within 5 s");
        return n;
    }

    private static JsonNode waitFor(LinkedBlockingQueue<JsonNode> q, java.util.function.Predicate<JsonNode> p) throws InterruptedException {
        long end = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < end) {
            JsonNode n = q.poll(100, TimeUnit.MILLISECONDS);
            if (n != null && p.test(n)) return n;
        }
        throw new AssertionError("expected message did not arrive within 5 s");
    }

    private static JsonNode find(JsonNode params, String id) {
        for (JsonNode p : params) if (p.get("id").asText().equals(id)) return p;
        throw new AssertionError("no " + id);
    }
}
