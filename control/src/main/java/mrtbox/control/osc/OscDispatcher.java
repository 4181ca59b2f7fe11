package mrtbox.control.osc;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import mrtbox.control.mapping.LearnControl;
import mrtbox.control.notes.NoteInput;
import mrtbox.control.param.ChangeSource;
import mrtbox.control.param.ParamHandle;
import mrtbox.control.param.ParamSpec;
import mrtbox.control.param.ParamType;
import mrtbox.control.param.ParameterRegistry;
import mrtbox.control.param.SetOutcome;
import mrtbox.control.scene.RecallReport;
import mrtbox.control.scene.Scene;
import mrtbox.control.scene.SceneBook;
import mrtbox.control.status.StatusBoard;

/**
 * Carries out one decoded message: sets parameters (patterns expanded over the parameter addresses), runs the
 * commands, answers gets and subscriptions. Transport-neutral and thread-safe: the receive thread calls it for
 * immediate messages, the scheduler for time-tagged ones.
 */
final class OscDispatcher {
    static final int DEFAULT_VELOCITY = 100;

    private final ParameterRegistry registry;
    private final SceneBook scenes;
    private final NoteInput notes;
    private final LearnControl learn;
    private final StatusBoard status;
    private final Subscriptions subscriptions;
    private final OscTransport transport;
    private final OscWriter writer;
    private final ErrorReporter errors;
    private final OscStats stats;
    private volatile AddressSpace space;

    OscDispatcher(ParameterRegistry registry, SceneBook scenes, NoteInput notes, LearnControl learn, StatusBoard status,
                  Subscriptions subscriptions, OscTransport transport, OscWriter writer, ErrorReporter errors, OscStats stats) {
        this.registry = registry;
        this.scenes = scenes;
        this.notes = notes;
        this.learn = learn;
        this.status = status;
        this.subscriptions = subscriptions;
        this.transport = transport;
        this.writer = writer;
        this.errors = errors;
        this.stats = stats;
        this.space = AddressSpace.of(registry.snapshot());
    }

    /** Rebuilds the address space (a parameter was registered). */
    void refresh() {
        space = AddressSpace.of(registry.snapshot());
    }

    AddressSpace space() {
        return space;
    }

    void handle(OscMessage m, OscPeer sender) {
        OscCommand command = OscCommand.byAddress(m.address());
        if (command != null) {
            command(command, m, sender);
            return;
        }
        List<ParamHandle> targets;
        if (OscPattern.hasWildcards(m.address())) {
            OscPattern pattern;
            try {
                pattern = OscPattern.compile(m.address());
            } catch (IllegalArgumentException e) {
                errors.report(OscErrorKind.BAD_PATTERN, sender, m.address(), false, e.getMessage());
                return;
            }
            targets = space.match(pattern);
        } else {
            ParamHandle h = space.param(m.address());
            targets = h == null ? List.of() : List.of(h);
        }
        if (targets.isEmpty()) {
            errors.report(OscErrorKind.UNKNOWN_ADDRESS, sender, m.address(), false, "no parameter or command at this address");
            return;
        }
        ChangeSource source = ChangeSource.of(ChangeSource.Kind.OSC, sender.name());
        for (ParamHandle h : targets) setParam(h, m, sender, source);
    }

    private void setParam(ParamHandle h, OscMessage m, OscPeer sender, ChangeSource source) {
        ParamSpec spec = h.spec();
        String address = spec.oscAddress();
        List<Object> args = m.args();
        if (spec.type() == ParamType.TRIGGER) {
            if (args.size() > 1) {
                errors.report(OscErrorKind.BAD_ARGUMENTS, sender, address, true, "a trigger takes one argument or none, got " + args.size());
                return;
            }
            // Buttons send 1 on press and 0 on release: the release must not press the trigger a second time.
            if (args.size() == 1 && isRelease(args.get(0))) {
                stats.triggerReleasesIgnored.increment();
                return;
            }
            registry.trigger(spec.id(), source);
            stats.messagesApplied.increment();
            return;
        }
        if (args.size() != 1) {
            errors.report(OscErrorKind.BAD_ARGUMENTS, sender, address, true,
                    "needs exactly one value (one value per address), got " + args.size());
            return;
        }
        Object raw = OscValues.toRaw(args.get(0));
        if (raw == null) {
            errors.report(OscErrorKind.BAD_ARGUMENTS, sender, address, true, "cannot take a " + OscValues.describe(args.get(0)) + " argument");
            return;
        }
        SetOutcome outcome = registry.set(h, raw, source);
        if (!outcome.ok()) {
            errors.report(OscErrorKind.REJECTED_VALUE, sender, address, true, outcome.reason());
            return;
        }
        stats.messagesApplied.increment();
    }

