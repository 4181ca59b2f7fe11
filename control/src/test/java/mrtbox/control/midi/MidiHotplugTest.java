package mrtbox.control.midi;

import static mrtbox.control.mapping.MidiSource.MessageType.CC;
import static mrtbox.control.mapping.MidiSource.MessageType.CC14;
import static mrtbox.control.midi.MidiRig.cc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import mrtbox.control.mapping.Mapping.Curve;
import mrtbox.control.mapping.Mapping.Mode;
import mrtbox.control.mapping.Mapping.Takeover;
import mrtbox.control.mapping.MidiSource;
import mrtbox.control.param.StandardParams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Controllers appearing, vanishing mid-gesture and coming back, simulated at the provider boundary. */
class MidiHotplugTest {
    private static final String W1 = StandardParams.promptWeight(1);
    private final MidiRig rig = new MidiRig(b -> b.excludeDevices(List.of("Midi Through")));

    @AfterEach
    void close() {
        rig.close();
    }

    @Test
    void everyInputIsOpenedExceptExcludedOnes() throws Exception {
        rig.provider.plug("nanoKONTROL2 [hw:1,0,0]", false);
        rig.provider.plug("Launchkey Mini [hw:2,0,0]", true);
        rig.provider.plug("Midi Through Port-0", true);
        rig.service.pollDevices();
        assertEquals(Set.of("nanoKONTROL2 [hw:1,0,0]", "Launchkey Mini [hw:2,0,0]"), rig.service.connectedInputs());
        assertEquals(Set.of("Launchkey Mini [hw:2,0,0]"), rig.service.connectedOutputs());
    }

    @Test
    void includeListOpensOnlyNamedDevices() throws Exception {
        try (MidiRig only = new MidiRig(b -> b.includeDevices(List.of("launchkey")))) {
            only.provider.plug("nanoKONTROL2 [hw:1,0,0]", false);
            only.provider.plug("Launchkey Mini [hw:2,0,0]", false);
            only.service.pollDevices();
            assertEquals(Set.of("Launchkey Mini [hw:2,0,0]"), only.service.connectedInputs());
        }
    }

    @Test
    void aControllerPulledMidGestureAndPluggedBackWorksAgain() throws Exception {
        rig.map(new MidiSource("Faderfox", 1, CC, 7), W1, 0, 1, Curve.LINEAR, Mode.ABSOLUTE, Takeover.JUMP, true);
        rig.map(new MidiSource("Faderfox", 1, CC14, 2), StandardParams.TEMPERATURE, 0, 4, Curve.LINEAR, Mode.ABSOLUTE, Takeover.JUMP, false);
        var dev = rig.provider.plug("Faderfox EC4 [hw:1,0,0]", true);
        rig.service.pollDevices();
        dev.send(cc(1, 7, 20));
        rig.settle();
        assertEquals(20 / 127.0, rig.number(W1), 1e-12);

        dev.send(cc(1, 2, 100));              // first half of a 14-bit move...
        rig.provider.pull("Faderfox EC4 [hw:1,0,0]");
        dev.send(cc(1, 34, 5));               // ...the second half never arrives
        rig.service.pollDevices();
        assertEquals(Set.of(), rig.service.connectedInputs());
        assertEquals(Set.of(), rig.service.connectedOutputs());
        rig.registry.set(W1, 0.7, MidiRig.OSC); // feedback with no controller: nothing to send, nothing breaks
        rig.settle();
        assertEquals(4.0 * 100 / 127, rig.number(StandardParams.TEMPERATURE), 1e-12, "the half pair stood at 7-bit resolution");

        // it comes back on another card number (the JDK list only changes when the count does; we match by name)
        var back = rig.provider.plug("Faderfox EC4 [hw:3,0,0]", true);
        rig.service.pollDevices();
        assertEquals(Set.of("Faderfox EC4 [hw:3,0,0]"), rig.service.connectedInputs());
        rig.settle();
        assertEquals(List.of(89), back.output.cc(1, 7), "the returning controller is brought up to date");
        back.send(cc(1, 7, 95)); // (within a step of the 89 just sent would count as the controller's echo)
        back.send(cc(1, 2, 64));
        back.send(cc(1, 34, 0));
        rig.settle();
        assertEquals(95 / 127.0, rig.number(W1), 1e-12);
        assertEquals(4.0 * 8192 / 16383, rig.number(StandardParams.TEMPERATURE), 1e-12);
    }

    @Test
    void theSameNameReturningIsReopened() throws Exception {
        rig.map(new MidiSource("", 0, CC, 7), W1, 0, 1, Curve.LINEAR, Mode.ABSOLUTE, Takeover.JUMP, false);
        var dev = rig.provider.plug("USB MIDI Interface [hw:1,0,0]", false);
        rig.service.pollDevices();
        rig.provider.pull(dev.name);
        rig.service.pollDevices();
        var again = rig.provider.plug(dev.name, false);
        rig.service.pollDevices();
        again.send(cc(5, 7, 127));
        rig.settle();
        assertEquals(1.0, rig.number(W1), 0);
        assertEquals(1, again.opens);
    }

    @Test
    void aPortThatFailsToOpenIsRetriedAndAFailingListingIsSurvived() throws Exception {
        var dev = rig.provider.plug("Busy Keys [hw:1,0,0]", false);
        dev.failOpen = true;
        rig.service.pollDevices();
        assertEquals(Set.of(), rig.service.connectedInputs());
        rig.provider.listingFails = true;
        rig.service.pollDevices();
        rig.provider.listingFails = false;
        dev.failOpen = false;
        rig.service.pollDevices();
        assertEquals(Set.of("Busy Keys [hw:1,0,0]"), rig.service.connectedInputs());
    }

    @Test
    void thePollerRunsByItself() throws Exception {
        try (MidiRig polled = new MidiRig(b -> b.pollMillis(20))) {
            polled.provider.plug("Auto [hw:1,0,0]", false);
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (polled.service.connectedInputs().isEmpty() && System.nanoTime() < deadline) Thread.sleep(10);
            assertEquals(Set.of("Auto [hw:1,0,0]"), polled.service.connectedInputs());
            polled.provider.pull("Auto [hw:1,0,0]");
            while (!polled.service.connectedInputs().isEmpty() && System.nanoTime() < deadline) Thread.sleep(10);
            assertTrue(polled.service.connectedInputs().isEmpty());
        }
    }
}
