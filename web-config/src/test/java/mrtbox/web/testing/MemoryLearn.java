package mrtbox.web.testing;

import java.util.Optional;
import mrtbox.control.mapping.LearnControl;
import mrtbox.control.mapping.Mapping;
import mrtbox.control.mapping.MappingBook;
import mrtbox.control.mapping.MidiSource;
import mrtbox.control.param.ParamHandle;
import mrtbox.control.param.ParamType;
import mrtbox.control.param.ParameterRegistry;

/** Learn as the MIDI engine does it, minus MIDI: {@link #capture} plays the part of the knob the performer moves. */
public final class MemoryLearn implements LearnControl {
    private final ParameterRegistry registry;
    private final MappingBook book;
    private volatile String armed;

    public MemoryLearn(ParameterRegistry registry, MappingBook book) {
        this.registry = registry;
        this.book = book;
    }

    @Override
    public void arm(String parameterId) {
        ParamHandle h = registry.handle(parameterId);
        if (h == null) throw new IllegalArgumentException("no parameter '" + parameterId + "'");
        if (h.spec().type() == ParamType.TEXT) throw new IllegalArgumentException(parameterId + " is text and cannot be mapped");
        armed = parameterId;
    }

    @Override
    public void cancel() {
        armed = null;
    }

    @Override
    public Optional<String> armed() {
        return Optional.ofNullable(armed);
    }

    @Override
    public int unlearn(String parameterId) {
        return book.removeIf(m -> m.target().equals(parameterId));
    }

    /** A control moved: binds it to the armed parameter. */
    public Mapping capture(MidiSource source) {
        String target = armed;
        if (target == null) throw new IllegalStateException("learn is not armed");
        ParamHandle h = registry.require(target);
        armed = null;
        return book.put(new Mapping("", source, target, h.spec().min(), h.spec().max(), null, null, null, true));
    }
}