    private static boolean isRelease(Object arg) {
        if (arg instanceof Boolean b) return !b;
        if (arg instanceof Number n) return n.doubleValue() == 0;
        return false;
    }

    private void command(OscCommand c, OscMessage m, OscPeer sender) {
        ChangeSource source = ChangeSource.of(ChangeSource.Kind.OSC, sender.name());
        List<Object> args = m.args();
        String address = c.address();
        try {
            boolean ok = switch (c) {
                case NOTE_ON -> noteOn(args, sender, source);
                case NOTE_OFF -> noteOff(args, sender, source);
                case SCENE_RECALL -> sceneRecall(args, sender);
                case SCENE_SAVE -> sceneSave(args, sender);
                case LEARN -> learn(args, sender);
                case GET -> get(args, sender);
                case SUBSCRIBE -> subscribe(args, sender, true);
                case UNSUBSCRIBE -> subscribe(args, sender, false);
            };
            if (ok) stats.messagesApplied.increment();
        } catch (IllegalArgumentException | IllegalStateException e) {
            errors.report(OscErrorKind.COMMAND_FAILED, sender, address, true, e.getMessage());
        }
    }

    private boolean badArgs(OscCommand c, OscPeer sender, String why) {
        errors.report(OscErrorKind.BAD_ARGUMENTS, sender, c.address(), true, why + "; expected " + c.arguments());
        return false;
    }

    private boolean noteOn(List<Object> args, OscPeer sender, ChangeSource source) {
        if (args.isEmpty() || args.size() > 2) return badArgs(OscCommand.NOTE_ON, sender, args.size() + " arguments");
        Integer note = midiValue(args.get(0));
        Integer velocity = args.size() == 2 ? midiValue(args.get(1)) : Integer.valueOf(DEFAULT_VELOCITY);
        if (note == null || velocity == null) return badArgs(OscCommand.NOTE_ON, sender, "note and velocity must be whole numbers 0..127");
        if (notes == null) throw new IllegalStateException("note input is not available in this configuration");
        notes.noteOn(note, velocity, source);
        return true;
    }

    private boolean noteOff(List<Object> args, OscPeer sender, ChangeSource source) {
        Integer note = args.size() == 1 ? midiValue(args.get(0)) : null;
        if (note == null) return badArgs(OscCommand.NOTE_OFF, sender, "needs one whole number 0..127");
        if (notes == null) throw new IllegalStateException("note input is not available in this configuration");
        notes.noteOff(note, source);
        return true;
    }

    private static Integer midiValue(Object arg) {
        Integer v = OscValues.integral(arg);
        return v != null && v >= 0 && v <= 127 ? v : null;
    }

    private boolean sceneRecall(List<Object> args, OscPeer sender) {
        if (args.size() != 1) return badArgs(OscCommand.SCENE_RECALL, sender, args.size() + " arguments");
        if (scenes == null) throw new IllegalStateException("scenes are not available in this configuration");
        Object a = args.get(0);
        String name;
        if (a instanceof String s) {
            name = s;
        } else {
            Integer index = OscValues.integral(a);
            if (index == null) return badArgs(OscCommand.SCENE_RECALL, sender, "got " + OscValues.describe(a));
            Optional<Scene> scene = scenes.byIndex(index);
            if (scene.isEmpty()) throw new IllegalArgumentException("no scene at index " + index + " (" + scenes.list().size() + " scenes)");
            name = scene.get().name();
        }
        RecallReport report = scenes.recall(name);
        if (!report.clean()) {
            errors.report(OscErrorKind.COMMAND_FAILED, sender, OscCommand.SCENE_RECALL.address(), true,
                    "scene '" + report.scene() + "' recalled, but: " + String.join("; ", report.problems()));
        }
        return true;
    }

    private boolean sceneSave(List<Object> args, OscPeer sender) {
        if (args.size() != 1 || !(args.get(0) instanceof String name)) return badArgs(OscCommand.SCENE_SAVE, sender, "needs one string");
        if (scenes == null) throw new IllegalStateException("scenes are not available in this configuration");
        scenes.save(name);
        return true;
    }

