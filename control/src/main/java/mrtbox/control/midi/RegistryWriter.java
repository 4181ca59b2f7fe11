package mrtbox.control.midi;

import mrtbox.control.param.ChangeSource;
import mrtbox.control.param.ParameterRegistry;
import mrtbox.control.param.SetOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end of the MIDI pipeline: writes the coalesced {@link PendingWrites} to the registry (once per tick, and
 * before a program change recalls a scene) and marks what changed for feedback. Dispatcher thread only.
 */
final class RegistryWriter {
    private static final Logger log = LoggerFactory.getLogger(RegistryWriter.class);

    private final ParameterRegistry registry;
    private final PendingWrites pending;
    private final MappingEngine engine;
    private final FeedbackSender feedback;
    private final MidiCounters counters;

    RegistryWriter(ParameterRegistry registry, PendingWrites pending, MappingEngine engine, FeedbackSender feedback, MidiCounters counters) {
        this.registry = registry;
        this.pending = pending;
        this.engine = engine;
        this.feedback = feedback;
        this.counters = counters;
    }

    boolean idle() {
        return pending.isEmpty();
    }

    /** Writes every waiting value, oldest parameter first. */
    void apply() {
        for (PendingWrites.Write w : pending.drain()) {
            SetOutcome o = registry.set(w.target(), w.value(), ChangeSource.of(ChangeSource.Kind.MIDI, w.device()));
            if (o.status() == SetOutcome.Status.ACCEPTED || o.status() == SetOutcome.Status.ADJUSTED) {
                counters.applied++;
                feedback.markTarget(engine, w.target().id(), w.by(), w.device());
            } else if (!o.ok()) {
                log.debug("MIDI write to {} refused: {}", w.target().id(), o.reason());
            }
        }
    }
}
