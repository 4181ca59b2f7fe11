package mrtbox.appliance.instrument;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import mrtbox.control.param.ParameterRegistry;
import mrtbox.control.param.StandardParams;
import org.junit.jupiter.api.Test;

class EventScriptTest {
    private final ParameterRegistry registry = new ParameterRegistry();

    EventScriptTest() {
        registry.registerAll(StandardParams.all());
    }

    private EventScript parse(String json) throws IOException {
        return EventScript.parse(new ObjectMapper().readTree(json), registry, "script.json");
    }

    @Test
    void appliesEventsInTimeOrderUpToTheGivenTime() throws IOException {
        EventScript s = parse("[{\"time\": 2, \"param\": \"output.volume\", \"value\": -6},"
                + "{\"time\": 0.5, \"param\": \"prompt.2.text\", \"value\": \"dub techno\"},"
                + "{\"time\": 0.5, \"param\": \"prompt.2.weight\", \"value\": 0.7},"
                + "{\"time\": 1, \"param\": \"transport.reset\"}]");
        assertEquals(4, s.events().size());
        s.applyUntil(0.4, registry);
        assertEquals("", registry.snapshot().value("prompt.2.text"));
        s.applyUntil(1.0, registry);
        assertEquals("dub techno", registry.snapshot().value("prompt.2.text"));
        assertEquals(0.7, ((Number) registry.snapshot().value("prompt.2.weight")).doubleValue(), 1e-9);
        assertEquals(1L, registry.snapshot().triggerCount(registry.require(StandardParams.RESET)));
        assertEquals(0.0, ((Number) registry.snapshot().value("output.volume")).doubleValue());
        s.applyUntil(10, registry);
        assertEquals(-6.0, ((Number) registry.snapshot().value("output.volume")).doubleValue());
    }

    @Test
    void rejectsBadScriptsWithWhereAndWhy() {
        assertMessage("{}", "expected a JSON array");
        assertMessage("[{\"time\": -1, \"param\": \"output.volume\", \"value\": 0}]", "event 0: \"time\" must be");
        assertMessage("[{\"time\": 1, \"param\": \"prompt.9.weight\", \"value\": 0}]", "event 0: no parameter 'prompt.9.weight'");
        assertMessage("[{\"time\": 1, \"param\": \"output.volume\"}]", "\"value\" is missing");
        assertMessage("[{\"time\": 1, \"param\": \"sampling.top_k\", \"value\": 5000}]", "sampling.top_k refuses 5000");
        assertMessage("[{\"time\": 1, \"param\": \"transport.stop\"}]", "no meaning in a render");
    }

    private void assertMessage(String json, String expected) {
        IOException e = assertThrows(IOException.class, () -> parse(json));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(e.getMessage().startsWith("script.json"), e.getMessage());
    }
}