    private boolean learn(List<Object> args, OscPeer sender) {
        if (args.size() != 1 || !(args.get(0) instanceof String target)) return badArgs(OscCommand.LEARN, sender, "needs one string");
        if (learn == null) throw new IllegalStateException("MIDI learn is not available (no MIDI input configured)");
        String id = target;
        if (target.startsWith(ParamSpec.OSC_ROOT + "/")) {
            ParamHandle h = space.param(target);
            if (h == null) throw new IllegalArgumentException("no parameter at " + target);
            id = h.id();
        }
        learn.arm(id);
        return true;
    }

    private boolean get(List<Object> args, OscPeer sender) {
        if (args.size() > 1 || (args.size() == 1 && !(args.get(0) instanceof String))) {
            return badArgs(OscCommand.GET, sender, "needs one string or none");
        }
        List<byte[]> replies;
        if (args.isEmpty()) {
            replies = everything();
        } else {
            OscPattern pattern;
            try {
                pattern = OscPattern.compile((String) args.get(0));
            } catch (IllegalArgumentException e) {
                errors.report(OscErrorKind.BAD_PATTERN, sender, OscCommand.GET.address(), true, e.getMessage());
                return false;
            }
            replies = matching(pattern);
            if (replies.isEmpty()) {
                errors.report(OscErrorKind.UNKNOWN_ADDRESS, sender, OscCommand.GET.address(), true, "nothing matches " + pattern.text());
                return false;
            }
        }
        for (byte[] r : replies) reply(sender, r);
        return true;
    }

    /** Every parameter value and the status stream: what a new subscriber or a bare get receives. */
    List<byte[]> everything() {
        List<byte[]> out = new ArrayList<>();
        var snap = registry.snapshot();
        for (ParamHandle h : space.params().values()) {
            if (h.spec().type() == ParamType.TRIGGER) continue; // an event has no state to report
            out.add(writer.encode(h.spec().oscAddress(), OscValues.udpArgs(h.spec(), snap.value(h))));
        }
        for (StatusMessages.Entry e : StatusMessages.of(status.current())) out.add(writer.encode(e.address(), e.args()));
        return out;
    }

    private List<byte[]> matching(OscPattern pattern) {
        List<byte[]> out = new ArrayList<>();
        var snap = registry.snapshot();
        for (ParamHandle h : space.match(pattern)) {
            out.add(writer.encode(h.spec().oscAddress(), OscValues.udpArgs(h.spec(), snap.value(h))));
        }
        for (StatusMessages.Entry e : StatusMessages.of(status.current())) {
            if (pattern.matches(e.address())) out.add(writer.encode(e.address(), e.args()));
        }
        return out;
    }

    private boolean subscribe(List<Object> args, OscPeer sender, boolean on) {
        OscCommand c = on ? OscCommand.SUBSCRIBE : OscCommand.UNSUBSCRIBE;
        if (args.size() > 1) return badArgs(c, sender, args.size() + " arguments");
        if (!sender.udp()) throw new IllegalStateException("subscriptions are for UDP clients; on the OSCQuery WebSocket use LISTEN");
        int port = sender.address().getPort();
        if (args.size() == 1) {
            Integer p = OscValues.integral(args.get(0));
            if (p == null || p < 1 || p > 65535) return badArgs(c, sender, "port must be 1..65535");
            port = p;
        }
        InetSocketAddress target = new InetSocketAddress(sender.address().getAddress(), port);
        if (!on) {
            if (!subscriptions.unsubscribe(target)) throw new IllegalArgumentException(OscPeer.name(target) + " was not subscribed");
            return true;
        }
        if (!subscriptions.subscribe(target, sender.address(), System.nanoTime())) {
            throw new IllegalStateException("too many subscribers; try again when one expires");
        }
        int ttlSeconds = (int) Math.max(1, subscriptions.ttlNanos() / 1_000_000_000L);
        send(target, writer.encode(AddressSpace.SUBSCRIBED_ADDRESS, List.of(ttlSeconds)));
        for (byte[] r : everything()) send(target, r);
        return true;
    }

    private void send(InetSocketAddress to, byte[] packet) {
        try {
            transport.send(to, packet);
        } catch (RuntimeException e) {
            errors.report(OscErrorKind.SEND_FAILED, null, "", false, "to " + OscPeer.name(to) + ": " + e.getMessage());
        }
    }

    private void reply(OscPeer to, byte[] packet) {
        try {
            to.reply(packet);
        } catch (RuntimeException e) {
            errors.report(OscErrorKind.SEND_FAILED, null, "", false, "to " + to + ": " + e.getMessage());
        }
    }
}
