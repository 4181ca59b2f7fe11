package mrtbox.control.midi;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.Receiver;
import javax.sound.midi.ShortMessage;
import mrtbox.control.mapping.Mapping;
import mrtbox.control.mapping.Transfer;
import mrtbox.control.param.ParamSnapshot;
import mrtbox.control.param.ParamType;
import mrtbox.control.param.ParameterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends parameter values back to controllers (LED rings, button lights, motor faders), for mappings with feedback
 * on. Changes are marked dirty and flushed at most once per feedback period with the value current at flush time,
 * so a burst of changes costs one message per control. Unchanged values are not resent (except after a scene recall
 * or a reconnect, which refresh everything). A hand-held control (absolute, momentary) never gets back the value it
 * just sent; toggles and relative encoders do, as they show state they cannot know. Dispatcher thread only, except
 * {@link #outputs()} which the device watcher fills.
 */
final class FeedbackSender {
    private static final Logger log = LoggerFactory.getLogger(FeedbackSender.class);

    private record Dirty(String excludedOutput, boolean force) {
        Dirty merge(Dirty other) {
            String ex = Objects.equals(excludedOutput, other.excludedOutput) ? excludedOutput : null;
            return new Dirty(ex, force || other.force);
        }
    }

    private final ParameterRegistry registry;
    private final Map<String, Receiver> outputs = new ConcurrentHashMap<>();
    private final Map<Binding, Dirty> dirty = new HashMap<>();
    private long sent;
    private long errors;
    /** Set by any thread (scene recall, new output): everything is marked on the dispatcher's next pass. */
    private volatile boolean refreshRequested;

    FeedbackSender(ParameterRegistry registry) {
        this.registry = registry;
    }

    /** Open output ports by name (the same name as the controller's input port). */
    Map<String, Receiver> outputs() {
        return outputs;
    }

    /** A parameter changed; {@code by} (may be null) is the binding whose control changed it, from {@code device}. */
    void markTarget(MappingEngine engine, String targetId, Binding by, String device) {
        for (Binding b : engine.bindingsFor(targetId)) {
            if (!b.mapping.feedback()) continue;
            boolean sameControl = by != null && (b == by || b.mapping.source().equals(by.mapping.source()));
            String exclude = sameControl && by.handHeld() ? device : null;
            dirty.merge(b, new Dirty(exclude, false), Dirty::merge);
        }
    }

    /** Everything mapped with feedback is sent on the next flush, changed or not. */
    void markAll(MappingEngine engine) {
        markAll(engine.all());
    }

    void markAll(Iterable<Binding> bindings) {
        for (Binding b : bindings) {
            if (b.mapping.feedback()) dirty.merge(b, new Dirty(null, true), Dirty::merge);
        }
    }

    /** Asks for everything mapped to be sent again (any thread); {@link #takeRefresh} sees it. */
    void requestRefresh() {
        refreshRequested = true;
    }

    /** Whether a refresh was asked for since the last call (dispatcher thread). */
    boolean takeRefresh() {
        if (!refreshRequested) return false;
        refreshRequested = false;
        return true;
    }

    boolean hasDirty() {
        return !dirty.isEmpty();
    }

    long sent() {
        return sent;
    }

    long errors() {
        return errors;
    }

    void flush(long nanos) {
        if (dirty.isEmpty()) return;
        ParamSnapshot snap = registry.snapshot();
        for (Iterator<Map.Entry<Binding, Dirty>> it = dirty.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Binding, Dirty> e = it.next();
            it.remove();
            Binding b = e.getKey();
            if (b.target == null || b.target.spec().type() == ParamType.TEXT || b.target.spec().type() == ParamType.TRIGGER) continue;
            int raw = raw(b.mapping, snap.number(b.target));
            for (Map.Entry<String, Receiver> out : outputs.entrySet()) {
                String name = out.getKey();
                if (name.equals(e.getValue().excludedOutput()) || !b.feedsBackTo(name)) continue;
                Binding.Sent last = b.sent.get(name);
                if (!e.getValue().force() && last != null && last.raw() == raw) continue;
                if (send(out.getValue(), name, b, raw)) b.sent.put(name, new Binding.Sent(raw, nanos));
            }
        }
    }

    /** The raw control value that shows {@code value}: inverse curve and range; on/off for buttons. */
    static int raw(Mapping m, double value) {
        int max = m.source().maxRaw();
        if (m.mode() == Mapping.Mode.TOGGLE || m.mode() == Mapping.Mode.MOMENTARY) {
            return MappingEngine.nearer(value, m.max(), m.min()) || value == m.max() ? max : 0;
        }
        return (int) Math.round(Transfer.travel(m, value) * max);
    }

    private boolean send(Receiver r, String name, Binding b, int raw) {
        var src = b.mapping.source();
        int ch = (src.channel() != 0 ? src.channel() : b.lastChannel) - 1;
        int n = src.number();
        try {
            switch (src.type()) {
                case CC -> cc(r, ch, n, raw);
                case CC14 -> {
                    cc(r, ch, n, raw >> 7);
                    cc(r, ch, n + 32, raw & 0x7F);
                }
                case NRPN -> {
                    cc(r, ch, 99, n >> 7);
                    cc(r, ch, 98, n & 0x7F);
                    cc(r, ch, 6, raw >> 7);
                    cc(r, ch, 38, raw & 0x7F);
                }
                case PITCH_BEND -> r.send(new ShortMessage(ShortMessage.PITCH_BEND, ch, raw & 0x7F, raw >> 7), -1);
                case NOTE -> r.send(new ShortMessage(ShortMessage.NOTE_ON, ch, n, raw >= 64 ? 127 : 0), -1);
                case PROGRAM_CHANGE, CHANNEL_PRESSURE -> { return false; } // nothing on a controller shows these
            }
            sent++;
            return true;
        } catch (InvalidMidiDataException | RuntimeException ex) {
            // a controller pulled between two polls: the watcher closes it; count and carry on
            if (errors++ == 0) log.warn("MIDI feedback to '{}' failed: {}", name, ex.toString());
            return false;
        }
    }

    private static void cc(Receiver r, int ch, int cc, int v) throws InvalidMidiDataException {
        r.send(new ShortMessage(ShortMessage.CONTROL_CHANGE, ch, cc, v), -1);
    }
}
