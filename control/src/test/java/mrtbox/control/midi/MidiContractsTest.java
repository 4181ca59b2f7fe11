package mrtbox.control.midi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import mrtbox.control.mapping.Mapping;
import mrtbox.control.mapping.MidiSource;
import org.junit.jupiter.api.Test;

/** What other parts of the box rely on: JSON round trips, settings checks, the JDK device listing. */
class MidiContractsTest {
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void mappingsAndSettingsRoundTripThroughJson() throws Exception {
        List<Mapping> ms = List.of(
                new Mapping("m1", new MidiSource("nanoKONTROL2", 1, MidiSource.MessageType.CC14, 1), "prompt.1.weight",
                        1, 0, Mapping.Curve.LOGARITHMIC, Mapping.Mode.ABSOLUTE, Mapping.Takeover.SCALE, true),
                new Mapping("m2", new MidiSource("", 0, MidiSource.MessageType.NRPN, 16383), "output.mute",
                        0, 1, Mapping.Curve.LINEAR, Mapping.Mode.RELATIVE_SIGN_MAGNITUDE, Mapping.Takeover.PICKUP, false));
        String text = json.writeValueAsString(ms);
        assertEquals(ms, json.readValue(text, new TypeReference<List<Mapping>>() {}));
        MidiSettings s = MidiSettings.builder().includeDevices(List.of("nano")).sceneChannel(16)
                .panic(new MidiSource("", 10, MidiSource.MessageType.NOTE, 0)).build();
        assertEquals(s, json.readValue(json.writeValueAsString(s), MidiSettings.class));
    }

    @Test
    void settingsRejectNonsenseWithTheFieldName() {
        var e = assertThrows(IllegalArgumentException.class, () -> MidiSettings.builder().sceneChannel(17).build());
        assertTrue(e.getMessage().contains("sceneChannel"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> MidiSettings.builder().tickMillis(0).build());
        assertTrue(e.getMessage().contains("tickMillis"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> MidiSettings.builder().panic(new MidiSource("", 0, MidiSource.MessageType.PITCH_BEND, 0)).build());
        assertTrue(e.getMessage().contains("panic"), e.getMessage());
        MidiSettings f = MidiSettings.builder().includeDevices(List.of("Launch")).excludeDevices(List.of("through")).build();
        assertTrue(f.accepts("Launchkey Mini [hw:2,0,0]"));
        assertFalse(f.accepts("nanoKONTROL2 [hw:1,0,0]"));
        assertFalse(f.accepts("Launch Through"));
    }

    @Test
    void stableNamesDropTheAlsaCardNumber() {
        assertEquals("nanoKONTROL2", MidiPort.stableName("nanoKONTROL2 [hw:1,0,0]"));
        assertEquals("Plain Name", MidiPort.stableName("Plain Name"));
    }

    @Test
    void theJdkListingLeavesOutItsOwnSequencerAndSynthesizer() {
        List<MidiPort> ports = MidiService.availablePorts();
        for (MidiPort p : ports) {
            assertFalse(p.name().contains("Real Time Sequencer") || p.name().contains("Gervill"), p.toString());
        }
    }
}
