package mrtbox.control.param;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import mrtbox.control.param.SetOutcome.Status;
import org.junit.jupiter.api.Test;

class ParameterRegistryTest {
    private static final ChangeSource OSC = ChangeSource.of(ChangeSource.Kind.OSC, "10.0.0.5:9001");

    private final ParameterRegistry registry = new ParameterRegistry();

    ParameterRegistryTest() {
        registry.registerAll(StandardParams.all());
    }

    @Test
    void aReadOnlyParameterIsWrittenOnlyByTheBox() {
        ParameterRegistry r = new ParameterRegistry();
        ParamHandle h = r.register(ParamSpec.builder("styles.available", ParamType.TEXT).readOnly().description("listing").build());
        assertTrue(h.spec().readOnly());
        assertFalse(h.spec().persistent(), "not the player's to save in scenes");
        assertEquals(Status.ACCEPTED, r.set(h, ":mine", ChangeSource.INTERNAL).status());
        for (ChangeSource.Kind kind : ChangeSource.Kind.values()) {
            if (kind == ChangeSource.Kind.INTERNAL) continue;
            SetOutcome o = r.set(h, "hacked", ChangeSource.of(kind, "test"));
            assertEquals(Status.REJECTED, o.status(), kind.toString());
            assertEquals("styles.available is read-only: only the box sets it", o.reason());
            SetOutcome all = r.setAll(Map.of(h, "hacked"), ChangeSource.of(kind, "test")).get(0);
            assertEquals(Status.REJECTED, all.status(), kind + " setAll");
        }
        assertEquals(":mine", r.snapshot().value(h));
    }

    @Test
    void standardParamsStartAtTheirDefaults() {
        ParamSnapshot s = registry.snapshot();
        assertEquals(6 * 3 + 9, s.size());
        assertEquals("warm analog synth groove", s.value("prompt.1.text"));
        assertEquals(1.0, s.value("prompt.1.weight"));
        assertEquals(0.0, s.value("prompt.6.weight"));
        assertEquals("", s.value("prompt.6.text"));
        assertEquals(40, s.value(StandardParams.TOP_K));
        assertEquals(false, s.value(StandardParams.MUTE));
        assertEquals(0L, s.value(StandardParams.PLAY));
        assertTrue(registry.require(StandardParams.SEED).spec().requiresReset());
        assertEquals("dB", registry.require(StandardParams.VOLUME_DB).spec().unit());
        assertNull(s.value("no.such"));
        assertEquals("/mrtbox/sampling/top_k", registry.require(StandardParams.TOP_K).spec().oscAddress());
        assertThrows(IllegalArgumentException.class, () -> StandardParams.promptText(7));
    }

    @Test
    void outcomesSayWhatHappened() {
        SetOutcome ok = registry.set("prompt.2.weight", 0.5, OSC);
        assertEquals(new SetOutcome(Status.ACCEPTED, "prompt.2.weight", 0.5, null), ok);
        assertEquals(Status.UNCHANGED, registry.set("prompt.2.weight", 0.5f, OSC).status());

        SetOutcome clamped = registry.set("prompt.2.weight", 3, OSC);
        assertEquals(Status.ADJUSTED, clamped.status());
        assertEquals(1.0, clamped.value());
        assertTrue(clamped.reason().contains("clamped"), clamped.reason());

        SetOutcome refused = registry.set(StandardParams.TEMPERATURE, 9, OSC);
        assertEquals(Status.REJECTED, refused.status());
        assertFalse(refused.ok());
        assertEquals("sampling.temperature out of range [0, 4]: 9", refused.reason());
        assertEquals(1.1, registry.snapshot().value(StandardParams.TEMPERATURE), "a rejected value is not stored");

        SetOutcome unknown = registry.set("prompt.9.weight", 1, OSC);
        assertEquals(Status.UNKNOWN, unknown.status());
        assertEquals("no parameter 'prompt.9.weight'", unknown.reason());

        assertEquals(Status.ACCEPTED, registry.set(StandardParams.MUTE, "on", OSC).status());
        assertEquals(true, registry.snapshot().value(StandardParams.MUTE));
        assertEquals(Status.ACCEPTED, registry.set("prompt.3.text", "dusty tape loops", OSC).status());
        assertEquals("dusty tape loops", registry.snapshot().text(registry.require("prompt.3.text")));
    }

    @Test
    void everyAcceptedChangeBumpsTheVersionOnceAndOthersDoNot() {
        long v0 = registry.snapshot().version();
        registry.set(StandardParams.TOP_K, 50, OSC);
        registry.set(StandardParams.TOP_K, 50, OSC);      // unchanged
        registry.set(StandardParams.TOP_K, 5000, OSC);    // rejected
        registry.set("nope", 1, OSC);                     // unknown
        registry.trigger(StandardParams.PLAY, OSC);
        assertEquals(v0 + 2, registry.snapshot().version());
    }

    @Test
    void snapshotsAreImmutable() {
        ParamSnapshot before = registry.snapshot();
        registry.set(StandardParams.TOP_K, 77, OSC);
        assertEquals(40, before.value(StandardParams.TOP_K));
        assertEquals(77, registry.snapshot().value(StandardParams.TOP_K));
        assertThrows(UnsupportedOperationException.class, () -> before.persistentValues().put("x", 1));
        assertThrows(UnsupportedOperationException.class, () -> before.handles().clear());
    }

