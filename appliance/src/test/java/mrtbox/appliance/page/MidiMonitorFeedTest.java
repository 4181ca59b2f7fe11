package mrtbox.appliance.page;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import mrtbox.control.midi.MonitorEntry;
import mrtbox.web.MidiMonitorAccess.MidiEvent;
import org.junit.jupiter.api.Test;

/** The monitor's recorded bytes become the page's MIDI events; system messages and notes to self are left out. */
class MidiMonitorFeedTest {
    private static MidiEvent decode(String bytes) {
        return MidiMonitorFeed.decode(new MonitorEntry(1, 1000, "nanoKONTROL2", bytes, "..."));
    }

    @Test
    void channelMessagesAreDecoded() {
        assertEquals(new MidiEvent(1000, "nanoKONTROL2", "CC", 1, 7, 100), decode("B0 07 64"));
        assertEquals(new MidiEvent(1000, "nanoKONTROL2", "NOTE_ON", 10, 36, 127), decode("99 24 7F"));
        assertEquals(new MidiEvent(1000, "nanoKONTROL2", "NOTE_OFF", 1, 60, 0), decode("90 3C 00"));
        assertEquals(new MidiEvent(1000, "nanoKONTROL2", "PROGRAM_CHANGE", 2, 0, 5), decode("C1 05"));
        assertEquals(new MidiEvent(1000, "nanoKONTROL2", "PITCH_BEND", 1, 0, 8192), decode("E0 00 40"));
    }

    @Test
    void otherEntriesAreSkipped() {
        assertNull(decode(""));          // an assembled 14-bit value or a panic note
        assertNull(decode("F8"));        // clock
        assertNull(decode("F0 7E 7F 06 01 F7"));
    }
}
