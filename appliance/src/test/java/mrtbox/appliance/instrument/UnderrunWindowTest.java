package mrtbox.appliance.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class UnderrunWindowTest {
    private static final long S = 1_000_000_000L;

    @Test
    void countsWhatRoseWithinTheLastMinuteOnly() {
        UnderrunWindow w = new UnderrunWindow(60 * S);
        assertEquals(0, w.recent(0, 5), "the first look has no history: what came before is not counted");
        assertEquals(0, w.recent(10 * S, 5));
        assertEquals(3, w.recent(20 * S, 8));
        assertEquals(81, w.recent(50 * S, 86), "an unpaced device: 81 in 45 s");
        assertEquals(81, w.recent(65 * S, 86), "the rise after 5 s is still within the minute");
        assertEquals(78, w.recent(81 * S, 86), "the rise seen at 20 s left the window");
        assertEquals(0, w.recent(200 * S, 86), "a quiet minute: none");
    }
}
