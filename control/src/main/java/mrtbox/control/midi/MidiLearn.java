package mrtbox.control.midi;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import mrtbox.control.mapping.LearnControl;
import mrtbox.control.mapping.Mapping;
import mrtbox.control.mapping.MappingBook;
import mrtbox.control.mapping.MidiSource;
import mrtbox.control.mapping.MidiSource.MessageType;
import mrtbox.control.param.ParamHandle;
import mrtbox.control.param.ParamSpec;
import mrtbox.control.param.ParamType;
import mrtbox.control.param.ParameterRegistry;

/**
 * MIDI learn: a frontend arms a parameter, the next control moved becomes its mapping. Learn looks at assembled
 * events, so a 14-bit knob (CC n + CC n+32) is learned as CC14 n and an NRPN encoder as NRPN p, never as its first
 * byte: the bytes of a pair or NRPN sequence are skipped and the assembled value (or the half pair once the pair
 * timeout has passed, for a plain 7-bit CC 0..31) decides. The new mapping replaces any mapping of the same control,
 * for the controller's name without its ALSA card number and on the channel it came from, with the target's full
 * range, pickup takeover and feedback on; notes learned for on/off parameters toggle, for triggers they press.
 */
public final class MidiLearn implements LearnControl {
    private final ParameterRegistry registry;
    private final MappingBook book;
    private final AtomicReference<String> armed = new AtomicReference<>();
    private final List<Consumer<Mapping>> listeners = new CopyOnWriteArrayList<>();

    MidiLearn(ParameterRegistry registry, MappingBook book) {
        this.registry = registry;
        this.book = book;
    }

    @Override
    public void arm(String parameterId) {
        ParamHandle h = registry.handle(parameterId);
        if (h == null) throw new IllegalArgumentException("no parameter '" + parameterId + "' to learn");
        if (h.spec().type() == ParamType.TEXT) {
            throw new IllegalArgumentException("'" + parameterId + "' holds text; a MIDI control cannot set it");
        }
        armed.set(parameterId);
    }

    @Override
    public void cancel() {
        armed.set(null);
    }

    @Override
    public Optional<String> armed() {
        return Optional.ofNullable(armed.get());
    }

    @Override
    public int unlearn(String parameterId) {
        return book.removeIf(m -> m.target().equals(parameterId));
    }

    /** Told about each mapping learn creates (on the MIDI dispatcher thread; be quick). */
    public void addListener(Consumer<Mapping> l) {
        listeners.add(l);
    }

    /** Dispatcher: offers an event; returns true when learn is armed and the event belongs to it. */
    boolean offer(ControlEvent e, String port) {
        String target = armed.get();
        if (target == null) return false;
        if (e.compoundPart()) return true;                     // wait for the assembled pair / NRPN value
        if (e.type() == MessageType.NOTE && !e.pressed()) return true;
        ParamHandle h = registry.handle(target);
        if (h == null) {
            armed.compareAndSet(target, null);
            return false;
        }
        MessageType type = e.type() == MessageType.CC14 && e.maxRaw() <= 127 ? MessageType.CC : e.type();
        int number = switch (type) {
            case CC, CC14, NRPN, NOTE -> e.number();
            default -> 0;
        };
        MidiSource source = new MidiSource(MidiPort.stableName(port), e.channel(), type, number);
        ParamSpec spec = h.spec();
        double min = spec.hasRange() ? spec.min() : 0;
        double max = spec.hasRange() ? spec.max() : 1;
        Mapping.Mode mode = Mapping.Mode.ABSOLUTE;
        if (type == MessageType.NOTE && spec.type() == ParamType.BOOL) mode = Mapping.Mode.TOGGLE;
        if (type == MessageType.NOTE && spec.type() == ParamType.TRIGGER) mode = Mapping.Mode.MOMENTARY;
        Mapping m = new Mapping("", source, target, min, max, Mapping.Curve.LINEAR, mode, Mapping.Takeover.PICKUP, true);
        if (!armed.compareAndSet(target, null)) return true;  // cancelled or re-armed meanwhile
        book.removeIf(old -> old.source().equals(source));
        Mapping stored = book.put(m);
        for (Consumer<Mapping> l : listeners) l.accept(stored);
        return true;
    }
}
