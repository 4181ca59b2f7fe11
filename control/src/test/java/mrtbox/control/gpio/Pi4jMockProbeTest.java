package mrtbox.control.gpio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.platform.MockPlatform;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class Pi4jMockProbeTest {
    @Test
    void mockInputDispatchesStateChanges() {
        Context pi4j = Pi4J.newContextBuilder()
                .add(new MockPlatform())
                .add(MockDigitalInputProvider.newInstance(), MockDigitalOutputProvider.newInstance())
                .build();
        try {
            DigitalInput in = pi4j.create(DigitalInput.newConfigBuilder(pi4j).id("probe").address(17));
            List<DigitalState> seen = new ArrayList<>();
            in.addListener(e -> seen.add(e.state()));
            ((MockDigitalInput) in).mockState(DigitalState.HIGH).mockState(DigitalState.LOW);
            assertEquals(List.of(DigitalState.HIGH, DigitalState.LOW), seen);
        } finally {
            pi4j.shutdown();
        }
    }
}
