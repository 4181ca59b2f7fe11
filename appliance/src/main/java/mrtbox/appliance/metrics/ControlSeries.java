package mrtbox.appliance.metrics;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import mrtbox.control.midi.MidiStats;
import mrtbox.control.osc.OscErrorKind;
import mrtbox.control.osc.OscStats;
import mrtbox.web.auth.LoginFailures;

/**
 * What reached the box from outside: OSC packets and messages (applied, rejected per cause), MIDI messages (taken,
 * dropped when the queue was full), bytes of MIDI that fit nowhere, and failed web logins per cause. The frontends
 * count with lock-free counters; a scrape only reads them.
 */
final class ControlSeries implements MultiCollector {
    private final Labels box;
    private final Supplier<Optional<OscStats>> osc;
    private final Supplier<MidiStats> midi;
    private final LoginFailures logins;

    /** @param osc the running OSC service's counters (empty while it restarts on a new port) */
    ControlSeries(Labels box, Supplier<Optional<OscStats>> osc, Supplier<MidiStats> midi, LoginFailures logins) {
        this.box = box;
        this.osc = osc;
        this.midi = midi;
        this.logins = logins;
    }

    @Override
    public MetricSnapshots collect() {
        Families f = new Families(box);
        osc.get().ifPresent(o -> {
            f.counter("mrtbox_osc_packets_received_total", "OSC packets received (since the OSC service started)", o.packets())
                    .counter("mrtbox_osc_messages_applied_total", "OSC messages applied to a parameter or command", o.messagesApplied());
            Families.Points<?> rejected = f.counters("mrtbox_osc_rejected_total", "OSC packets or messages not applied, by cause");
            for (OscErrorKind k : OscErrorKind.values()) rejected.point(o.errors(k), "cause", k.name().toLowerCase(Locale.ROOT));
            rejected.done();
        });
        MidiStats m = midi.get();
        f.counter("mrtbox_midi_messages_received_total", "MIDI messages taken from the controllers", m.messages())
                .counters("mrtbox_midi_rejected_total", "MIDI messages not applied, by cause")
                .point(m.dropped(), "cause", "queue_full")
                .point(m.sysex(), "cause", "sysex_ignored")
                .done()
                .counter("mrtbox_midi_unknown_bytes_total", "MIDI bytes that fit no message (stray data, undefined status)", m.unknownBytes())
                .gauge("mrtbox_midi_inputs_connected", "MIDI inputs connected now", m.inputsOpen());
        Families.Points<?> failed = f.counters("mrtbox_web_login_failures_total", "failed logins on the web page, by cause");
        for (LoginFailures.Cause c : LoginFailures.Cause.values()) failed.point(logins.count(c), "cause", c.label());
        return failed.done().build();
    }
}