    @Test
    void triggersCountPressesAndAreNotPersistent() {
        ParamHandle play = registry.require(StandardParams.PLAY);
        for (int i = 0; i < 3; i++) assertEquals(Status.ACCEPTED, registry.trigger(StandardParams.PLAY, OSC).status());
        assertEquals(Status.ACCEPTED, registry.set(play, 0, OSC).status(), "any value presses a trigger");
        assertEquals(4L, registry.snapshot().triggerCount(play));
        assertEquals(4L, registry.snapshot().value(play));
        SetOutcome notTrigger = registry.trigger(StandardParams.MUTE, OSC);
        assertEquals(Status.REJECTED, notTrigger.status());
        assertEquals(Status.UNKNOWN, registry.trigger("transport.nope", OSC).status());
        assertFalse(registry.snapshot().persistentValues().containsKey(StandardParams.PLAY));
        registry.resetToDefaults(ChangeSource.DEFAULT);
        assertEquals(4L, registry.snapshot().triggerCount(play), "reset keeps trigger counters");
    }

    @Test
    void normalizedWritesMapOntoTheRange() {
        ParamHandle vol = registry.require(StandardParams.VOLUME_DB);
        assertEquals(Status.ACCEPTED, registry.setNormalized(vol, 0.5, OSC).status());
        assertEquals(-27.0, registry.snapshot().number(vol), 1e-12);
        SetOutcome past = registry.setNormalized(vol, 1.2, OSC);
        assertEquals(Status.ADJUSTED, past.status());
        assertEquals(6.0, past.value());
        ParamHandle topK = registry.require(StandardParams.TOP_K);
        registry.setNormalized(topK, 0, OSC);
        assertEquals(1, registry.snapshot().integer(topK));
        assertEquals(Status.REJECTED, registry.setNormalized(vol, Double.NaN, OSC).status());
        assertEquals(Status.REJECTED, registry.setNormalized(registry.require("prompt.1.text"), 0.5, OSC).status());
        assertEquals(Status.REJECTED, registry.setNormalized(registry.require(StandardParams.PLAY), 1, OSC).status());
    }

    @Test
    void listenersSeeEachAcceptedChangeWithItsSourceAndSnapshot() {
        List<ParamChange> seen = new ArrayList<>();
        RegistryListener l = seen::add;
        registry.addListener(l);
        registry.set(StandardParams.GUIDANCE, 2, OSC);
        registry.set(StandardParams.GUIDANCE, 2.0, OSC);  // unchanged: not told
        registry.set(StandardParams.TOP_K, -1, OSC);      // rejected (top_k does not clamp): not told
        registry.trigger(StandardParams.RESET, ChangeSource.INTERNAL);
        assertEquals(2, seen.size());
        ParamChange c = seen.get(0);
        assertEquals(StandardParams.GUIDANCE, c.id());
        assertEquals(5.0, c.oldValue());
        assertEquals(2.0, c.newValue());
        assertSame(OSC, c.source());
        assertEquals(2.0, c.snapshot().value(StandardParams.GUIDANCE));
        assertEquals(1L, seen.get(1).newValue());
        assertEquals("osc:10.0.0.5:9001", c.source().toString());

        registry.removeListener(l);
        registry.set(StandardParams.GUIDANCE, 3, OSC);
        assertEquals(2, seen.size());
    }

    @Test
    void aFailingListenerDoesNotStopTheOthersOrTheWrite() {
        List<String> seen = new ArrayList<>();
        registry.addListener(c -> { throw new IllegalStateException("boom"); });
        registry.addListener(c -> seen.add(c.id()));
        assertEquals(Status.ACCEPTED, registry.set(StandardParams.SEED, 42, OSC).status());
        assertEquals(List.of(StandardParams.SEED), seen);
    }

    @Test
    void registeringAfterStartTellsListenersAndKeepsValues() {
        registry.set(StandardParams.TOP_K, 12, OSC);
        List<String> added = new ArrayList<>();
        registry.addListener(new RegistryListener() {
            @Override public void onChange(ParamChange change) {}
            @Override public void onParamAdded(ParamHandle handle) { added.add(handle.id()); }
        });
        ParamHandle h = registry.register(ParamSpec.builder("midi.notes.enabled", ParamType.BOOL).defaultValue(true).build());
        assertEquals(List.of("midi.notes.enabled"), added);
        assertEquals(true, registry.snapshot().value(h));
        assertEquals(12, registry.snapshot().value(StandardParams.TOP_K));
        assertThrows(IllegalArgumentException.class,
                () -> registry.register(ParamSpec.builder("midi.notes.enabled", ParamType.BOOL).build()));
        assertThrows(IllegalArgumentException.class, () -> registry.require("nothing.here"));
    }

    @Test
    void resetToDefaultsRestoresEveryStoredValue() {
        Map<String, Object> defaults = registry.snapshot().persistentValues();
        registry.set("prompt.4.text", "bells", OSC);
        registry.set(StandardParams.MUTE, true, OSC);
        registry.set(StandardParams.TEMPERATURE, 0.3, OSC);
        registry.resetToDefaults(ChangeSource.DEFAULT);
        assertEquals(defaults, registry.snapshot().persistentValues());
    }
}
