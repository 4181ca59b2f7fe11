package mrtbox.control.osc;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import mrtbox.control.status.InputStatus;
import mrtbox.control.status.StatusReport;
import org.junit.jupiter.api.Test;

class StatusMessagesInputTest {

    private static Map<String, List<Object>> byAddress(StatusReport r) {
        return StatusMessages.of(r).stream().collect(Collectors.toMap(StatusMessages.Entry::address, StatusMessages.Entry::args));
    }

    @Test
    void theInputsLevelsClipsAndCalibrationAreStreamedWhenTheInputIsOn() {
        InputStatus in = new InputStatus(true, "USB", true, new double[] {-6.5, -12}, new double[] {-20, -24}, 7, 48_000, 0, 0, "",
                "74.7 ms (3 clicks)");
        Map<String, List<Object>> m = byAddress(StatusReport.STARTING.withInput(in));
        assertEquals(List.of(1), m.get("/mrtbox/status/input/open"));
        assertEquals(List.of(-6.5f), m.get("/mrtbox/status/input/peak_db/1"));
        assertEquals(List.of(-24f), m.get("/mrtbox/status/input/rms_db/2"));
        assertEquals(List.of(7), m.get("/mrtbox/status/input/clips"));
        assertEquals(List.of("74.7 ms (3 clicks)"), m.get("/mrtbox/status/input/calibration"));
    }

    @Test
    void withTheInputOffTheStatusStreamIsAsBefore() {
        assertTrue(byAddress(StatusReport.STARTING).keySet().stream().noneMatch(a -> a.contains("/input/")));
        assertSame(InputStatus.OFF, StatusReport.STARTING.input());
    }
}
