package mrtbox.appliance.page;

import java.util.HexFormat;
import java.util.function.Consumer;
import mrtbox.control.midi.MidiMonitor;
import mrtbox.control.midi.MonitorEntry;
import mrtbox.web.MidiMonitorAccess;

/** The page's live MIDI monitor: each channel message the MIDI service records, decoded from its bytes. */
public final class MidiMonitorFeed implements MidiMonitorAccess {
    private final MidiMonitor monitor;

    public MidiMonitorFeed(MidiMonitor monitor) {
        this.monitor = monitor;
    }

    @Override
    public AutoCloseable subscribe(Consumer<MidiEvent> listener) {
        Consumer<MonitorEntry> l = e -> {
            MidiEvent event = decode(e);
            if (event != null) listener.accept(event);
        };
        monitor.addListener(l);
        return () -> monitor.removeListener(l);
    }

    /** A channel message as the page shows it; null for system messages, SysEx and the monitor's own notes. */
    static MidiEvent decode(MonitorEntry e) {
        String hex = e.bytes().replace(" ", "");
        if (hex.length() < 4 || hex.length() > 6 || !hex.matches("[0-9A-Fa-f]+")) return null;
        byte[] b = HexFormat.of().parseHex(hex);
        int status = b[0] & 0xFF;
        if (status < 0x80 || status >= 0xF0) return null;
        int d1 = b[1] & 0x7F;
        int d2 = b.length > 2 ? b[2] & 0x7F : 0;
        int ch = (status & 0x0F) + 1;
        return switch (status & 0xF0) {
            case 0x80 -> new MidiEvent(e.epochMillis(), e.device(), "NOTE_OFF", ch, d1, d2);
            case 0x90 -> new MidiEvent(e.epochMillis(), e.device(), d2 == 0 ? "NOTE_OFF" : "NOTE_ON", ch, d1, d2);
            case 0xA0 -> new MidiEvent(e.epochMillis(), e.device(), "POLY_PRESSURE", ch, d1, d2);
            case 0xB0 -> new MidiEvent(e.epochMillis(), e.device(), "CC", ch, d1, d2);
            case 0xC0 -> new MidiEvent(e.epochMillis(), e.device(), "PROGRAM_CHANGE", ch, 0, d1);
            case 0xD0 -> new MidiEvent(e.epochMillis(), e.device(), "CHANNEL_PRESSURE", ch, 0, d1);
            default -> new MidiEvent(e.epochMillis(), e.device(), "PITCH_BEND", ch, 0, d1 | (d2 << 7));
        };
    }
}
